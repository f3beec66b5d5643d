// Optimistic gradient (OGDA; Daskalakis et al. 2018; docs/rules.md, "Optimistic gradient"):
// x_next = x + 2h v(x_k) - h v(x_{k-1}); the first step is plain simgd.
#pragma once

#include "gandyn/dynamics/detail/scratch.hpp"
#include "gandyn/dynamics/detail/players.hpp"

namespace gandyn {

struct optimistic {
  double discriminator_scale = 1;  // h_D / h_G

  // v(x_k) only: v(x_{k-1}) is remembered (docs/rules.md, "Cost: field evaluations").
  int evaluations() const { return 1; }

  template <class State>
  struct memory {
    State previous{};  // v(x_{k-1})
    bool started = false;
    scratch<State> v_of{};  // v(x_k), kept at run-time size

    // The optimiser state as the second half of an augmented state [x; v(x_{k-1})]
    // (docs/analysis.md, "Step Jacobians").
    void load(const State& z) {
      previous = z;
      started = true;
    }
    const State& saved() const { return previous; }
  };

  template <class G, class State>
  void step(const G& g, State& x, memory<State>& m, double h) const {
    const auto& v = m.v_of.field(g, x);
    if (m.started) {
      add_scaled(g, x, 2 * v - m.previous, h, discriminator_scale);
    } else {
      add_scaled(g, x, v, h, discriminator_scale);
    }
    m.previous = v;
    m.started = true;
    project(g, x);
  }
};

}  // namespace gandyn
