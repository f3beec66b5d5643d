// The flow x' = v(x) with Boost.Odeint's adaptive Dormand-Prince 5(4) (Dormand & Prince
// 1980; odeint::runge_kutta_dopri5 under make_controlled) with relative and absolute
// tolerances, observed at chosen output times. The game's projection runs after every
// accepted step (docs/rules.md, "Projection" and "Flows": for flows the clipping runs after
// every integrator step), and the stepper's first-same-as-last derivative is reset whenever
// the projection moved x.
#pragma once

#include "gandyn/core/game.hpp"
#include "gandyn/dynamics/dopri5_tolerances.hpp"
#include "gandyn/dynamics/ode_system.hpp"

#include <boost/numeric/odeint/external/eigen/eigen_algebra.hpp>
#include <boost/numeric/odeint/stepper/controlled_runge_kutta.hpp>
#include <boost/numeric/odeint/stepper/generation.hpp>
#include <boost/numeric/odeint/stepper/runge_kutta_dopri5.hpp>

#include <cmath>
#include <vector>

namespace gandyn {

namespace detail {
// No NaN or infinity in x: x_i - x_i is exactly 0 when x_i is finite and NaN otherwise, and
// the sum keeps a NaN. A vectorised reduction; Eigen 3.4's allFinite() is a scalar loop that
// cost up to 15% of a Dopri5 step at n = 64 (benchmarks/dopri5.cpp).
template <class V>
bool all_finite(const V& x) {
  using std::isnan;
  return !isnan((x.array() - x.array()).sum());
}

// One attempted step with Odeint's stages and the field inlined into it (`flatten`, as
// gandyn::iterate; benchmarks/dopri5.cpp).
template <class Controlled, class System, class State>
[[gnu::flatten]] auto flattened_try_step(Controlled& controlled, const System& system, State& x, double& t,
                                         double& dt) {
  return controlled.try_step(system, x, t, dt);
}
}  // namespace detail

struct adaptive_end {
  long row = 0;           // the last output row reached
  bool stopped = false;   // an observer stopped the run
  bool failed = false;    // the step size underflowed or the state left the finite numbers
};

// Integrates to each time in `times` (increasing, times[0] >= 0) from t = 0 and calls
// observer(x, row, t) at t = 0 (row 0) and at each output time (rows 1, 2, ...).
template <game G, class State, class Observer>
adaptive_end integrate_dopri5(const G& g, State& x, const std::vector<double>& times, const dopri5_tolerances& tol,
                              Observer&& observer) {
  namespace odeint = boost::numeric::odeint;
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
  // GCC 12 warns inside Odeint's dopri5 with a fixed-size Eigen state (Clang is clean).
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif
  using stepper_type = odeint::runge_kutta_dopri5<State, double, State, double, odeint::vector_space_algebra>;
  auto controlled = odeint::make_controlled(tol.atol, tol.rtol, stepper_type());
  const ode_system<G> system(g);
  project(g, x);
  double t = 0, dt = tol.initial_dt;
  long attempts = 0;
  if (!observer(x, 0L, t)) return {0, true, false};
  for (std::size_t row = 0; row < times.size(); ++row) {
    const double target = times[row];
    while (t < target) {
      const bool last = t + dt >= target;
      double trial = last ? target - t : dt;
      const double before = trial;
      const auto result = detail::flattened_try_step(controlled, system, x, t, trial);
      if (++attempts > tol.max_steps || !detail::all_finite(x) || !(trial > 1e-15 * std::max(1.0, std::abs(t))))
        return {static_cast<long>(row), false, true};
      if (result == odeint::success) {
        if (last) t = target;  // land exactly on the output time
        if (project(g, x)) controlled.reset();  // the stored derivative is stale
        dt = last ? std::max(dt, trial) : trial;
      } else {
        dt = trial < before ? trial : before / 2;
      }
    }
    if (!observer(x, static_cast<long>(row + 1), t)) return {static_cast<long>(row + 1), true, false};
  }
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
  return {static_cast<long>(times.size()), false, false};
}

}  // namespace gandyn
