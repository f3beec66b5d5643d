// Extragradient (Korpelevich 1976; for GANs Gidel et al. 2019, SPEC 3):
// x_half = x + h v(x), x_next = x + h v(x_half), each followed by the projection.
#pragma once

#include "gandyn/dynamics/player_split.hpp"
#include "gandyn/dynamics/simultaneous.hpp"

namespace gandyn {

struct extragradient {
  double discriminator_scale = 1;  // h_D / h_G

  template <class State>
  using memory = no_memory;

  template <class G, class State>
  void step(const G& g, State& x, no_memory&, double h) const {
    State half = x;
    add_scaled(g, half, g(x), h, discriminator_scale);
    project(g, half);
    add_scaled(g, x, g(half), h, discriminator_scale);
    project(g, x);
  }
};

}  // namespace gandyn
