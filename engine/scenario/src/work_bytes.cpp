#include "work_bytes.hpp"

#include <cstdint>
#include <cstring>
#include <type_traits>
#include <utility>
#include <vector>

#include "reach/core/assert.hpp"

namespace reach::scenario::detail {
namespace {

class ByteWriter {
public:
    template <typename T>
    void value(const T& v) {
        static_assert(std::is_trivially_copyable_v<T>);
        m_bytes.append(reinterpret_cast<const char*>(&v), sizeof v);
    }
    template <typename T>
    void values(const std::vector<T>& v) {
        static_assert(std::is_trivially_copyable_v<T>);
        value(static_cast<std::uint64_t>(v.size()));
        m_bytes.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
    }
    void text(const std::string& s) {
        value(static_cast<std::uint64_t>(s.size()));
        m_bytes += s;
    }
    [[nodiscard]] std::string take() { return std::move(m_bytes); }

private:
    std::string m_bytes;
};

// The bytes come from another process of the same job: a short read is a bug.
class ByteReader {
public:
    explicit ByteReader(const std::string& bytes) : m_bytes(bytes) {}
    template <typename T>
    [[nodiscard]] T value() {
        T v{};
        take(&v, sizeof v);
        return v;
    }
    template <typename T>
    [[nodiscard]] std::vector<T> values() {
        const auto n = value<std::uint64_t>();
        REACH_ASSERT(n <= (m_bytes.size() - m_at) / sizeof(T));
        std::vector<T> v(static_cast<std::size_t>(n));
        take(v.data(), v.size() * sizeof(T));
        return v;
    }
    [[nodiscard]] std::string text() {
        const auto n = value<std::uint64_t>();
        REACH_ASSERT(n <= m_bytes.size() - m_at);
        std::string s(m_bytes, m_at, static_cast<std::size_t>(n));
        m_at += static_cast<std::size_t>(n);
        return s;
    }
    [[nodiscard]] bool done() const { return m_at == m_bytes.size(); }

private:
    void take(void* out, std::size_t n) {
        REACH_ASSERT(n <= m_bytes.size() - m_at);
        if (n > 0) std::memcpy(out, m_bytes.data() + m_at, n);
        m_at += n;
    }
    const std::string& m_bytes;
    std::size_t m_at = 0;
};

}  // namespace

std::string column_bytes(const routing::MatrixColumn& column) {
    ByteWriter out;
    out.values(column.row);
    out.values(column.time_s);
    return out.take();
}

routing::MatrixColumn column_from_bytes(const std::string& bytes) {
    ByteReader in(bytes);
    routing::MatrixColumn column;
    column.row = in.values<std::int32_t>();
    column.time_s = in.values<double>();
    REACH_ASSERT(in.done() && column.row.size() == column.time_s.size());
    return column;
}

std::string surface_bytes(const Surface& surface) {
    ByteWriter out;
    out.text(surface.profile);
    out.text(surface.centre_id);
    out.value(surface.grid.min_x);
    out.value(surface.grid.max_y);
    out.value(surface.grid.pixel_m);
    out.value(surface.grid.width);
    out.value(surface.grid.height);
    out.values(surface.minutes);
    out.value(static_cast<std::uint64_t>(surface.zones.size()));
    for (const auto& zone : surface.zones) {
        out.value(zone.threshold_min);
        out.values(zone.cumulative_wkb);
        out.values(zone.band_wkb);
        out.value(zone.cumulative_area_km2);
        out.value(zone.band_area_km2);
    }
    return out.take();
}

Surface surface_from_bytes(const std::string& bytes) {
    ByteReader in(bytes);
    Surface surface;
    surface.profile = in.text();
    surface.centre_id = in.text();
    surface.grid.min_x = in.value<double>();
    surface.grid.max_y = in.value<double>();
    surface.grid.pixel_m = in.value<double>();
    surface.grid.width = in.value<int>();
    surface.grid.height = in.value<int>();
    surface.minutes = in.values<float>();
    const auto zones = in.value<std::uint64_t>();
    for (std::uint64_t k = 0; k < zones; ++k) {
        auto& zone = surface.zones.emplace_back();
        zone.threshold_min = in.value<double>();
        zone.cumulative_wkb = in.values<unsigned char>();
        zone.band_wkb = in.values<unsigned char>();
        zone.cumulative_area_km2 = in.value<double>();
        zone.band_area_km2 = in.value<double>();
    }
    REACH_ASSERT(in.done());
    return surface;
}

}  // namespace reach::scenario::detail
