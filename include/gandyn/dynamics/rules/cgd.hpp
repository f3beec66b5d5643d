// Competitive gradient descent, CGD (Schafer & Anandkumar 2019, "Competitive Gradient
// Descent", eq. 4, Algorithm 1; docs/rules.md, "CGD"): each player's step is the Nash
// equilibrium of the bilinear local game of the two, which with J_off = [[0, J_tp], [J_pt, 0]]
// (J_tp = dv_theta/dpsi, J_pt = dv_psi/dtheta) is
//   x += h (I - h J_off)^{-1} v,
// i.e. dtheta = h (I - h^2 J_tp J_pt)^{-1} (v_theta + h J_tp v_psi), and symmetrically for psi.
// The linear system is solved exactly (Gaussian elimination with partial pivoting,
// detail/linear_solve.hpp) on the state's scalar type, so that when the state holds dual
// numbers (the analysis differentiates a step) the solve is differentiated with it.
#pragma once

#include "gandyn/dynamics/detail/field_jacobian.hpp"
#include "gandyn/dynamics/detail/linear_solve.hpp"

#include <utility>

namespace gandyn {

struct cgd {
  template <class State>
  struct memory {};

  // v and J (docs/rules.md, "Cost: field evaluations").
  int evaluations() const { return 2; }

  template <class G, class State>
  void step(const G& g, State& x, memory<State>&, double h) const {
    using S = typename State::Scalar;
    auto [v, system] = detail::field_and_jacobian(g, x);
    // J becomes I - h J_off in place.
    const Eigen::Index ng = g.generator_dim(), nd = g.discriminator_dim();
    system.topLeftCorner(ng, ng).setIdentity();
    system.bottomRightCorner(nd, nd).setIdentity();
    system.topRightCorner(ng, nd) *= -S(h);
    system.bottomLeftCorner(nd, ng) *= -S(h);
    const State direction = detail::solve_with_partial_pivoting(std::move(system), std::move(v));  // (I - h J_off)^{-1} v
    x += S(h) * direction;
    project(g, x);
  }
};

}  // namespace gandyn
