#include "mpi_run.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#ifdef REACH_WITH_MPI
#include <mpi.h>
#endif

#include "reach/core/error.hpp"
#include "reach/core/progress.hpp"

namespace reach::cli::mpi {
namespace {

#ifdef REACH_WITH_MPI
constexpr std::size_t piece_bytes = std::size_t{1} << 30;

// Rank 0's bytes on every rank (in pieces of at most 1 GiB).
void broadcast(std::string& bytes) {
    auto length = static_cast<std::uint64_t>(bytes.size());
    MPI_Bcast(&length, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
    bytes.resize(static_cast<std::size_t>(length));
    for (std::size_t at = 0; at < bytes.size(); at += piece_bytes) {
        const auto n = static_cast<int>(std::min(piece_bytes, bytes.size() - at));
        MPI_Bcast(bytes.data() + at, n, MPI_CHAR, 0, MPI_COMM_WORLD);
    }
}

// agree() inside a phase: rank 0's rethrown failure travels as Agreed to phase().
void agree_inside(const Session& session, const std::optional<Failure>& failure) {
    try {
        agree(session, failure);
    } catch (const QuietExit&) {
        throw;
    } catch (...) {
        throw Agreed(std::current_exception());
    }
}

std::vector<std::string> share(const Session& session, const scenario::WorkPieces& work,
                               std::FILE* log) {
    // A rank that failed since the last collective (reading, snapping, the nearest-centre
    // search) is waiting in agree(): meet it there first.
    agree_inside(session, std::nullopt);
    const int rank = session.rank();
    const int size = session.size();
    std::optional<Failure> failure;
    // The same work on every rank: rank 0's count and fingerprint.
    std::uint64_t head[2] = {work.count, work.fingerprint};
    MPI_Bcast(head, 2, MPI_UINT64_T, 0, MPI_COMM_WORLD);
    if (head[0] != work.count || head[1] != work.fingerprint) {
        const auto what = head[0] != work.count
                              ? fmt::format("{} centres, rank 0 {}", work.count, head[0])
                              : std::string("other centre seeds, cell exits or grid");
        failure = Failure{0, std::make_exception_ptr(InputError(fmt::format(
                                 "{}: rank {} of {} has other inputs than rank 0 ({}) (expected "
                                 "every rank to run the same scenario on the same files)",
                                 work.what, rank, size, what)))};
    }
    std::vector<std::uint32_t> mine;
    for (auto c = static_cast<std::uint32_t>(rank); c < work.count;
         c += static_cast<std::uint32_t>(size)) {
        mine.push_back(c);
    }
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::string> computed;
    if (!failure) {
        try {
            computed = work.compute(mine);
        } catch (...) {
            failure = Failure{1, std::current_exception()};
        }
    }
    const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start);
    const auto line = fmt::format("rank {} of {}: {}: {} of {} centre searches in {:.2f} s",
                                  rank, size, work.what, mine.size(), work.count,
                                  seconds.count());
    if (rank == 0) {
        debug(line);
    } else if (log != nullptr && !failure) {
        std::fprintf(log, "%s\n", line.c_str());
        std::fflush(log);
    }
    agree_inside(session, failure);

    // Rank 0 gathers every piece in piece order and (unless only it needs them) sends them all
    // back.
    const auto gather_start = std::chrono::steady_clock::now();
    std::string everything;
    if (rank != 0) {
        Writer out;
        for (const auto& bytes : computed) out.str(bytes);
        send_to_root(session, out.bytes());
    } else {
        std::vector<std::string> all(work.count);
        for (std::size_t k = 0; k < mine.size(); ++k) all[mine[k]] = std::move(computed[k]);
        for (int r = 1; r < size; ++r) {
            const auto bytes = receive_from(session, r);
            Reader in(bytes);
            for (auto c = static_cast<std::uint32_t>(r); c < work.count;
                 c += static_cast<std::uint32_t>(size)) {
                all[c] = in.str();
            }
        }
        if (work.writer_only) {
            debug(fmt::format("{}: gathered from {} ranks: {:.2f} s", work.what, size,
                              std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                                            gather_start)
                                  .count()));
            return all;
        }
        Writer out;
        for (const auto& bytes : all) out.str(bytes);
        everything = std::move(out.bytes());
    }
    if (work.writer_only) return std::vector<std::string>(work.count);
    broadcast(everything);
    Reader in(everything);
    std::vector<std::string> all;
    all.reserve(work.count);
    for (std::uint32_t c = 0; c < work.count; ++c) all.push_back(in.str());
    debug(fmt::format("{}: gathered from {} ranks and sent to all: {:.2f} s ({} bytes)",
                      work.what, size,
                      std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                                    gather_start)
                          .count(),
                      everything.size()));
    return all;
}
#endif

}  // namespace

ScenarioRanks::ScenarioRanks(const Session& session, bool verbose)
    : m_session(session), m_verbose(verbose) {
    if (m_session.rank() == 0) return;
    // Every rank runs the same scenario: its warnings are rank 0's, printed there.
    std::fflush(stderr);
    m_saved_stderr = ::dup(STDERR_FILENO);
    const int null = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (m_saved_stderr < 0 || null < 0) {
        if (null >= 0) ::close(null);
        return;  // stderr stays as it is
    }
    ::dup2(null, STDERR_FILENO);
    ::close(null);
    if (m_verbose) m_log = ::fdopen(::dup(m_saved_stderr), "w");
}

ScenarioRanks::~ScenarioRanks() {
    if (m_log != nullptr) std::fclose(m_log);
    if (m_saved_stderr >= 0) {
        std::fflush(stderr);
        ::dup2(m_saved_stderr, STDERR_FILENO);
        ::close(m_saved_stderr);
    }
}

scenario::ShareWork ScenarioRanks::share_work() const {
    if (m_session.size() == 1) return {};
#ifdef REACH_WITH_MPI
    return [session = &m_session, log = m_log](const scenario::WorkPieces& work) {
        return share(*session, work, log);
    };
#else
    return {};
#endif
}

ScenarioStart start_scenario(const Session& session, const ScenarioRanks& ranks,
                             const std::string& scenario_file, const RunFlags& flags,
                             GraphMemo& graphs) {
    ScenarioStart start;
    phase(session, [&] {
        start.scenario = load_scenario_file(scenario_file);
        start.options = run_options(flags, graphs);
        start.options.share_work = ranks.share_work();
        start.options.encode_rasters = ranks.writes();  // the other ranks write no folder
        start.dir = scenario::output_dir(*start.scenario, start.options);
        if (ranks.writes()) refuse_existing(start.dir, flags.overwrite);
    });
    return start;
}

}  // namespace reach::cli::mpi
