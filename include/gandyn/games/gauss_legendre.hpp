// Gauss-Legendre nodes and weights on [-1, 1], computed once in long double by Newton's
// method on the Legendre polynomial (Golub & Welsch 1969 give the same rule; Abramowitz &
// Stegun 25.4.29). Used by the instance-noise expectations.
#pragma once

#include <array>
#include <cmath>
#include <numbers>

namespace gandyn::detail {

template <int Q>
struct gauss_legendre_rule {
  std::array<long double, Q> node{};
  std::array<long double, Q> weight{};
};

template <int Q>
const gauss_legendre_rule<Q>& gauss_legendre() {
  static const gauss_legendre_rule<Q> rule = [] {
    gauss_legendre_rule<Q> r;
    for (int i = 0; i < Q; ++i) {
      // Chebyshev-like first guess, then Newton on P_Q.
      long double x = std::cos(std::numbers::pi_v<long double> * (i + 0.75L) / (Q + 0.5L));
      long double dp = 0;
      for (int iteration = 0; iteration < 100; ++iteration) {
        long double p0 = 1, p1 = x;
        for (int k = 2; k <= Q; ++k) {
          const long double p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
          p0 = p1;
          p1 = p2;
        }
        dp = Q * (x * p1 - p0) / (x * x - 1);
        const long double step = p1 / dp;
        x -= step;
        if (std::fabs(step) < 1e-20L) break;
      }
      r.node[i] = x;
      r.weight[i] = 2 / ((1 - x * x) * dp * dp);
    }
    return r;
  }();
  return rule;
}

}  // namespace gandyn::detail
