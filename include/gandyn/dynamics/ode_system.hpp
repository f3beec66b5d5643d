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

#if defined(__AVX__)
#include <immintrin.h>
#endif

namespace gandyn {

template <class G>
struct ode_system {
  const G* game;

  explicit ode_system(const G& g) : game(&g) {}

  template <class State, class Time>
  void operator()(const State& x, State& dxdt, Time /*t*/) const {
    if constexpr (State::SizeAtCompileTime == Eigen::Dynamic) {
      evaluate(*game, x, dxdt);  // in place: Odeint's stage vectors are reused
    }
#if defined(__AVX__)
    else if constexpr (wide_store_needed<State>) {
      // Under AVX, Eigen's algebra reads a state of four doubles (n = 2) with one 32-byte load,
      // while the field writes its blocks theta and psi as two 16-byte stores, which the store
      // buffer cannot forward to that load: RK4 at n = 2 ran at 1.25x its hand loop (perf
      // annotate, benchmarks/runge_kutta.cpp). The blocks are joined in a register and stored once.
      const State v = (*game)(x);
      store_joined(v, dxdt);
    }
#endif
    else {
      dxdt = (*game)(x);  // a value: the field stays in registers until it is stored
    }
  }

 private:
#if defined(__AVX__)
  template <class State>
  static constexpr bool wide_store_needed =
      std::is_same_v<typename State::Scalar, double> && State::SizeAtCompileTime == 4;

  template <class State>
  [[gnu::always_inline]] static void store_joined(const State& v, State& dxdt) {
    const __m128d theta_block = _mm_loadu_pd(v.data()), psi_block = _mm_loadu_pd(v.data() + 2);
    _mm256_storeu_pd(dxdt.data(), _mm256_set_m128d(psi_block, theta_block));
  }
#endif
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
