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

  // One call site of `update`, so that the compiler inlines it (and the field in it) once.
  template <class Update>
  void run(Update&& update) const {
    for (int block = 0; block < 2; ++block) {
      const bool generators = (block == 0) != discriminator_first;
      const player p = generators ? player::generator : player::discriminator;
      const int count = generators ? ng : nd;
      for (int k = 0; k < count; ++k) update(p);
    }
  }
};

struct altgd {
  int ng = 1;
  int nd = 1;
  bool discriminator_first = false;
  double discriminator_scale = 1;  // h_D / h_G

  template <class State>
  using memory = no_memory;

  template <class G, class State>
  void step(const G& g, State& x, no_memory&, double h) const {
    alternation{ng, nd, discriminator_first}.run([&](player p) {
      const State v = g(x);
      const double hp = p == player::generator ? h : h * discriminator_scale;
      add_to_block(g, x, v, p, hp);
      project(g, x);
    });
  }
};

}  // namespace gandyn
