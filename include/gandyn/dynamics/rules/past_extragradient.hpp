// Extrapolation from the past (Popov 1980, "A modification of the Arrow-Hurwicz method for
// search of saddle points"; Gidel et al. 2019, "A Variational Inequality Perspective on
// Generative Adversarial Networks", eq. 18; docs/rules.md, "Extrapolation from the past"):
// extragradient whose look-ahead reuses the field at the previous look-ahead point,
//   x_half = x_k + h v(x_half_prev),    x_{k+1} = x_k + h v(x_half),
// each followed by the projection, with x_half_prev = x_0 on the first step (an extragradient
// step). Its memory v(x_half_prev) joins the analysed state [x; v(x_half_prev)] (as optimistic's).
#pragma once

#include "gandyn/dynamics/detail/players.hpp"
#include "gandyn/dynamics/detail/scratch.hpp"

namespace gandyn {

struct past_extragradient {
  template <class State>
  struct memory {
    State previous{};  // v(x_half) of the previous iteration
    bool started = false;
    scratch<State> half_of{};  // x_half, kept at run-time size

    // The optimiser state as the second half of an augmented state [x; v(x_half_prev)]
    // (docs/analysis.md, "Step Jacobians").
    void load(const State& z) {
      previous = z;
      started = true;
    }
    const State& saved() const { return previous; }
  };

  // v(x_half) only; the first iteration also evaluates v(x_0), two in all (docs/rules.md,
  // "Cost: field evaluations").
  int evaluations() const { return 1; }

  template <class G, class State>
  void step(const G& g, State& x, memory<State>& m, double h) const {
    if (!m.started) {
      evaluate(g, x, m.previous);
      m.started = true;
    }
    auto&& half = m.half_of.copy(x);
    add_scaled(g, half, m.previous, h, 1);
    project(g, half);
    evaluate(g, half, m.previous);
    add_scaled(g, x, m.previous, h, 1);
    project(g, x);
  }
};

}  // namespace gandyn
