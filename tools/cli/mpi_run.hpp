#pragma once
// `reach run` and `reach optimize` across MPI ranks (REACH_WITH_MPI; tools/bench/README.md,
// Beyond one machine). Every rank reads and runs the whole scenario (loading the graphs
// through its own graph cache) except the per-centre work (scenario::ShareWork): the searches
// of the travel-time matrices (also optimize's candidate sites) and, with
// catchments.per_centre, each centre's own surface and isochrones. Rank r computes the centres
// c with c % N == r; rank 0 gathers them in centre order and sends the whole matrix back to
// every rank, so every rank goes on with exactly the matrix of one process (the surfaces only
// rank 0 needs: they feed nothing but the files). Only rank 0 writes the run folder and
// prints; the others keep stderr for nothing but their --verbose share lines (their warnings
// are rank 0's), so the run folder and stdout are those of one process.
//
// Failures: the command runs in phases that end in agree() (inputs, the run, the writing),
// and share_work() begins with agree() too, so a rank that fails anywhere meets the others at
// their next collective: all ranks stop with the exit code of the failure, rank 0 prints its
// message once, and nothing is written. The ranks also check that they split the same work
// (count and a hash of the seeds and cell exits): a rank whose inputs differ is an error.
//
// With one rank (not started by a launcher, or built without MPI) nothing here calls MPI and
// the command runs exactly as before.
#include <cstdio>
#include <exception>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>

#include "mpi_batch.hpp"
#include "run_support.hpp"
#include "reach/scenario/run.hpp"

namespace reach::cli::mpi {

// A failure every rank already agreed on (thrown by share_work() after agree() on rank 0):
// phase() rethrows the error inside without agreeing again.
class Agreed : public std::exception {
public:
    // Assigned, not initialised: bugprone-throw-keyword-missing takes an exception_ptr built in
    // the initialiser list for an exception left unthrown.
    explicit Agreed(std::exception_ptr error) { m_error = std::move(error); }
    [[nodiscard]] const std::exception_ptr& error() const { return m_error; }
    [[nodiscard]] const char* what() const noexcept override { return "agreed failure"; }

private:
    std::exception_ptr m_error;
};

// Runs `step` on this rank, then agree(): returns when no rank failed in it (with one rank:
// runs `step`, its exceptions unchanged).
template <typename Step>
void phase(const Session& session, Step&& step) {
    std::optional<Failure> failure;
    try {
        step();
    } catch (const QuietExit&) {
        throw;
    } catch (const Agreed& agreed) {
        std::rethrow_exception(agreed.error());
    } catch (...) {
        failure = Failure{0, std::current_exception()};
    }
    agree(session, failure);
}

// For the life of one command: on ranks other than 0, stderr goes to /dev/null (restored at
// the end), the original kept for the --verbose lines of share_work().
class ScenarioRanks {
public:
    ScenarioRanks(const Session& session, bool verbose);
    ~ScenarioRanks();
    ScenarioRanks(const ScenarioRanks&) = delete;
    ScenarioRanks& operator=(const ScenarioRanks&) = delete;

    // Null with one rank. With --verbose every rank logs how many pieces it computed
    // ("rank 1 of 2: car: travel-time matrix within 60 min: 3 of 6 centre searches in 0.02 s").
    [[nodiscard]] scenario::ShareWork share_work() const;
    // Only rank 0 writes the output folder and prints the results.
    [[nodiscard]] bool writes() const { return m_session.rank() == 0; }

private:
    const Session& m_session;
    bool m_verbose;
    int m_saved_stderr = -1;  // ranks other than 0: the original stderr
    std::FILE* m_log = nullptr;
};

// What `reach run` and `reach optimize` start from, made in one phase: the scenario file read
// and validated, run options whose per-centre searches are shared across the ranks (graphs
// through `graphs`, which must outlive the run), and the output folder, refused by the
// writing rank when it exists and --overwrite is not given (before any heavy work).
struct ScenarioStart {
    std::optional<scenario::Scenario> scenario;
    scenario::RunOptions options;
    std::filesystem::path dir;
};
[[nodiscard]] ScenarioStart start_scenario(const Session& session, const ScenarioRanks& ranks,
                                           const std::string& scenario_file,
                                           const RunFlags& flags, GraphMemo& graphs);

}  // namespace reach::cli::mpi
