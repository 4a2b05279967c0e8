#pragma once
// Strong 32-bit ids, one type per kind, so a node index cannot be passed where an edge index
// is expected. `invalid()` is the one "no id" value.
#include <compare>
#include <cstdint>
#include <functional>
#include <limits>

namespace reach {

template <typename Tag>
class StrongId {
public:
    using value_type = std::uint32_t;
    constexpr StrongId() = default;
    constexpr explicit StrongId(value_type value) : m_value(value) {}
    [[nodiscard]] constexpr value_type value() const { return m_value; }
    [[nodiscard]] constexpr bool valid() const { return m_value != invalid_value; }
    [[nodiscard]] static constexpr StrongId invalid() { return StrongId(invalid_value); }
    constexpr auto operator<=>(const StrongId&) const = default;

private:
    static constexpr value_type invalid_value = std::numeric_limits<value_type>::max();
    value_type m_value = invalid_value;
};

using NodeId = StrongId<struct NodeIdTag>;
using EdgeId = StrongId<struct EdgeIdTag>;
using CentreId = StrongId<struct CentreIdTag>;

}  // namespace reach

template <typename Tag>
struct std::hash<reach::StrongId<Tag>> {
    std::size_t operator()(reach::StrongId<Tag> id) const noexcept {
        return std::hash<std::uint32_t>{}(id.value());
    }
};
