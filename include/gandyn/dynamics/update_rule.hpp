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
//   r.evaluations()                         field evaluations per iteration (an int): one
//                                           evaluation of v, of its Jacobian J, or of a
//                                           Jacobian-vector product counts one (docs/rules.md,
//                                           "Cost: field evaluations")
//   r.discriminator_scale (optional)        h_D / h_G (a double, 1 by default); a rule without
//                                           it has one step size (scale 1), and a rule that
//                                           wraps another (`base`) has its base's
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
// its losses, so that a rule needing them (LOLA, SOS, unrolled) can be checked on it too.
struct probe_game {
  static constexpr int state_size = 2;
  Eigen::Index generator_dim() const { return 1; }
  Eigen::Index discriminator_dim() const { return 1; }
  template <class S>
  state<S, 2> operator()(const state<S, 2>& x) const {
    return -x;
  }
  // (L_G, L_D) = (theta^2/2, -psi^2/2): v = (-theta, -psi) = -x. Any vector of length 2 (a
  // rule checked on a run-time-size state passes one).
  template <class X>
  std::pair<typename X::Scalar, typename X::Scalar> losses(const X& x) const {
    using S = typename X::Scalar;
    return {S(0.5) * x[0] * x[0], S(-0.5) * x[1] * x[1]};
  }
};
}  // namespace detail

// R is an update rule for game G on states of type State.
template <class R, class G, class State>
concept update_rule_for = requires(const R& r, const G& g, State& x, typename R::template memory<State>& m,
                                   double h) {
  r.step(g, x, m, h);
  { r.evaluations() } -> std::convertible_to<int>;
};

// R is an update rule (checked on a fixed-size and a run-time-size state of a probe game).
template <class R>
concept update_rule = update_rule_for<R, detail::probe_game, state<double, 2>> &&
                      update_rule_for<R, detail::probe_game, state<double, Eigen::Dynamic>>;

// h_D / h_G of a rule: its `discriminator_scale` member, else its base rule's (lookahead),
// else 1 (a rule with one step size).
template <class R>
double discriminator_scale_of(const R& r) {
  if constexpr (requires { { r.discriminator_scale } -> std::convertible_to<double>; }) {
    return static_cast<double>(r.discriminator_scale);
  } else if constexpr (requires { r.base; }) {
    return discriminator_scale_of(r.base);
  } else {
    return 1;
  }
}

}  // namespace gandyn
