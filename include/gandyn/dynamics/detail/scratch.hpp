// Where an update rule keeps v(x) and its other scratch vectors between steps.
//
// At a compile-time size a scratch vector is a local value (the compiler keeps it in
// registers); at run-time size it is a vector in the rule's memory, sized on the first step
// and reused, so that a step allocates nothing after the first. The field is written in
// place through gandyn::evaluate (the game's own `evaluate(x, v)` when it has one).
#pragma once

#include "gandyn/core/game.hpp"

#include <Eigen/Core>

namespace gandyn {

template <class State, bool = State::SizeAtCompileTime == Eigen::Dynamic>
struct scratch {
  State kept;

  // v(x), in the kept vector.
  template <class G>
  const State& field(const G& g, const State& x) {
    evaluate(g, x, kept);
    return kept;
  }
  // Player p's block of v(x), in the kept vector (the other block is stale).
  template <class G>
  const State& block(const G& g, const State& x, player p) {
    if (kept.size() != x.size()) kept.resize(x.size());
    evaluate_block(g, x, kept, p);
    return kept;
  }
  // The kept vector, holding a copy of x.
  State& copy(const State& x) { return kept = x; }
};

template <class State>
struct scratch<State, false> {
  template <class G>
  State field(const G& g, const State& x) const {
    return g(x);
  }
  template <class G>
  State block(const G& g, const State& x, player p) const {
    State v;
    evaluate_block(g, x, v, p);
    return v;
  }
  State copy(const State& x) const { return x; }
};

}  // namespace gandyn
