// Alternating gradient steps, altgd (gan-training-convergence-analysis.fa.txt, F_h = F_2,h o
// F_1,h, Lemma 3; docs/rules.md, "Alternating steps"): the block of `order`, each update a
// gradient step of one player from the current state, followed by the projection. One
// iteration is the whole block.
#pragma once

#include "gandyn/dynamics/detail/players.hpp"
#include "gandyn/dynamics/detail/scratch.hpp"
#include "gandyn/dynamics/rules/alternation.hpp"

namespace gandyn {

struct altgd {
  alternation order{};             // n_g, n_d, which player first
  double discriminator_scale = 1;  // h_D / h_G

  // One evaluation of v per single-player update (docs/rules.md, "Cost: field evaluations").
  int evaluations() const { return order.ng + order.nd; }

  template <class State>
  using memory = scratch<State>;  // v(x), kept at run-time size

  template <class G, class State>
  void step(const G& g, State& x, scratch<State>& v_of, double h) const {
    order.run([&](player p) {
      const auto& v = v_of.block(g, x, p);
      const double hp = p == player::generator ? h : h * discriminator_scale;
      add_to_block(g, x, v, p, hp);
      project(g, x);
    });
  }
};

}  // namespace gandyn
