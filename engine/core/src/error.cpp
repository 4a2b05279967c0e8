#include "reach/core/error.hpp"

namespace reach {

std::string where_what(const std::string& where, const std::string& what) {
    if (where.empty()) {
        return what;
    }
    return where + ": " + what;
}

}  // namespace reach
