// Simultaneous gradient steps, simgd (SPEC 3; gan-training-convergence-analysis.fa.txt,
// F_h(x) = x + h v(x)): theta += h_G v_theta(x), psi += h_D v_psi(x), from the same x.
#pragma once

#include "gandyn/dynamics/player_split.hpp"

namespace gandyn {

struct no_memory {};

struct simgd {
  double discriminator_scale = 1;  // h_D / h_G

  template <class State>
  using memory = no_memory;

  template <class G, class State>
  void step(const G& g, State& x, no_memory&, double h) const {
    const State v = g(x);
    add_scaled(g, x, v, h, discriminator_scale);
    project(g, x);
  }
};

}  // namespace gandyn
