// The largest stable step of simultaneous gradient descent x_{k+1} = x_k + h v(x_k) at a
// root of v (SPEC 4, `max_stable_h` for simgd; Mescheder, Nowozin & Geiger 2017,
// "The Numerics of GANs", Lemma 4; gan-training-convergence-analysis.fa.txt, Proposition 1).
//
// The map's Jacobian is I + h v' (gan-training-convergence-analysis.fa.txt, F' = I + h v'),
// so an eigenvalue lambda = -a + i b of v' becomes 1 + h lambda, and
//   |1 + h lambda|^2 = 1 - 2 h a + h^2 (a^2 + b^2) < 1   <=>   0 < h < 2 a / (a^2 + b^2)
// when a > 0; when a <= 0 no h > 0 gives modulus < 1. Hence, exactly as SPEC 4 states:
//   simgd_max_stable_h = min_i 2 a_i / (a_i^2 + b_i^2)   if every a_i > 0,   else 0.
// Every step in the open interval (0, bound) gives a spectral radius < 1; the bound itself
// puts an eigenvalue of I + h v' on the unit circle (marginal), beyond it one lies outside.
// "a_i > 0" is taken literally, with no tolerance: a rounding-level a_i = 1e-17 (an
// eigenvalue that is mathematically on the imaginary axis) gives a rounding-level bound
// ~1e-17 instead of 0, and both mean that no practical step is stable.
#pragma once

#include "gandyn/analysis/spectrum.hpp"

#include <Eigen/Core>

#include <cmath>
#include <limits>
#include <stdexcept>

namespace gandyn {

// From the eigenvalues lambda_i = -a_i + i b_i of v' at the root. With no eigenvalues
// (an empty state) every step is stable: +infinity. Throws std::domain_error on a
// non-finite eigenvalue.
template <class Derived>
  requires detail::complex_floating<typename Derived::Scalar>
auto simgd_max_stable_h(const Eigen::MatrixBase<Derived>& lambda) {
  using real = typename Eigen::NumTraits<typename Derived::Scalar>::Real;
  real bound = std::numeric_limits<real>::infinity();
  for (Eigen::Index i = 0; i < lambda.size(); ++i) {
    const real a = -lambda[i].real();
    const real b = lambda[i].imag();
    if (!std::isfinite(a) || !std::isfinite(b))
      throw std::domain_error("simgd_max_stable_h: an eigenvalue is not finite");
    if (!(a > 0)) return real(0);  // Re lambda >= 0: |1 + h lambda| >= 1 for every h > 0
    // 2 a / (a^2 + b^2) as 2 (a / |lambda|) / |lambda|, |lambda| = hypot(a, b): no overflow
    const real modulus = std::hypot(a, b);
    const real h = (real(2) * (a / modulus)) / modulus;
    if (h < bound) bound = h;
  }
  return bound;
}

// From the Jacobian v' (a square real matrix) at the root.
template <class Derived>
  requires detail::real_floating<typename Derived::Scalar>
auto simgd_max_stable_h(const Eigen::MatrixBase<Derived>& jacobian) {
  return simgd_max_stable_h(eigenvalues(jacobian));
}

}  // namespace gandyn
