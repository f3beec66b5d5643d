// Alternating gradient steps, altgd (SPEC 3; gan-training-convergence-analysis.fa.txt,
// F_h = F_2,h o F_1,h, Lemma 3): n_g generator steps, each with the current psi, then n_d
// discriminator steps, each with the current theta; one iteration is the whole block.
// Generator first by default (Mescheder et al.'s reference code); discriminator first is
// the usual WGAN loop with n_critic = 5 (gan-tutorial-improved-fgan-wgan.zh.txt).
#pragma once

#include "gandyn/dynamics/player_split.hpp"
#include "gandyn/dynamics/simultaneous.hpp"

namespace gandyn {

// The order and counts of an alternating block; `update(p, count)` performs one update of
// player p (its count-th in this block). Shared by altgd, adam and rmsprop.
struct alternation {
  int ng = 1;
  int nd = 1;
  bool discriminator_first = false;

  // Each block calls `update` with its player as a constant, so that inlined into a hot loop
  // (gandyn::iterate is flattened) every update knows its block's bounds at compile time.
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

struct altgd {
  int ng = 1;
  int nd = 1;
  bool discriminator_first = false;
  double discriminator_scale = 1;  // h_D / h_G

  template <class State>
  using memory = scratch<State>;  // v(x), kept at run-time size

  template <class G, class State>
  void step(const G& g, State& x, scratch<State>& v_of, double h) const {
    alternation{ng, nd, discriminator_first}.run([&](player p) {
      const auto& v = v_of.field(g, x);
      const double hp = p == player::generator ? h : h * discriminator_scale;
      add_to_block(g, x, v, p, hp);
      project(g, x);
    });
  }
};

}  // namespace gandyn
