// What the rules built on the Jacobian share (docs/rules.md, "Rules from the literature"):
// v(x) and J = dv/dx at the state, exact, in one forward-mode pass (core/jacobian.hpp), on the
// state's own scalar type (a dual number when the analysis differentiates a step: the duals
// then nest), and the products with the off-diagonal blocks of J,
//   J_off = [[0, J_tp], [J_pt, 0]],   J_tp = dv_theta/dpsi,   J_pt = dv_psi/dtheta
// (the players' interaction terms; Schafer & Anandkumar 2019, section 2; Letcher et al. 2019,
// section 2).
#pragma once

#include "gandyn/core/game.hpp"
#include "gandyn/core/jacobian.hpp"

#include <Eigen/Core>

#include <utility>

namespace gandyn::detail {

// The square Jacobian of a state of type State.
template <class State>
using jacobian_of = Eigen::Matrix<typename State::Scalar, State::SizeAtCompileTime, State::SizeAtCompileTime>;

// v(x) and J(x), exact.
template <class State>
struct field_with_jacobian {
  State v;
  jacobian_of<State> jac;
};

template <class G, class State>
field_with_jacobian<State> field_and_jacobian(const G& g, const State& x) {
  auto [v, jac] = value_and_jacobian(g, x);
  return {std::move(v), std::move(jac)};
}

// J_off w = [J_tp w_psi; J_pt w_theta] for any vector w of the state's layout.
template <class G, class State, class Jac, class W>
State off_diagonal_times(const G& g, const Jac& jac, const W& w) {
  const Eigen::Index ng = g.generator_dim(), nd = g.discriminator_dim();
  State out(ng + nd);
  out.head(ng).noalias() = jac.topRightCorner(ng, nd) * w.tail(nd);
  out.tail(nd).noalias() = jac.bottomLeftCorner(nd, ng) * w.head(ng);
  return out;
}

}  // namespace gandyn::detail
