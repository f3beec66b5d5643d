// A game that counts the evaluations of its field: the cost of an adaptive integrator, whose
// number of stages per output time is not known beforehand (docs/rules.md, "Cost: field
// evaluations"). It forwards everything to the game it refers to.
#pragma once

#include "gandyn/core/game.hpp"

namespace gandyn {

template <game G>
struct counting_game {
  static constexpr int state_size = state_size_v<G>;
  const G& game;
  long& calls;  // incremented by each evaluation of v

  Eigen::Index generator_dim() const { return game.generator_dim(); }
  Eigen::Index discriminator_dim() const { return game.discriminator_dim(); }

  template <class S>
  state<S, state_size> operator()(const state<S, state_size>& x) const {
    ++calls;
    return game(x);
  }
  template <class S, class V>
  void evaluate(const state<S, state_size>& x, V& v) const {
    ++calls;
    gandyn::evaluate(game, x, v);
  }
  template <class V>
  bool project(V& x) const {
    return gandyn::project(game, x);
  }
};

}  // namespace gandyn
