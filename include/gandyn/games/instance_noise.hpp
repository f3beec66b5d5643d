// Exact expectations for instance noise (docs/games.md, "Instance noise, exactly";
// gan-training-convergence-analysis.fa.txt, Lemma 4; Arjovsky & Bottou 2017;
// Sønderby et al. 2017).
//
// With noise sigma eps added to a sample, psi . (x + sigma eps) = m + s eta with
// m = psi . x, s = sigma ||psi||, eta ~ N(0, 1), and Stein's lemma turns
// E[eps g(psi . (x + sigma eps))] into sigma psi E[g'(m + s eta)]. So every term of the
// noisy field needs only E[f'(m + s eta)] and E[f''(m + s eta)].
//
// These are computed by composite Gauss-Legendre quadrature in eta over [-9, 9] (the
// Gaussian mass outside is 2e-19) on panels that adapt to (m, s): a fixed grid for the
// Gaussian, refined geometrically around eta0 = -m/s, where f'(m + s eta) turns over
// on the scale 1/s (a single Gauss-Hermite rule would miss this once s > 1.5). The panel
// layout is computed from plain values and the integrand on scalar S, so automatic
// differentiation passes through the quadrature. No heap allocation.
#pragma once

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
// sum_i w_i g(m + s eta_i) over the adapted panels: the quadrature of E[g(m + s eta)] for every
// integrand g at once (`add(w, t)` accumulates w g(t) for the node t = m + s eta_i).
template <class S, class Add>
void noise_quadrature(const S& m, const S& s, Add&& add) {
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
}  // namespace detail

// E[f'(m + s eta)], E[f''(m + s eta)] for a loss with static slopes(t) = {f'(t), f''(t)}
// (games/losses.hpp).
template <class Loss, class S>
noisy_slopes<S> noisy_expectation(const S& m, const S& s) {
  noisy_slopes<S> sum{S(0), S(0)};
  detail::noise_quadrature(m, s, [&](const S& w, const S& t) {
    const auto [d1, d2] = Loss::slopes(t);
    sum.d1 += w * d1;
    sum.d2 += w * d2;
  });
  return sum;
}

// E[f(m + s eta)], the noisy loss term itself (docs/games.md, "Losses"), by the same panels
// and nodes as the slopes: its derivative in m is the quadrature noisy_expectation computes.
template <class Loss, class S>
S noisy_value(const S& m, const S& s) {
  S sum(0);
  detail::noise_quadrature(m, s, [&](const S& w, const S& t) { sum += w * Loss::f(t); });
  return sum;
}

}  // namespace gandyn
