// Hamiltonian gradient descent, HGD (Balduzzi et al. 2018, "The Mechanics of n-Player
// Differentiable Games", section 3.2; Loizou et al. 2020, "Stochastic Hamiltonian Gradient
// Methods for Smooth Games", eq. 4; docs/rules.md, "HGD"): gradient descent on the Hamiltonian
// H = ||v||^2 / 2, whose gradient is J^T v:
//   x -= h J^T v.
#pragma once

#include "gandyn/dynamics/detail/field_jacobian.hpp"

namespace gandyn {

struct hgd {
  template <class State>
  struct memory {};

  // v and J (docs/rules.md, "Cost: field evaluations").
  int evaluations() const { return 2; }

  template <class G, class State>
  void step(const G& g, State& x, memory<State>&, double h) const {
    using S = typename State::Scalar;
    const auto [v, jac] = detail::field_and_jacobian(g, x);
    x.noalias() -= S(h) * (jac.transpose() * v);
    project(g, x);
  }
};

}  // namespace gandyn
