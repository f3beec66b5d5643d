// Heavy-ball momentum (Polyak 1964; negative beta as in Gidel et al. 2019, "Negative
// momentum for improved game dynamics"; docs/rules.md, "Momentum"): m = beta m + v(x),
// x += h m.
#pragma once

#include "gandyn/dynamics/detail/scratch.hpp"
#include "gandyn/dynamics/detail/players.hpp"

namespace gandyn {

struct momentum {
  double beta = 0.5;               // in (-1, 1)
  double discriminator_scale = 1;  // h_D / h_G

  // One evaluation of v per iteration (docs/rules.md, "Cost: field evaluations").
  int evaluations() const { return 1; }

  template <class State>
  struct memory {
    State velocity{};  // m, zero at the start
    bool started = false;
    scratch<State> v_of{};  // v(x), kept at run-time size

    // The optimiser state as the second half of an augmented state [x; m]
    // (docs/analysis.md, "Step Jacobians").
    void load(const State& z) {
      velocity = z;
      started = true;
    }
    const State& saved() const { return velocity; }
  };

  template <class G, class State>
  void step(const G& g, State& x, memory<State>& m, double h) const {
    using S = typename State::Scalar;
    const auto& v = m.v_of.field(g, x);
    if (!m.started) m.velocity = State::Zero(x.size());
    m.velocity = S(beta) * m.velocity + v;
    m.started = true;
    add_scaled(g, x, m.velocity, h, discriminator_scale);
    project(g, x);
  }
};

}  // namespace gandyn
