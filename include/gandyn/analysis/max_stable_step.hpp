// The largest stable step of any update rule (SPEC 4): the largest h in (0, h_max] such that
// every step in (0, h) gives a spectral radius rho(dF_h/dz) < 1 at the analysed point,
// found by a scan then bisection to 1e-10 relative; 0 if no step is stable. (For simgd
// the closed form of analysis/simgd_step_bound.hpp applies.) The scan is geometric from
// h_max * 1e-8 up to h_max, so an instability band narrower than one scan cell (a factor
// of 10^(8/400) = 1.047) can be missed; this is documented, not hidden.
#pragma once

#include "gandyn/analysis/spectrum.hpp"
#include "gandyn/analysis/step_jacobian.hpp"

#include <cmath>
#include <functional>

namespace gandyn {

struct step_search {
  double h_max = 100;
  int scan_points = 400;
  double relative_tolerance = 1e-10;
  // rho < 1 - rounding counts as stable: an exactly marginal map (altgd on gan, rho = 1 in
  // exact arithmetic) is not made stable or unstable by the eigensolver's last bit.
  double rounding = 1e-12;
};

// rho(h) < 1 for all h in (0, result); `radius` maps a step to the spectral radius.
inline double max_stable_step(const std::function<double(double)>& radius, const step_search& search = {}) {
  const double first = search.h_max * 1e-8;
  const double ratio = std::pow(search.h_max / first, 1.0 / (search.scan_points - 1));
  double stable = 0, h = first;
  for (int i = 0; i < search.scan_points; ++i, h *= ratio) {
    h = std::min(h, search.h_max);
    if (!(radius(h) < 1 - search.rounding)) break;
    stable = h;
    if (i == search.scan_points - 1) return search.h_max;
  }
  if (stable == 0) return 0;
  double unstable = h;
  while (unstable - stable > search.relative_tolerance * stable) {
    const double mid = 0.5 * (stable + unstable);
    (radius(mid) < 1 - search.rounding ? stable : unstable) = mid;
  }
  return stable;
}

// The largest stable generator step of `rule` on `g` at the state x (h_D / h_G fixed by
// the rule's discriminator_scale).
template <class Rule, game G, class Derived>
double max_stable_step(const Rule& rule, const G& g, const Eigen::MatrixBase<Derived>& x, const step_search& search = {}) {
  const auto z = analysed_point<Rule>(g, x);
  return max_stable_step([&](double h) { return static_cast<double>(spectral_radius(step_jacobian(rule, g, z, h))); },
                         search);
}

}  // namespace gandyn
