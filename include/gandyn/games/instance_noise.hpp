// Exact expectations for instance noise (docs/games.md, "Instance noise, exactly";
// gan-training-convergence-analysis.fa.txt, Lemma 4; Arjovsky & Bottou 2017;
// Sønderby et al. 2017).
//
// With noise sigma eps added to a sample, psi . (x + sigma eps) = m + s eta with
// m = psi . x, s = sigma ||psi||, eta ~ N(0, 1), and Stein's lemma turns
// E[eps g(psi . (x + sigma eps))] into sigma psi E[g'(m + s eta)]. So every term of the
// noisy field needs only E[f'(m + s eta)] and E[f''(m + s eta)].
//
// Two rules (docs/games.md, "Instance noise, exactly"; docs/batched.md):
// * s <= 1.5: Gauss-Hermite with 80 nodes (Golub & Welsch 1969; Abramowitz & Stegun 25.4.46).
//   f'(m + s eta) of the logistic loss is analytic in the strip |Im eta| < pi/s (its poles
//   are at m + s eta = +-i pi), so the rule converges geometrically, the slower the larger s.
//   Against the composite rule below, over m in [-40, 40] and s in [0, 1.5], the largest
//   difference of E f' or E f'' is 6e-13 with 64 nodes, 1.3e-14 with 80, 2.4e-15 with 96
//   (tests/instance_noise.cpp checks 80 to 1e-13). Every lane of a batch of trajectories
//   runs the same nodes: this path vectorises, and it is 2-3x fewer exponentials than the
//   composite rule for one trajectory too.
// * s > 1.5: composite Gauss-Legendre quadrature in eta over [-9, 9] (the Gaussian mass
//   outside is 2e-19) on panels that adapt to (m, s): a fixed grid for the Gaussian, refined
//   geometrically around eta0 = -m/s, where f'(m + s eta) turns over on the scale 1/s (a
//   single Gauss-Hermite rule would miss this once s > 1.5). The panel layout is computed
//   from plain values and the integrand on scalar S, so automatic differentiation passes
//   through the quadrature. A batch takes this rule lane by lane, for its lanes with s > 1.5.
// No heap allocation.
#pragma once

#include "gandyn/core/batch.hpp"
#include "gandyn/core/dual.hpp"
#include "gandyn/games/gauss_legendre.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

namespace gandyn {

// E[f'(m + s eta)] and E[f''(m + s eta)], eta ~ N(0, 1).
template <class S>
struct noisy_slopes {
  S d1;
  S d2;
};

namespace detail {

inline constexpr double noise_half_width = 9.0;  // eta in [-9, 9]
inline constexpr int noise_nodes_per_panel = 20;

// Panel edges: a grid of width 3 on [-9, 9], plus, when the turn is narrower than a grid
// panel (s > 1/3), eta0 +- {0.5, 1.5, 4, 10, 20, 40}/s.
struct noise_panels {
  std::array<double, 40> edge{};
  int count = 0;
};

inline noise_panels layout_noise_panels(double m, double s) {
  noise_panels p;
  const double half = noise_half_width;
  for (double e = -half; e <= half + 1e-12; e += 3.0) p.edge[p.count++] = e;
  const double width = 1.0 / s;
  const double centre = -m / s;
  if (std::isfinite(width) && std::isfinite(centre) && width < 3.0) {
    for (double k : {0.5, 1.5, 4.0, 10.0, 20.0, 40.0}) {
      for (double e : {centre - k * width, centre + k * width})
        if (e > -half && e < half) p.edge[p.count++] = e;
    }
  }
  std::sort(p.edge.begin(), p.edge.begin() + p.count);
  return p;
}

}  // namespace detail

namespace detail {
inline constexpr int hermite_nodes = 80;
inline constexpr double hermite_largest_scale = 1.5;  // s up to which the Gauss-Hermite rule is used

// Nodes and weights of E g(eta) ~ sum_i w_i g(eta_i), eta ~ N(0, 1): the physicists' rule for
// the weight e^(-x^2) (Newton on the orthonormal Hermite recurrence from the usual asymptotic
// first guesses; Press et al., Numerical Recipes, section 4.5), computed once in long double,
// then eta = sqrt(2) x and w / sqrt(pi).
template <int Q>
struct gauss_hermite_rule {
  std::array<double, Q> node{};
  std::array<double, Q> weight{};
};

template <int Q>
const gauss_hermite_rule<Q>& gauss_hermite() {
  static const gauss_hermite_rule<Q> rule = [] {
    std::array<long double, Q> x{}, w{};
    const long double pi_m4 = 1 / std::sqrt(std::sqrt(std::numbers::pi_v<long double>));
    long double z = 0;
    for (int i = 1; i <= (Q + 1) / 2; ++i) {
      if (i == 1) {
        z = std::sqrt(2.0L * Q + 1) - 1.85575L * std::pow(2.0L * Q + 1, -0.16667L);
      } else if (i == 2) {
        z -= 1.14L * std::pow(static_cast<long double>(Q), 0.426L) / z;
      } else if (i == 3) {
        z = 1.86L * z - 0.86L * x[0];
      } else if (i == 4) {
        z = 1.91L * z - 0.91L * x[1];
      } else {
        z = 2 * z - x[i - 3];
      }
      long double pp = 1;
      for (int iteration = 0; iteration < 100; ++iteration) {
        long double p1 = pi_m4, p2 = 0;
        for (int j = 1; j <= Q; ++j) {
          const long double p3 = p2;
          p2 = p1;
          p1 = z * std::sqrt(2.0L / j) * p2 - std::sqrt(static_cast<long double>(j - 1) / j) * p3;
        }
        pp = std::sqrt(2.0L * Q) * p2;
        const long double step = p1 / pp;
        z -= step;
        if (std::fabs(step) <= 1e-19L * std::max(1.0L, std::fabs(z))) break;
      }
      x[i - 1] = z;
      x[Q - i] = -z;
      w[i - 1] = w[Q - i] = 2 / (pp * pp);
    }
    gauss_hermite_rule<Q> r;
    for (int i = 0; i < Q; ++i) {
      r.node[i] = static_cast<double>(std::numbers::sqrt2_v<long double> * x[i]);
      r.weight[i] = static_cast<double>(w[i] / std::sqrt(std::numbers::pi_v<long double>));
    }
    return r;
  }();
  return rule;
}

// sum_i w_i g(m + s eta_i) by the Gauss-Hermite rule: `add(w, t)` accumulates w g(t) for the
// node t = m + s eta_i (any scalar: double, dual numbers, batches).
template <class S, class Add>
void hermite_quadrature(const S& m, const S& s, Add&& add) {
  const auto& rule = gauss_hermite<hermite_nodes>();
  for (int i = 0; i < hermite_nodes; ++i) add(S(rule.weight[i]), S(m + s * S(rule.node[i])));
}

// The same by the composite Gauss-Legendre rule over the adapted panels (any s; the one used
// beyond hermite_largest_scale).
template <class S, class Add>
void legendre_quadrature(const S& m, const S& s, Add&& add) {
  const auto& rule = gauss_legendre<noise_nodes_per_panel>();
  const noise_panels panels = layout_noise_panels(static_cast<double>(primal(m)), static_cast<double>(primal(s)));
  const long double inv_sqrt_2pi = std::numbers::inv_sqrtpi_v<long double> / std::numbers::sqrt2_v<long double>;
  for (int p = 0; p + 1 < panels.count; ++p) {
    const long double a = panels.edge[p], b = panels.edge[p + 1];
    if (b - a < 1e-14L) continue;
    const long double half = (b - a) / 2, mid = (a + b) / 2;
    for (int i = 0; i < noise_nodes_per_panel; ++i) {
      const long double eta = mid + half * rule.node[i];
      const long double w = half * rule.weight[i] * inv_sqrt_2pi * std::exp(-eta * eta / 2);
      add(S(w), S(m + s * S(eta)));
    }
  }
}

// E[f'(m + s eta)], E[f''(m + s eta)] by one rule (tests compare the two).
template <class Loss, class S, class Rule>
noisy_slopes<S> slopes_by(const S& m, const S& s, Rule&& rule) {
  noisy_slopes<S> sum{S(0), S(0)};
  rule(m, s, [&](const S& w, const S& t) {
    const auto [d1, d2] = Loss::slopes(t);
    sum.d1 += w * d1;
    sum.d2 += w * d2;
  });
  return sum;
}
template <class Loss, class S>
noisy_slopes<S> hermite_expectation(const S& m, const S& s) {
  return slopes_by<Loss>(m, s, [](const S& a, const S& b, auto&& add) { hermite_quadrature(a, b, add); });
}
template <class Loss, class S>
noisy_slopes<S> legendre_expectation(const S& m, const S& s) {
  return slopes_by<Loss>(m, s, [](const S& a, const S& b, auto&& add) { legendre_quadrature(a, b, add); });
}

// The quadrature of E[g(m + s eta)] for every integrand g at once: Gauss-Hermite while
// s <= hermite_largest_scale, the adapted Gauss-Legendre panels beyond (plain numbers and duals).
template <class S, class Add>
void noise_quadrature(const S& m, const S& s, Add&& add) {
  if (primal(s) <= hermite_largest_scale) {
    hermite_quadrature(m, s, add);
  } else {
    legendre_quadrature(m, s, add);
  }
}
}  // namespace detail

// E[f'(m + s eta)], E[f''(m + s eta)] for a loss with static slopes(t) = {f'(t), f''(t)}
// (games/losses.hpp). For a batch, or dual numbers over batches, each lane takes the rule its
// own s selects: the Gauss-Hermite rule in every lane, then the lanes whose s is beyond
// hermite_largest_scale replaced by that lane's single-trajectory expectation (value and
// tangents), so a lane's numbers do not depend on the other lanes.
template <class Loss, class S>
noisy_slopes<S> noisy_expectation(const S& m, const S& s) {
  noisy_slopes<S> sum{S(0), S(0)};
  const auto accumulate = [&](const S& w, const S& t) {
    const auto [d1, d2] = Loss::slopes(t);
    sum.d1 += w * d1;
    sum.d2 += w * d2;
  };
  if constexpr (lanes_of_v<S> > 0) {
    const auto scale = primal(s);
    const auto hermite = scale <= decltype(scale)(detail::hermite_largest_scale);
    detail::hermite_quadrature(m, s, accumulate);
    if (all(hermite)) return sum;
    for (int lane = 0; lane < lanes_of_v<S>; ++lane) {
      if (hermite[lane]) continue;
      const auto one = noisy_expectation<Loss>(lane_of(m, lane), lane_of(s, lane));
      set_lane(sum.d1, lane, one.d1);
      set_lane(sum.d2, lane, one.d2);
    }
  } else {
    detail::noise_quadrature(m, s, accumulate);
  }
  return sum;
}

// E[f(m + s eta)], the noisy loss term itself (docs/games.md, "Losses"), by the same rule and
// nodes as the slopes: its derivative in m is the quadrature noisy_expectation computes.
template <class Loss, class S>
S noisy_value(const S& m, const S& s) {
  S sum(0);
  detail::noise_quadrature(m, s, [&](const S& w, const S& t) { sum += w * Loss::f(t); });
  return sum;
}

}  // namespace gandyn
