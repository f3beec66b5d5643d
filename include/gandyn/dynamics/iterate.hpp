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
#include <type_traits>

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

// An observer that is cheap on most steps and keeps its rare work out of line itself
// (observers/run_recorder.hpp) says so with `static constexpr bool inline_call = true`.
template <class Observer>
concept observed_inline = requires { requires std::remove_cvref_t<Observer>::inline_call; };

// The observer, kept out of line unless it is observed_inline: `iterate` is flattened, and
// observers may format text. A call in the loop sends a small state through memory (no vector
// register survives a call), which lengthens every step by a store and a load.
template <class Observer, class State>
[[gnu::noinline]] bool observe_out_of_line(Observer& observer, const State& x, long k, double t) {
  return observer(x, k, t);
}
template <class Observer, class State>
[[gnu::always_inline]] inline bool observe(Observer& observer, const State& x, long k, double t) {
  if constexpr (observed_inline<Observer>) {
    return observer(x, k, t);
  } else {
    return observe_out_of_line(observer, x, k, t);
  }
}

// A small fixed-size state is iterated in a local copy that no call can see, and the observer
// is shown a copy of it: the state then stays in registers from one step to the next instead
// of going through memory around each observer call (`gandyn simulate`, simgd at n = 1: 1.16x
// -> 1.12x a hand-written loop process, benchmarks/simulate_process.py; RK4 unchanged, 1.05x).
// The loop stays in `iterate` itself: moved into an always-inline helper, GCC 12's flatten
// left the field as a call under Odeint's RK4 (1.05x -> 1.38x).
template <class State>
concept kept_in_registers = State::SizeAtCompileTime != Eigen::Dynamic && State::SizeAtCompileTime <= 4;

}  // namespace detail

// Flattened (GCC's and Clang's `flatten`): the stepper's stages, the game's field and its
// projection are inlined into this loop, so values stay in registers between them instead of
// passing through memory (benchmarks/rules.cpp, runge_kutta.cpp). Functions marked noinline
// stay calls: the observer (detail::observe) and the noise quadrature.
template <class Stepper, game G, class State, class Schedule, class Observer>
[[gnu::flatten]] iteration_end iterate(Stepper& stepper, const G& g, State& state, long steps, const Schedule& h,
                                       Observer&& observer) {
  // The state itself, or its local copy (detail::kept_in_registers), written back at the end.
  constexpr bool local = detail::kept_in_registers<State>;
  std::conditional_t<local, State, State&> x = state;
  const auto shown = [&]() -> std::conditional_t<local, State, const State&> { return x; };
  const auto end = [&](long k, double t, bool stopped) {
    if constexpr (local) state = x;
    return iteration_end{k, t, stopped};
  };
  const ode_system<G> system(g);
  project(g, x);
  double t = 0;
  if (!detail::observe(observer, shown(), 0L, t)) return end(0, t, true);
  for (long k = 1; k <= steps; ++k) {
    const double dt = step_size(h, k);
    stepper.do_step(system, x, t, dt);
    if constexpr (!detail::projects_itself<Stepper>) project(g, x);
    t += dt;
    if (!detail::observe(observer, shown(), k, t)) return end(k, t, true);
  }
  return end(steps, t, false);
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
