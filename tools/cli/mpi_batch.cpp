#include "mpi_batch.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <new>
#include <stdexcept>
#include <thread>
#include <utility>

#ifdef REACH_WITH_MPI
#include <mpi.h>
#endif

#include "reach/core/progress.hpp"

namespace reach::cli::mpi {
namespace {

#ifdef REACH_WITH_MPI
// The exit code and message main() would give for `error`.
std::pair<int, std::string> describe(const std::exception_ptr& error) {
    try {
        std::rethrow_exception(error);
    } catch (const reach::Error& e) {
        return {static_cast<int>(e.exit_code()), e.what()};
    } catch (const std::bad_alloc&) {
        return {static_cast<int>(ExitCode::internal_error), "out of memory"};
    } catch (const std::exception& e) {
        return {static_cast<int>(ExitCode::internal_error), e.what()};
    } catch (...) {
        return {static_cast<int>(ExitCode::internal_error), "unknown exception"};
    }
}

// mpirun (OpenMPI), srun (PMIx or PMI-2) and MPICH's hydra set one of these in every rank.
bool started_by_launcher() {
    for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"}) {
        if (std::getenv(name) != nullptr) return true;
    }
    return false;
}

// Returns when every rank has called it, sleeping meanwhile: OpenMPI's blocking calls poll at
// 100 % of a core, so a rank waiting for rank 0 (writing the run folder, gathering) would take
// a core from the ranks still working on a machine that runs several.
void wait_for_all() {
    MPI_Request request = MPI_REQUEST_NULL;
    MPI_Ibarrier(MPI_COMM_WORLD, &request);
    int done = 0;
    MPI_Test(&request, &done, MPI_STATUS_IGNORE);
    while (done == 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        MPI_Test(&request, &done, MPI_STATUS_IGNORE);
    }
}

constexpr std::size_t piece = std::size_t{1} << 30;

void send_bytes(const char* data, std::size_t size, int to) {
    auto length = static_cast<std::uint64_t>(size);
    MPI_Send(&length, 1, MPI_UINT64_T, to, 0, MPI_COMM_WORLD);
    for (std::size_t at = 0; at < size; at += piece) {
        const auto n = static_cast<int>(std::min(piece, size - at));
        MPI_Send(data + at, n, MPI_CHAR, to, 1, MPI_COMM_WORLD);
    }
}

std::string receive_bytes(int from) {
    std::uint64_t length = 0;
    MPI_Recv(&length, 1, MPI_UINT64_T, from, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    std::string bytes(static_cast<std::size_t>(length), '\0');
    for (std::size_t at = 0; at < bytes.size(); at += piece) {
        const auto n = static_cast<int>(std::min(piece, bytes.size() - at));
        MPI_Recv(bytes.data() + at, n, MPI_CHAR, from, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    }
    return bytes;
}
#endif

}  // namespace

Session::Session() {
#ifdef REACH_WITH_MPI
    if (!started_by_launcher()) return;
    int provided = 0;
    if (MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
        throw std::runtime_error("MPI_Init failed");
    }
    m_initialised = true;
    MPI_Comm_rank(MPI_COMM_WORLD, &m_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &m_size);
    if (m_rank != 0) set_quiet(true);  // progress and information lines from rank 0 only
#endif
}

#ifdef REACH_WITH_MPI
namespace {
// A Session died while an error unwound: finish() finalizes (main thread only).
bool finalize_pending = false;  // NOLINT(cppcoreguidelines-avoid-non-const-global-variables)
}  // namespace
#endif

Session::~Session() {
#ifdef REACH_WITH_MPI
    if (!m_initialised) return;
    if (std::uncaught_exceptions() > 0) {
        finalize_pending = true;
        return;
    }
    MPI_Finalize();
#endif
}

void finish() {
#ifdef REACH_WITH_MPI
    if (finalize_pending) {
        finalize_pending = false;
        MPI_Finalize();
    }
#endif
}

void agree(const Session& session, const std::optional<Failure>& failure) {
    if (session.size() == 1) {
        if (failure) std::rethrow_exception(failure->error);
        return;
    }
#ifdef REACH_WITH_MPI
    wait_for_all();
    int failed = failure ? 1 : 0;
    int any = 0;
    MPI_Allreduce(&failed, &any, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (any == 0) return;
    // Rank 0 collects every rank's failure (or none) and picks the first.
    Writer mine;
    mine.u64(failed);
    if (failure) {
        const auto [code, message] = describe(failure->error);
        mine.u64(failure->order);
        mine.u64(static_cast<std::uint64_t>(code));
        mine.str(message);
    }
    int code = 0;
    if (session.rank() == 0) {
        struct Seen {
            std::uint64_t order;
            int rank;
            int code;
            std::string message;
        };
        std::optional<Seen> first;
        if (failure) {
            const auto [c, message] = describe(failure->error);
            first = Seen{failure->order, 0, c, message};
        }
        for (int r = 1; r < session.size(); ++r) {
            const auto bytes = receive_from(session, r);
            Reader in(bytes);
            if (in.u64() == 0) continue;
            Seen seen{};
            seen.order = in.u64();
            seen.rank = r;
            seen.code = static_cast<int>(in.u64());
            seen.message = in.str();
            if (!first || seen.order < first->order) first = std::move(seen);
        }
        code = first->code;
        MPI_Bcast(&code, 1, MPI_INT, 0, MPI_COMM_WORLD);
        if (first->rank == 0) std::rethrow_exception(failure->error);
        switch (static_cast<ExitCode>(first->code)) {
            case ExitCode::usage_error:
                throw UsageError(first->message);
            case ExitCode::input_error:
                throw InputError(first->message);
            default:
                throw std::runtime_error(first->message);
        }
    }
    send_to_root(session, mine.bytes());
    MPI_Bcast(&code, 1, MPI_INT, 0, MPI_COMM_WORLD);
    throw QuietExit(code);
#endif
}

void send_to_root(const Session& session, const std::string& bytes) {
#ifdef REACH_WITH_MPI
    if (session.rank() != 0) send_bytes(bytes.data(), bytes.size(), 0);
#else
    (void)session;
    (void)bytes;
#endif
}

std::string receive_from(const Session& session, int rank) {
#ifdef REACH_WITH_MPI
    if (session.rank() == 0 && rank != 0) return receive_bytes(rank);
#else
    (void)session;
    (void)rank;
#endif
    return {};
}

void Writer::u64(std::uint64_t v) { m_bytes.append(reinterpret_cast<const char*>(&v), sizeof v); }

void Writer::f64(double v) { m_bytes.append(reinterpret_cast<const char*>(&v), sizeof v); }

void Writer::str(const std::string& s) {
    u64(s.size());
    m_bytes += s;
}

void Reader::take(void* out, std::size_t n) {
    if (n > m_bytes.size() - m_at) {
        throw std::runtime_error("MPI message shorter than its contents say");
    }
    std::memcpy(out, m_bytes.data() + m_at, n);
    m_at += n;
}

std::uint64_t Reader::u64() {
    std::uint64_t v = 0;
    take(&v, sizeof v);
    return v;
}

double Reader::f64() {
    double v = 0.0;
    take(&v, sizeof v);
    return v;
}

std::string Reader::str() {
    const auto n = u64();
    if (n > m_bytes.size() - m_at) {
        throw std::runtime_error("MPI message shorter than its contents say");
    }
    std::string s(m_bytes, m_at, static_cast<std::size_t>(n));
    m_at += static_cast<std::size_t>(n);
    return s;
}

}  // namespace reach::cli::mpi
