// Simultaneous gradient steps, simgd (gan-training-convergence-analysis.fa.txt,
// F_h(x) = x + h v(x); docs/rules.md, "Simultaneous steps"): theta += h_G v_theta(x),
// psi += h_D v_psi(x), from the same x.
#pragma once

#include "gandyn/dynamics/detail/scratch.hpp"
#include "gandyn/dynamics/detail/players.hpp"

namespace gandyn {

struct simgd {
  double discriminator_scale = 1;  // h_D / h_G

  // One evaluation of v per iteration (docs/rules.md, "Cost: field evaluations").
  int evaluations() const { return 1; }

  template <class State>
  using memory = scratch<State>;  // v(x), kept at run-time size

  template <class G, class State>
  void step(const G& g, State& x, scratch<State>& v_of, double h) const {
    const auto& v = v_of.field(g, x);
    add_scaled(g, x, v, h, discriminator_scale);
    project(g, x);
  }
};

}  // namespace gandyn
