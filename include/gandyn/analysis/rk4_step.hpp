// One classical Runge-Kutta (RK4) step of the flow x' = v(x), written on the scalar template
// so that dual numbers differentiate through it (docs/analysis.md, "Attractors"): the step
// size may itself be a dual number, which gives the derivative of the flow map with respect
// to its time (the period of a periodic orbit).
//
//   k1 = v(x), k2 = v(x + dt/2 k1), k3 = v(x + dt/2 k2), k4 = v(x + dt k3),
//   x+ = x + dt/6 (k1 + 2 k2 + 2 k3 + k4)
// (Hairer, Norsett & Wanner, Solving Ordinary Differential Equations I, 2nd ed., II.1, Table
// 1.2). Differentiating the step with respect to x gives exactly the RK4 step of the
// variational equation Phi' = v'(x) Phi integrated with the trajectory (Runge-Kutta methods
// commute with differentiation; ibid., I.14 and II.2), so products of these step Jacobians
// are the variational flow of the discretised system: the flows' Floquet multipliers and
// Lyapunov exponents come from them. The game's projection (WGAN clipping) runs after the step,
// as the driver does for an Odeint stepper (dynamics/iterate.hpp).
#pragma once

#include "gandyn/core/game.hpp"

#include <Eigen/Core>

namespace gandyn {

// x advanced by one RK4 step of size dt (dt of any scalar type the state's scalar converts
// from: a double, or a dual number carrying d/dt), as the game's state type.
template <class G, class X, class T>
auto rk4_step(const G& g, const Eigen::MatrixBase<X>& x_in, const T& dt_in) {
  using S = typename X::Scalar;
  using State = state_of<G, S>;
  const State x = x_in;
  const S dt = S(dt_in);
  const S half = dt / S(2), sixth = dt / S(6);
  const State k1 = g(x);
  const State k2 = g(State(x + half * k1));
  const State k3 = g(State(x + half * k2));
  const State k4 = g(State(x + dt * k3));
  State next = x + sixth * (k1 + S(2) * k2 + S(2) * k3 + k4);
  project(g, next);
  return next;
}

}  // namespace gandyn
