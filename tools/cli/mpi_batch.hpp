#pragma once
// `reach batch` across MPI ranks (REACH_WITH_MPI; tools/bench/README.md, Beyond one machine).
// Started by mpirun or srun, every rank validates every scenario, runs scenario k when
// k % size == its rank (each loading the graphs through its own graph cache), writes its run
// folders into a private temporary folder (no shared file system is assumed) and sends the
// files and batch.csv's figures to rank 0, which writes the one output folder atomically.
//
// Started any other way — or built without MPI — there is one rank and no MPI call at all:
// `reach batch` behaves exactly as before. (OpenMPI would also start a singleton, but that
// forks a daemon for nothing.)
//
// Failures: every phase ends in agree(); when any rank failed, all ranks stop with the exit
// code of the first failure (by scenario order), rank 0 prints its message once (through
// main's usual handler) and the other ranks exit quietly (QuietExit).
#include <cstdint>
#include <exception>
#include <optional>
#include <string>

#include "reach/core/error.hpp"

namespace reach::cli::mpi {

// Thrown on ranks other than 0 when the batch fails: main exits with `code` and prints nothing
// (rank 0 prints the one message).
class QuietExit : public std::exception {
public:
    explicit QuietExit(int code) : m_code(code) {}
    [[nodiscard]] int code() const noexcept { return m_code; }
    [[nodiscard]] const char* what() const noexcept override { return "quiet exit"; }

private:
    int m_code;
};

// MPI_Init (thread level funneled: only the main thread calls MPI) when the process was
// started by a launcher and reach was built with MPI; MPI_Finalize when it dies, or, when it
// dies while an error unwinds, in finish() after main() has printed the error.
class Session {
public:
    Session();
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    [[nodiscard]] int rank() const { return m_rank; }
    [[nodiscard]] int size() const { return m_size; }

private:
    [[maybe_unused]] bool m_initialised = false;  // only read when built with MPI
    int m_rank = 0;
    int m_size = 1;
};

// MPI_Finalize for a Session that died while an error unwound (else nothing); main() calls it
// after printing the error. OpenMPI's MPI_Finalize waits for every rank: finalizing before the
// message is out let another rank exit non-zero first, and the launcher then killed this rank
// before it printed (MpiBatch.ARunFailureOnRankOneIsOneMessageAndWritesNothing, now and then).
void finish();

// One rank's failure in a phase: `order` ranks failures (the scenario index; 0 for a failure
// every rank shares), `error` is what was thrown.
struct Failure {
    std::uint64_t order = 0;
    std::exception_ptr error;
};

// Collective (waiting for the other ranks asleep, not polling a core): returns when no rank
// failed. Otherwise rank 0 rethrows the first failure (lowest
// order, then lowest rank; another rank's as the same kind of error with its message) and the
// other ranks throw QuietExit with its exit code.
void agree(const Session& session, const std::optional<Failure>& failure);

// Point to point, any size (sent in pieces of at most 1 GiB).
void send_to_root(const Session& session, const std::string& bytes);
[[nodiscard]] std::string receive_from(const Session& session, int rank);

// A little binary format for what the ranks send (host byte order: the ranks of one job run
// the same binary on the same kind of machine).
class Writer {
public:
    void u64(std::uint64_t v);
    void f64(double v);
    void str(const std::string& s);
    [[nodiscard]] std::string& bytes() { return m_bytes; }

private:
    std::string m_bytes;
};

class Reader {
public:
    explicit Reader(const std::string& bytes) : m_bytes(bytes) {}
    [[nodiscard]] std::uint64_t u64();
    [[nodiscard]] double f64();
    [[nodiscard]] std::string str();

private:
    void take(void* out, std::size_t n);
    const std::string& m_bytes;
    std::size_t m_at = 0;
};

}  // namespace reach::cli::mpi
