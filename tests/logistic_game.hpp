// A user game whose simgd map with h = 1 is the logistic map x -> r x (1 - x) in each of its
// two coordinates (May 1976, Nature 261, "Simple mathematical models with very complicated
// dynamics"): v(x) = r x (1 - x) - x, so F(x) = x + v(x). Its orbits are known in closed form:
// for 3 < r < 1 + sqrt(6) an attracting period-2 orbit x+- = ((r + 1) +- sqrt((r - 3)(r + 1))) / (2r)
// with multiplier f'(x+) f'(x-) = 4 + 2r - r^2, and at r = 4 a chaotic map with Lyapunov
// exponent log 2 (Ulam & von Neumann 1947; the conjugacy to the tent map).
#pragma once

#include <gandyn/core/state.hpp>

#include <cmath>

namespace test {

struct logistic_game {
  static constexpr int state_size = 2;
  double r = 3.2;
  Eigen::Index generator_dim() const { return 1; }
  Eigen::Index discriminator_dim() const { return 1; }
  template <class S>
  gandyn::state<S, 2> operator()(const gandyn::state<S, 2>& x) const {
    gandyn::state<S, 2> v;
    for (int i = 0; i < 2; ++i) v[i] = S(r) * x[i] * (S(1) - x[i]) - x[i];
    return v;
  }
};

// The period-2 points of the logistic map.
inline std::pair<double, double> logistic_period_two(double r) {
  const double root = std::sqrt((r - 3) * (r + 1));
  return {((r + 1) + root) / (2 * r), ((r + 1) - root) / (2 * r)};
}

}  // namespace test
