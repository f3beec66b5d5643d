// The update-rule concept (docs/rules.md, "The update-rule concept"): what gandyn::iterate,
// rule_stepper and the step Jacobians of the analysis need from a discrete training rule.
//
// A rule R is an aggregate of its hyper-parameters with defaults (`altgd{.order = {.nd = 5}}`)
// and, for a game g, a state x of type State and a step size h (the generator's):
//
//   expression                              meaning
//   typename R::template memory<State>      the rule's state between iterations (moments, the
//                                           previous v, scratch vectors); value-initialised
//                                           memory means "before the first step"
//   r.step(g, x, m, h)                      one iteration in place: x <- F_h(x), m updated;
//                                           the rule projects x after each of its parameter
//                                           updates (it owns the projection)
//   r.discriminator_scale                   h_D / h_G (a double, 1 by default)
//
// Rules with memory that the analysis can linearise (optimistic, momentum) also give the
// memory `load(z)` and `saved()`, so one iteration is a map of the augmented state [x; z]
// (analysis/step_jacobian.hpp). The rules are templates over the game and the state's
// scalar, so one rule runs on double, float, long double and dual numbers.
#pragma once

#include "gandyn/core/state.hpp"

#include <concepts>
#include <utility>

namespace gandyn {

namespace detail {
// The smallest game a rule must accept: v(x) = -x on R^2 (one coordinate per player), with
// the losses L_G = theta^2 / 2, L_D = -psi^2 / 2 that give it (v = (-dL_G/dtheta, dL_D/dpsi);
// the rules that need the losses, lola, sos and unrolled, require them).
struct probe_game {
  static constexpr int state_size = 2;
  Eigen::Index generator_dim() const { return 1; }
  Eigen::Index discriminator_dim() const { return 1; }
  template <class S>
  state<S, 2> operator()(const state<S, 2>& x) const {
    return -x;
  }
  template <class S>
  std::pair<S, S> losses(const state<S, 2>& x) const {
    return {x[0] * x[0] / 2, -(x[1] * x[1]) / 2};
  }
};
}  // namespace detail

// R is an update rule for game G on states of type State.
template <class R, class G, class State>
concept update_rule_for = requires(const R& r, const G& g, State& x, typename R::template memory<State>& m,
                                   double h) {
  r.step(g, x, m, h);
  { r.discriminator_scale } -> std::convertible_to<double>;
};

// R is an update rule (checked on a fixed-size and a run-time-size state of a probe game).
template <class R>
concept update_rule = update_rule_for<R, detail::probe_game, state<double, 2>> &&
                      update_rule_for<R, detail::probe_game, state<double, Eigen::Dynamic>>;

}  // namespace gandyn
