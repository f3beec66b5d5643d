// The library's side of bench::compare: a gandyn stepper (an update rule through
// make_stepper, or Odeint's RK4) run by gandyn::iterate on a game from a start, exactly as
// a user's program runs it, one step per unit. A fresh stepper (empty optimiser memory) is
// built in place by `make` for every chunk, never copied, moved or reset by assignment: its
// fixed-size Eigen members (Odeint's scratch states, the optimisers' memory) start
// uninitialised, and copying them reads indeterminate values (GCC 12 rightly warns, and
// -Werror stops the build; rule_stepper::reset(), `memory = {}`, does exactly that).
#pragma once

#include <gandyn/gandyn.hpp>

#include <benchmark/benchmark.h>

#include <Eigen/Core>

#include <memory>
#include <new>
#include <type_traits>

namespace bench {

inline constexpr auto keep_going = [](const auto&, long, double) { return true; };

template <class Make, class Game, class State>
struct library_side {
  Make make;
  Game game;
  State x0;
  double h;
  State x = x0;
  using stepper_type = std::invoke_result_t<Make>;
  stepper_type stepper = make();

  void start() {
    x = x0;
    std::destroy_at(&stepper);
    ::new (static_cast<void*>(&stepper)) stepper_type(make());  // guaranteed copy elision
  }
  void run(long steps) {
    gandyn::iterate(stepper, game, x, steps, h, keep_going);
    benchmark::DoNotOptimize(x.data());
    benchmark::ClobberMemory();
  }
  Eigen::VectorXd result() const { return x; }
};

template <class Make, class Game, class State>
library_side<Make, Game, State> make_library_side(Make make, Game game, State x0, double h) {
  return {make, game, x0, h};
}

}  // namespace bench
