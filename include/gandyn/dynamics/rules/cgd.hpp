// Competitive gradient descent, CGD (Schafer & Anandkumar 2019, "Competitive Gradient
// Descent", eq. 4, Algorithm 1; docs/rules.md, "CGD"): each player's step is the Nash
// equilibrium of the bilinear local game of the two, which with J_off = [[0, J_tp], [J_pt, 0]]
// (J_tp = dv_theta/dpsi, J_pt = dv_psi/dtheta) is
//   x += h (I - h J_off)^{-1} v,
// i.e. dtheta = h (I - h^2 J_tp J_pt)^{-1} (v_theta + h J_tp v_psi), and symmetrically for psi.
// The linear system is solved exactly (LU with partial pivoting) on the state's scalar type, so
// that when the state holds dual numbers (the analysis differentiates a step) the solve is
// differentiated with it.
#pragma once

#include "gandyn/dynamics/detail/field_jacobian.hpp"

#include <Eigen/LU>

namespace gandyn {

struct cgd {
  template <class State>
  struct memory {};

  // v and J (docs/rules.md, "Cost: field evaluations").
  int evaluations() const { return 2; }

  template <class G, class State>
  void step(const G& g, State& x, memory<State>&, double h) const {
    using S = typename State::Scalar;
    const auto [v, jac] = detail::field_and_jacobian(g, x);
    const Eigen::Index ng = g.generator_dim(), nd = g.discriminator_dim();
    detail::jacobian_of<State> system = detail::jacobian_of<State>::Identity(ng + nd, ng + nd);
    system.topRightCorner(ng, nd) = -S(h) * jac.topRightCorner(ng, nd);
    system.bottomLeftCorner(nd, ng) = -S(h) * jac.bottomLeftCorner(nd, ng);
    const State direction = system.partialPivLu().solve(v);  // (I - h J_off)^{-1} v
    x += S(h) * direction;
    project(g, x);
  }
};

}  // namespace gandyn
