// Lookahead over a base rule (Zhang et al. 2019, "Lookahead Optimizer: k steps forward, 1 step
// back", Algorithm 1; for games Chavdarova et al. 2021, "Taming GANs with Lookahead-Minmax",
// Algorithm 1; docs/rules.md, "Lookahead"): from the slow weights, `steps` iterations of the
// base rule give the fast weights, then
//   slow += alpha (fast - slow),   fast = slow.
// One iteration is the whole block of k base iterations. The base rule's memory is kept from
// one block to the next (as the inner optimiser's state in both papers' code). When the base's
// memory joins its analysed state (optimistic, momentum, past_extragradient), lookahead's does
// too: it is analysed on [x; base memory], the memory after the block's last base iteration.
#pragma once

#include "gandyn/core/game.hpp"
#include "gandyn/dynamics/detail/scratch.hpp"

#include <cmath>
#include <stdexcept>

namespace gandyn {

template <class Base>
struct lookahead {
  Base base{};         // the inner rule
  int steps = 5;       // k base iterations per block, >= 1
  double alpha = 0.5;  // the slow weights' step, in (0, 1]

  // Analysable exactly when the base is (not over Adam-like rules).
  static constexpr bool depends_on_step_count = requires { requires Base::depends_on_step_count; };

  template <class State>
  struct memory {
    typename Base::template memory<State> base{};
    scratch<State> slow_of{};  // the slow weights, kept at run-time size

    // The base rule's memory as the second half of the analysed state, when it is one.
    void load(const State& z)
      requires requires(typename Base::template memory<State> b, const State& y) { b.load(y); }
    {
      base.load(z);
    }
    State saved() const
      requires requires(const typename Base::template memory<State> b) { b.saved(); }
    {
      return base.saved();
    }
  };

  // k times the base's (docs/rules.md, "Cost: field evaluations").
  int evaluations() const { return steps * base.evaluations(); }

  template <class G, class State>
  void step(const G& g, State& x, memory<State>& m, double h) const {
    using S = typename State::Scalar;
    if (steps < 1) throw std::invalid_argument("lookahead: steps must be >= 1");
    if (!(alpha > 0 && alpha <= 1)) throw std::invalid_argument("lookahead: alpha must be in (0, 1]");
    auto&& slow = m.slow_of.copy(x);
    for (int k = 0; k < steps; ++k) base.step(g, x, m.base, h);
    // slow + alpha (fast - slow): a convex combination of two feasible points, feasible for a
    // convex constraint (WGAN's box); projected all the same.
    x = slow + S(alpha) * (x - slow);
    project(g, x);
  }
};

}  // namespace gandyn
