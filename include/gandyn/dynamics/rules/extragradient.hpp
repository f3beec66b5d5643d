// Extragradient (Korpelevich 1976; for GANs Gidel et al. 2019; docs/rules.md, "Extragradient"):
// x_half = x + h v(x), x_next = x + h v(x_half), each followed by the projection.
#pragma once

#include "gandyn/dynamics/detail/scratch.hpp"
#include "gandyn/dynamics/detail/players.hpp"

namespace gandyn {

struct extragradient {
  double discriminator_scale = 1;  // h_D / h_G

  // v(x) and v(x_half) (docs/rules.md, "Cost: field evaluations").
  int evaluations() const { return 2; }

  // v(x), x_half and v(x_half), kept at run-time size.
  template <class State>
  struct memory {
    scratch<State> v_of, half_of, v_of_half;
  };

  template <class G, class State>
  void step(const G& g, State& x, memory<State>& m, double h) const {
    auto&& half = m.half_of.copy(x);
    add_scaled(g, half, m.v_of.field(g, x), h, discriminator_scale);
    project(g, half);
    add_scaled(g, x, m.v_of_half.field(g, half), h, discriminator_scale);
    project(g, x);
  }
};

}  // namespace gandyn
