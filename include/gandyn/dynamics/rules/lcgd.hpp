// Linearised competitive gradient descent, LCGD (Schafer & Anandkumar 2019, "Competitive
// Gradient Descent", eq. 5, the first-order truncation of CGD's Neumann series;
// docs/rules.md, "LCGD"): with J_off = [[0, J_tp], [J_pt, 0]],
//   x += h (I + h J_off) v,
// i.e. theta += h (v_theta + h J_tp v_psi), psi += h (v_psi + h J_pt v_theta).
#pragma once

#include "gandyn/dynamics/rules/la.hpp"

namespace gandyn {

struct lcgd {
  template <class State>
  struct memory {};

  // v and J (docs/rules.md, "Cost: field evaluations").
  int evaluations() const { return 2; }

  // LA with its look-ahead rate equal to the step (docs/rules.md, "LA").
  template <class G, class State>
  void step(const G& g, State& x, memory<State>&, double h) const {
    la::memory<State> none;
    la{.alpha = h}.step(g, x, none, h);
  }
};

}  // namespace gandyn
