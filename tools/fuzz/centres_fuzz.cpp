// libFuzzer: the centres CSV reader (GDAL CSV driver + reach's checks).
#include <cstdint>

#include "fuzz_input.hpp"
#include "reach/core/error.hpp"
#include "reach/io/centres_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto path = reach::fuzz::input_file(data, size, ".csv");
    reach::io::CentreReadOptions options;
    try {
        (void)reach::io::read_centres(path.string(), options);
    } catch (const reach::Error&) {
    }
    return 0;
}
