// The one driver: runs any stepper (a gandyn update rule through rule_stepper, or a
// Boost.Odeint fixed-step stepper such as runge_kutta4) on any game for a number of steps,
// applying the game's projection to the initial state and, for an Odeint stepper, after every
// step (a gandyn rule projects after each of its own updates), and calling
// the observer on x_0 and after each step. Nothing is allocated per step at fixed size.
#pragma once

#include "gandyn/core/game.hpp"
#include "gandyn/dynamics/ode_system.hpp"
#include "gandyn/observers/observers.hpp"
#include "gandyn/observers/run_result.hpp"

#include <concepts>

namespace gandyn {

// Step size of iteration k (1-based): a constant, or a schedule k -> h_k.
template <class Schedule>
double step_size(const Schedule& h, long k) {
  if constexpr (std::is_arithmetic_v<Schedule>) {
    return static_cast<double>(h);
  } else {
    return h(k);
  }
}

// Runs `steps` iterations; returns the last step taken and whether an observer stopped the run.
struct iteration_end {
  long step = 0;
  double time = 0;
  bool stopped = false;
};

namespace detail {
// A gandyn rule projects after each of its own updates (dynamics/update_rule.hpp); an Odeint
// stepper knows nothing of the projection, so the driver applies it after every step.
template <class Stepper>
concept projects_itself = requires { requires Stepper::projects; };

// The observer, kept out of line: `iterate` is flattened, and observers may format text.
template <class Observer, class State>
[[gnu::noinline]] bool observe(Observer& observer, const State& x, long k, double t) {
  return observer(x, k, t);
}
}  // namespace detail

// Flattened (GCC's and Clang's `flatten`): the stepper's stages, the game's field and its
// projection are inlined into this loop, so values stay in registers between them instead of
// passing through memory (benchmarks/rules.cpp, runge_kutta.cpp). Functions marked noinline
// stay calls: the observer (detail::observe) and the noise quadrature.
template <class Stepper, game G, class State, class Schedule, class Observer>
[[gnu::flatten]] iteration_end iterate(Stepper& stepper, const G& g, State& x, long steps, const Schedule& h,
                                       Observer&& observer) {
  const ode_system<G> system(g);
  project(g, x);
  double t = 0;
  if (!detail::observe(observer, x, 0L, t)) return {0, t, true};
  for (long k = 1; k <= steps; ++k) {
    const double dt = step_size(h, k);
    stepper.do_step(system, x, t, dt);
    if constexpr (!detail::projects_itself<Stepper>) project(g, x);
    t += dt;
    if (!detail::observe(observer, x, k, t)) return {k, t, true};
  }
  return {steps, t, false};
}

// The run's result from its stop observers (either may be absent: pass nullptr).
template <class State>
run_result outcome(const iteration_end& end, const stop_on_divergence* divergence,
                   const stop_on_convergence<State>* convergence) {
  if (divergence && divergence->diverged) return {run_status::diverged, divergence->step};
  if (convergence && convergence->converged) return {run_status::converged, convergence->step};
  return {run_status::finished, end.step};
}

}  // namespace gandyn
