#pragma once
// The measurements of `reach bench`: what is run, in which order, against which baseline.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "memory.hpp"
#include "reach/core/error.hpp"

namespace reach::cli {

struct BenchArgs {
    std::uint32_t nodes = 100'000;
    std::uint64_t seed = 1;
    std::uint32_t centre_count = 20;
    std::string roads, centres, centres_crs;
    std::string profile = "car";
    std::string profiles_file;
    std::string working_crs = "EPSG:3035";
    std::string snap = "edge";
    std::string export_node_times;
    double matrix_cutoff_s = 1800.0;
    int repeat = 3;
    std::string work_dir;
    std::string json;
    bool quick = false;
};

struct BenchStage {
    std::string name;
    double time_s = std::numeric_limits<double>::quiet_NaN();
    std::string baseline;  // what the baseline is; empty when none
    double baseline_s = std::numeric_limits<double>::quiet_NaN();
    std::size_t peak_rss_bytes = 0;
    // Above 1: reach is faster than its baseline (for the cache: than ingest).
    [[nodiscard]] double ratio() const { return baseline_s / time_s; }
};

struct BenchReport {
    std::string input_label;  // the roads, and "synthetic …" for generated ones
    std::string profile;
    std::string snap;
    std::uint32_t centre_count = 0;
    bench::GraphBytes graph;
    std::vector<BenchStage> stages;
    bool answers_agree = true;
    std::string check;  // what was compared and the largest difference
};

// reach and its baseline gave different answers: a bug, exit code 3.
class BenchDisagreement : public Error {
public:
    using Error::Error;
    [[nodiscard]] ExitCode exit_code() const noexcept override {
        return ExitCode::internal_error;
    }
};

[[nodiscard]] BenchReport run_bench(const BenchArgs& args);

}  // namespace reach::cli
