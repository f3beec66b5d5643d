// The loop over groups of W lanes shared by the lanes kernels (iterate_lanes, basin and
// Lyapunov lanes; docs/batched.md): columns [first, first + count) of a batch of starts, the
// groups in parallel with OpenMP when there are several.
//
// A single group runs inline, outside any parallel region. A region disabled by an `if`
// clause still starts a team of one thread; the sweep calls these kernels once per chunk of
// W starts from its own parallel loop, and for a 500 x 500 map those 31250 teams cost 50 ms
// (docs/program.md, "For this processor").
#pragma once

#include <Eigen/Core>

#include <algorithm>

namespace gandyn::detail {

template <int W, class Body>
void for_each_lane_group(Eigen::Index count, Body&& body) {
  const Eigen::Index groups = (count + W - 1) / W;
  if (groups == 1) {
    body(Eigen::Index{0}, count);
    return;
  }
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic)
#endif
  for (Eigen::Index j = 0; j < groups; ++j) body(j * W, std::min<Eigen::Index>(W, count - j * W));
}

}  // namespace gandyn::detail
