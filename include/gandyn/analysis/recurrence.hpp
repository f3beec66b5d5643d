// The period of a recorded trajectory that has settled on a periodic orbit, read off its end
// (docs/analysis.md, "Attractors"). Two estimators, one per kind of dynamics:
//
//   map_period   the smallest p in [1, max_period] with ||x_N - x_{N-p}|| <= tol (1 + ||x_N||):
//                the last state recurs after p iterations (a period-p orbit; an invariant
//                circle of a map never recurs exactly and gives none);
//   flow_period  states sampled every dt: the last state x_e and the direction of motion
//                u = x_e - x_{e-1} define a Poincare section {x : u.(x - x_e) = 0} through x_e.
//                Walking back from the end, the first crossing of the section in the same
//                direction (u.(x_k - x_e) < 0 <= u.(x_{k+1} - x_e)) whose crossing point lies
//                within `tol` (1 + ||x_e||) of x_e is the previous return: the period is the
//                time between them, the crossing placed by linear interpolation in k (an
//                error O(dt^2) relative to the true return time; Parker & Chua, Practical
//                Numerical Algorithms for Chaotic Systems, 1989, 4.2). A crossing far from x_e
//                (the other side of the orbit, or a torus that does not close) is passed over.
// `row(k)` is the k-th recorded state (k < count).
#pragma once

#include <Eigen/Core>

#include <cmath>
#include <cstddef>
#include <optional>

namespace gandyn {

template <class Row>
std::optional<long> map_period(std::size_t count, Row&& row, long max_period, double tol) {
  if (count < 2) return std::nullopt;
  const auto last = row(count - 1).eval();  // the row's own vector type: no heap at fixed size
  const double scale = tol * (1 + last.norm());
  for (long p = 1; p <= max_period && static_cast<std::size_t>(p) < count; ++p)
    if ((row(count - 1 - static_cast<std::size_t>(p)) - last).norm() <= scale) return p;
  return std::nullopt;
}

template <class Row>
std::optional<double> flow_period(std::size_t count, Row&& row, double dt, double tol) {
  if (count < 3) return std::nullopt;
  const auto end = row(count - 1).eval();
  const auto u = (end - row(count - 2)).eval();
  if (!(u.norm() > 0)) return std::nullopt;  // at rest: no orbit
  const double scale = tol * (1 + end.norm());
  const auto g = [&](std::size_t k) { return u.dot(row(k) - end); };
  double next = g(count - 2);  // g at k + 1 as k walks back
  for (std::size_t k = count - 2; k-- > 0;) {
    const double here = g(k);
    // crossing between k and k + 1; the step just before the end is the start's own side
    if (here < 0 && next >= 0) {
      const double s = here / (here - next);  // fraction of the way from k to k + 1
      if ((row(k) + s * (row(k + 1) - row(k)) - end).norm() <= scale) return (static_cast<double>(count - 1 - k) - s) * dt;
    }
    next = here;
  }
  return std::nullopt;
}

}  // namespace gandyn
