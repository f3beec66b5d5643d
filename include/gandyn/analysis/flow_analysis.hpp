// Linear stability of the gradient flow x' = v(x) at a point (SPEC 4): the exact Jacobian
// v'(x) by automatic differentiation (core/jacobian.hpp), its eigenvalues, spectral radius
// and abscissa, and the flow's verdict from the abscissa (Lyapunov's indirect method:
// Khalil, Nonlinear Systems, 3rd ed., Theorem 4.7; Mescheder, Nowozin & Geiger 2017,
// "The Numerics of GANs", section 3; gan-training-convergence-analysis.fa.txt,
// Proposition 1). The verdict is meaningful at a root of v (dirac_equilibrium, newton_root
// in analysis/equilibrium.hpp); elsewhere the numbers describe the linearisation only.
#pragma once

#include "gandyn/analysis/differentiability.hpp"
#include "gandyn/analysis/spectrum.hpp"
#include "gandyn/core/game.hpp"
#include "gandyn/core/jacobian.hpp"

#include <Eigen/Core>

#include <cmath>
#include <complex>
#include <sstream>
#include <stdexcept>
#include <string>

namespace gandyn {

// Size: the state's compile-time length (Eigen::Dynamic when known at run time only).
template <int Size>
struct flow_analysis {
  Eigen::Matrix<double, Size, Size> jacobian;              // v'(x), exact
  Eigen::Matrix<std::complex<double>, Size, 1> eigenvalues;  // of v'(x)
  double spectral_radius;                                  // max |lambda|
  double spectral_abscissa;                                // max Re lambda
  gandyn::verdict verdict;                                 // flow_verdict(spectral_abscissa)
};

namespace detail {
template <class Matrix>
void require_finite_jacobian(const Matrix& jac) {
  for (Eigen::Index j = 0; j < jac.cols(); ++j)
    for (Eigen::Index i = 0; i < jac.rows(); ++i)
      if (!std::isfinite(jac(i, j))) {
        std::ostringstream message;
        message << "the Jacobian of v at the point has a non-finite entry (row " << i << ", column " << j
                << ": " << jac(i, j) << ")";
        throw std::domain_error(message.str());
      }
}
}  // namespace detail

// The flow's linearisation at x (a double vector of length state_dim(g)); `tolerance` is the
// marginal band of flow_verdict (SPEC 4: 1e-8). Throws std::invalid_argument for a point of
// the wrong length or with non-finite coordinates, and std::domain_error, with one line
// naming the reason, where the field is not differentiable (analysis/differentiability.hpp)
// or its Jacobian has a non-finite entry.
template <game G, class Derived>
flow_analysis<state_size_v<G>> analyze_flow(const G& g, const Eigen::MatrixBase<Derived>& x,
                                            double tolerance = marginal_tolerance) {
  if (x.size() != state_dim(g))
    throw std::invalid_argument("analyze_flow: the point has " + std::to_string(x.size()) +
                                " coordinates but the game's state has " + std::to_string(state_dim(g)));
  if (!x.allFinite()) throw std::invalid_argument("analyze_flow: the point has non-finite coordinates");
  require_differentiable(g, x);
  const state_of<G> point = x.template cast<double>();
  flow_analysis<state_size_v<G>> r;
  r.jacobian = gandyn::jacobian(g, point);
  detail::require_finite_jacobian(r.jacobian);
  r.eigenvalues = gandyn::eigenvalues(r.jacobian);
  r.spectral_radius = gandyn::spectral_radius(r.eigenvalues);
  r.spectral_abscissa = gandyn::spectral_abscissa(r.eigenvalues);
  r.verdict = flow_verdict(r.spectral_abscissa, tolerance);
  return r;
}

}  // namespace gandyn
