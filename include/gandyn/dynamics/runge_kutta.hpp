// Boost.Odeint's fixed-step classical Runge-Kutta (RK4) on an Eigen state, through Eigen's
// vector-space algebra: run it with gandyn::iterate (projection, observers) or with
// Odeint's own integrate_* functions on gandyn::ode_system{game}.
#pragma once

#include <boost/numeric/odeint/external/eigen/eigen_algebra.hpp>
#include <boost/numeric/odeint/stepper/runge_kutta4.hpp>

namespace gandyn {

template <class State>
using rk4 = boost::numeric::odeint::runge_kutta4<State, typename State::Scalar, State, double,
                                                 boost::numeric::odeint::vector_space_algebra>;

}  // namespace gandyn
