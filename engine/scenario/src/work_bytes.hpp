#pragma once
// The pieces of work that RunOptions::share_work splits across processes, as bytes and back:
// a column of the travel-time matrix, a centre's own surface (catchments.per_centre; without
// its `covered`, which every process computes from the matrix). Host byte order: the
// processes of one job run the same binary. The round trip is exact (doubles and floats by
// their bits). Private to engine/scenario.
#include <string>

#include "reach/routing/time_matrix.hpp"
#include "reach/scenario/run.hpp"

namespace reach::scenario::detail {

[[nodiscard]] std::string column_bytes(const routing::MatrixColumn& column);
[[nodiscard]] routing::MatrixColumn column_from_bytes(const std::string& bytes);

[[nodiscard]] std::string surface_bytes(const Surface& surface);
[[nodiscard]] Surface surface_from_bytes(const std::string& bytes);

}  // namespace reach::scenario::detail
