// A game seen as a Boost.Odeint system: sys(x, dxdt, t) sets dxdt = v(x).
//
// Odeint's steppers call it; gandyn's update rules (dynamics/rule_stepper.hpp) take the
// same object and unwrap the game, so one call such as
//   odeint::integrate_const(stepper, gandyn::ode_system{game}, x, 0.0, t_end, h, observer)
// runs a discrete rule or an Odeint Runge-Kutta stepper alike.
#pragma once

#include "gandyn/core/game.hpp"

#include <functional>
#include <type_traits>

namespace gandyn {

template <class G>
struct ode_system {
  const G* game;

  explicit ode_system(const G& g) : game(&g) {}

  template <class State, class Time>
  void operator()(const State& x, State& dxdt, Time /*t*/) const {
    if constexpr (State::SizeAtCompileTime == Eigen::Dynamic) {
      evaluate(*game, x, dxdt);  // in place: Odeint's stage vectors are reused
    } else {
      dxdt = (*game)(x);  // a value: the field stays in registers until it is stored
    }
  }
};

// The game behind a system: the game itself, an ode_system, or a std::reference_wrapper
// of either (Odeint passes systems by std::cref).
template <class System>
decltype(auto) game_of(const System& sys) {
  using plain = std::unwrap_reference_t<System>;
  const plain& unwrapped = sys;
  if constexpr (requires { *unwrapped.game; }) {
    return *unwrapped.game;
  } else {
    return unwrapped;
  }
}

}  // namespace gandyn
