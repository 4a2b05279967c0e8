// libFuzzer: the scenario parser (YAML → validated Scenario), with the shipped profiles.
#include <cstdint>

#include "fuzz_input.hpp"
#include "reach/core/error.hpp"
#include "reach/scenario/scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto path = reach::fuzz::input_file(data, size, ".yaml");
    reach::scenario::LoadOptions options;
    options.default_profiles_file = REACH_SOURCE_DIR "/data/profiles.yaml";
    try {
        const auto scenario = reach::scenario::load_scenario(path, options);
        (void)reach::scenario::to_yaml(scenario);
    } catch (const reach::Error&) {
    }
    return 0;
}
