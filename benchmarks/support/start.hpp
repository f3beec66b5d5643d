// The benchmarks' starting point: theta_i = 0.8 cos(i + 1), psi_i = 0.6 sin(i + 1), a
// non-collinear point of norm about 0.7 sqrt(n) from which every benchmarked game and rule
// stays bounded over the steps timed.
#pragma once

#include <Eigen/Core>

#include <cmath>

namespace bench {

template <class Vector>
Vector start_point(long n) {
  Vector x(2 * n);
  for (long i = 0; i < n; ++i) {
    x[i] = 0.8 * std::cos(static_cast<double>(i + 1));
    x[n + i] = 0.6 * std::sin(static_cast<double>(i + 1));
  }
  return x;
}

}  // namespace bench
