// An update rule with its optimiser state, as a Boost.Odeint Stepper (stepper_tag):
// `do_step(sys, x, t, dt)` performs one iteration with generator step dt. It runs unchanged
// in odeint::integrate_const / integrate_n_steps; pass it with std::ref when Odeint should
// keep its state (Odeint copies steppers), as for optimistic, momentum, adam, rmsprop.
#pragma once

#include "gandyn/dynamics/ode_system.hpp"
#include "gandyn/dynamics/update_rule.hpp"

#include <boost/numeric/odeint/stepper/stepper_categories.hpp>

namespace gandyn {

template <update_rule Rule, class State>
struct rule_stepper {
  // The rule projects after its own updates (iterate does not project again).
  static constexpr bool projects = true;

  using state_type = State;
  using deriv_type = State;
  using value_type = typename State::Scalar;
  using time_type = double;
  using order_type = unsigned short;
  using stepper_category = boost::numeric::odeint::stepper_tag;

  Rule rule{};
  typename Rule::template memory<State> memory{};

  static constexpr order_type order() { return 1; }

  // sys: a game, an ode_system, or a reference wrapper of either.
  template <class System>
  void do_step(System sys, State& x, time_type /*t*/, time_type dt) {
    rule.step(game_of(sys), x, memory, dt);
  }

  void reset() { memory = {}; }
};

// rule_stepper for a rule and the state type it will step.
template <class State, update_rule Rule>
rule_stepper<Rule, State> make_stepper(const Rule& rule) {
  return {rule, {}};
}

}  // namespace gandyn
