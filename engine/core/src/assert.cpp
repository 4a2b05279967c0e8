#include "reach/core/assert.hpp"

#include <cstdio>
#include <cstdlib>

namespace reach::detail {

void assertion_failed(const char* condition, const char* file, int line) {
    std::fprintf(stderr, "reach: internal error: assertion failed: %s (%s:%d)\n", condition, file,
                 line);
    std::abort();
}

}  // namespace reach::detail
