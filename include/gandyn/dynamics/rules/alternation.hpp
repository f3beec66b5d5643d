// The order and counts of an alternating block (docs/rules.md, "Alternating steps"):
// n_g generator updates, each with the current psi, then n_d discriminator updates, each
// with the current theta; generator first by default (Mescheder et al.'s reference code),
// discriminator first as in the usual WGAN loop with n_critic = 5
// (gan-tutorial-improved-fgan-wgan.zh.txt). One member of altgd, adam and rmsprop.
#pragma once

#include "gandyn/dynamics/detail/players.hpp"

namespace gandyn {

struct alternation {
  int ng = 1;
  int nd = 1;
  bool discriminator_first = false;

  // Calls `update(p)` once per update of player p, in the block's order. Each block calls
  // `update` with its player as a constant, so that inlined into a hot loop (gandyn::iterate
  // is flattened) every update knows its block's bounds at compile time.
  template <class Update>
  void run(Update&& update) const {
    const auto generators = [&] {
      for (int k = 0; k < ng; ++k) update(player::generator);
    };
    const auto discriminators = [&] {
      for (int k = 0; k < nd; ++k) update(player::discriminator);
    };
    if (discriminator_first) {
      discriminators();
      generators();
    } else {
      generators();
      discriminators();
    }
  }
};

}  // namespace gandyn
