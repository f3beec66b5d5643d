// Hand-written baseline of the exact instance-noise expectations E f'(m + s eta),
// E f''(m + s eta), eta ~ N(0, 1), for the logistic loss: the same algorithm and precision
// as games/instance_noise.hpp (composite 20-point Gauss-Legendre on [-9, 9], panels of
// width 3 refined around eta0 = -m/s; nodes and Gaussian weights in long double), written
// on plain doubles without the library, so that the benchmark compares the same work.
// Nodes by Newton's method on P_20 (Abramowitz & Stegun 25.4.29).
#pragma once

#include "sigmoid.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

namespace hand {

struct slopes {
  double d1;
  double d2;
};

struct legendre20 {
  static constexpr int q = 20;
  std::array<long double, q> node{}, weight{};
  legendre20() {
    for (int i = 0; i < q; ++i) {
      long double x = std::cos(std::numbers::pi_v<long double> * (i + 0.75L) / (q + 0.5L)), dp = 0;
      for (int iteration = 0; iteration < 100; ++iteration) {
        long double p0 = 1, p1 = x;
        for (int k = 2; k <= q; ++k) {
          const long double p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
          p0 = p1;
          p1 = p2;
        }
        dp = q * (x * p1 - p0) / (x * x - 1);
        const long double step = p1 / dp;
        x -= step;
        if (std::fabs(step) < 1e-20L) break;
      }
      node[i] = x;
      weight[i] = 2 / ((1 - x * x) * dp * dp);
    }
  }
};

inline slopes noisy_logistic(double m, double s) {
  static const legendre20 rule;
  std::array<double, 40> edge{};
  int count = 0;
  for (double e = -9; e <= 9 + 1e-12; e += 3) edge[count++] = e;
  const double width = 1 / s, centre = -m / s;
  if (std::isfinite(width) && std::isfinite(centre) && width < 3) {
    for (double k : {0.5, 1.5, 4.0, 10.0, 20.0, 40.0})
      for (double e : {centre - k * width, centre + k * width})
        if (e > -9 && e < 9) edge[count++] = e;
  }
  std::sort(edge.begin(), edge.begin() + count);
  const long double inv_sqrt_2pi = std::numbers::inv_sqrtpi_v<long double> / std::numbers::sqrt2_v<long double>;
  slopes sum{0, 0};
  for (int p = 0; p + 1 < count; ++p) {
    const long double a = edge[p], b = edge[p + 1];
    if (b - a < 1e-14L) continue;
    const long double half = (b - a) / 2, mid = (a + b) / 2;
    for (int i = 0; i < legendre20::q; ++i) {
      const long double eta = mid + half * rule.node[i];
      const double w = static_cast<double>(half * rule.weight[i] * inv_sqrt_2pi * std::exp(-eta * eta / 2));
      const double t = m + s * static_cast<double>(eta);
      const sigmoids at_t = sigmoid_pair(t);  // f'(t) = sigmoid(-t); f''(t) = -f'(t) f'(-t)
      sum.d1 += w * at_t.of_minus_t;
      sum.d2 += w * (-at_t.of_minus_t * at_t.of_t);
    }
  }
  return sum;
}

}  // namespace hand
