// Where a verdict changes along one parameter (docs/analysis.md, "Stability boundaries"): the
// verdict (converges / marginal / diverges, analysis/stability_report.hpp, or any other
// equality-comparable answer such as "undefined") at `scan_points` evenly spaced values from
// lo to hi inclusive, then, between every two neighbours that differ, bisection to
// `tolerance` max(1, |p|) of the first change from the lower neighbour's verdict. Every change
// the scan saw is listed; the critical value is the first from lo, with the verdicts on either
// side of it. A change narrower than one scan cell can be missed, as in any scan; a cell that
// holds three verdicts (a marginal band between converges and diverges) reports both changes,
// and the verdict above the first is the middle one.
//
// Near a change through the unit circle the computed verdict turns at the edge of the
// marginal band |rho - 1| <= 1e-8 (analysis/spectrum.hpp), not at rho = 1 itself: the critical
// value is then within 1e-8 / |d rho / dp| of the exact one, whatever the bisection's tolerance.
#pragma once

#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace gandyn {

struct boundary_options {
  long scan_points = 1000;
  double tolerance = 1e-10;  // bisection: bracket width <= tolerance max(1, |p|)
};

template <class Verdict>
struct stability_boundary {
  std::optional<double> critical;  // the first change from lo; nullopt if none was seen
  Verdict below{};                 // the verdict just below it (at lo when there is no change)
  Verdict above{};                 // the verdict just above it (at lo when there is no change)
  std::vector<double> changes;     // every change the scan saw, each bisected, ascending
};

// verdict_of(p) -> an equality-comparable verdict, for p in [lo, hi] (lo < hi).
template <class VerdictOf>
auto find_stability_boundary(const VerdictOf& verdict_of, double lo, double hi, const boundary_options& options = {}) {
  using V = std::decay_t<decltype(verdict_of(lo))>;
  if (!std::isfinite(lo) || !std::isfinite(hi) || !(lo < hi))
    throw std::invalid_argument("find_stability_boundary: need finite lo < hi");
  if (options.scan_points < 2) throw std::invalid_argument("find_stability_boundary: scan_points must be >= 2");
  if (!(options.tolerance > 0)) throw std::invalid_argument("find_stability_boundary: tolerance must be > 0");
  const auto at = [&](long i) {
    return i == options.scan_points - 1
               ? hi
               : lo + (hi - lo) * static_cast<double>(i) / static_cast<double>(options.scan_points - 1);
  };
  stability_boundary<V> out;
  V previous = verdict_of(lo);
  out.below = out.above = previous;
  // Bisection of [a, b] for the first change from `from`; returns the change and the verdict
  // just above it.
  const auto bisect = [&](double a, double b, const V& from, V above) {
    while (b - a > options.tolerance * std::max(1.0, std::abs(a))) {
      const double mid = 0.5 * (a + b);
      V here = verdict_of(mid);
      if (here == from) {
        a = mid;
      } else {
        b = mid;
        above = std::move(here);
      }
    }
    return std::pair<double, V>(0.5 * (a + b), std::move(above));
  };
  for (long i = 1; i < options.scan_points; ++i) {
    const double b0 = at(i);
    V next = verdict_of(b0);
    if (!(next == previous)) {
      auto [change, above] = bisect(at(i - 1), b0, previous, next);
      if (!out.critical) {
        out.critical = change;
        out.below = previous;
        out.above = above;
      }
      out.changes.push_back(change);
      // A third verdict inside the cell (a thin marginal band between converges and diverges):
      // its upper edge too.
      if (!(above == next) && change < b0) out.changes.push_back(bisect(change, b0, above, next).first);
    }
    previous = std::move(next);
  }
  return out;
}

}  // namespace gandyn
