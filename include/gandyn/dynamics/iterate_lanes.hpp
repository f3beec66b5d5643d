// Many trajectories at once through the same templated code (docs/batched.md): the state's
// scalar is a batch<W> of W trajectories (core/batch.hpp), so any game whose field is
// written for a generic scalar and any update rule (or Odeint's RK4) steps W trajectories in
// SIMD lanes, with no second copy of the field or the rule.
//
// iterate_lanes(method, game, states, steps, h) runs `steps` iterations from every column
// of `states` ([theta; psi], one trajectory per column) and leaves the final states there,
// as gandyn::iterate would for each column alone: the game's projection first, then the
// steps, and the test of stop_on_divergence (a non-finite coordinate or ||x|| > bound) on
// x_0 and after every step. A trajectory that fails it is flagged; it is not stopped (its
// lane runs on, its final state is then meaningless). The columns are taken W at a time; the
// last group is padded with copies of its last column, so every trajectory runs the same
// code whichever group or lane it falls in, and its numbers do not depend on the others.
// Groups run in parallel with OpenMP when the program is compiled with -fopenmp.
//
// The numbers are those of the scalar path up to the last bits of the exponential (Eigen's
// vectorised exp against the C library's) and the instance-noise quadrature's rule (the same
// rule, per lane): tests/batched.cpp checks 1e-12 relative for every game and rule.
#pragma once

#include "gandyn/core/batch.hpp"
#include "gandyn/core/game.hpp"
#include "gandyn/dynamics/detail/lane_groups.hpp"
#include "gandyn/dynamics/ode_system.hpp"
#include "gandyn/dynamics/rule_stepper.hpp"
#include "gandyn/dynamics/update_rule.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <stdexcept>
#include <type_traits>

namespace gandyn {

// Odeint's classical Runge-Kutta (dynamics/runge_kutta.hpp) as a method of iterate_lanes.
struct rk4_method {};

struct lanes_result {
  Eigen::Array<bool, Eigen::Dynamic, 1> diverged;  // non-finite or beyond the bound at some step
  Eigen::ArrayXi diverged_step;                    // the first such step (0: x_0), -1 if none
};

namespace detail {

// The classical Runge-Kutta step as Odeint's runge_kutta4 takes it, operation for operation
// (its generic algorithm: stages x + (dt a) k with a = 1/2, 1/2, 1; then
// x + (dt b1) k1 + (dt b2) k2 + (dt b3) k3 + (dt b4) k4, summed left to right, b = 1/6, 1/3,
// 1/3, 1/6 rounded as doubles), on batches: Odeint's algebra multiplies states by
// coefficients of the value type, and a batch is not a double.
template <class State>
struct lanes_rk4 {
  template <class System>
  void do_step(const System& sys, State& x, double t, double dt) const {
    using S = typename State::Scalar;
    const S half(dt * 0.5), whole(dt * 1.0), sixth(dt * (1.0 / 6)), third(dt * (1.0 / 3));
    State k1(x.size()), k2(x.size()), k3(x.size()), k4(x.size());
    sys(x, k1, t);
    sys(State(x + half * k1), k2, t + dt / 2);
    sys(State(x + half * k2), k3, t + dt / 2);
    sys(State(x + whole * k3), k4, t + dt);
    x = State(x + sixth * k1 + third * k2 + third * k3 + sixth * k4);
  }
};

template <class State, class Method>
auto lanes_stepper(const Method& method) {
  if constexpr (std::is_same_v<Method, rk4_method>) {
    return lanes_rk4<State>();
  } else {
    return make_stepper<State>(method);
  }
}

// The largest double q with sqrt(q) <= bound (sqrt correctly rounded, hence monotone).
inline double largest_square_within(double bound) {
  if (!(bound >= 0)) return -1;
  if (std::isinf(bound)) return bound;
  double q = bound * bound;
  if (!std::isfinite(q)) q = std::numeric_limits<double>::max();
  while (std::sqrt(q) > bound) q = std::nextafter(q, 0.0);
  while (std::sqrt(std::nextafter(q, HUGE_VAL)) <= bound && std::isfinite(std::nextafter(q, HUGE_VAL)))
    q = std::nextafter(q, HUGE_VAL);
  return q;
}

// What run_group shows its state of batches to, after the projection (k = 0) and after every
// step; empty when nothing observes (a final-distance sweep), a recorder for a basin sweep.
// One type for every observer, so that each game and method compiles run_group once, not once
// per observer (the program's build time, docs/program.md "Building"); the call is out of line
// either way, and an observer records, which has no place in the step's inlined code.
template <class State>
using lanes_observer = std::function<void(const State&, long)>;

// One group of W trajectories (columns first .. first + count - 1; count <= W).
template <int W, class Method, class G>
[[gnu::flatten]] void run_group(const Method& method, const G& g, Eigen::Ref<Eigen::MatrixXd> states,
                                Eigen::Index first, Eigen::Index count, long steps, double h, double bound,
                                lanes_result& out, const lanes_observer<state<batch<W>, state_size_v<G>>>& observe) {
  using S = batch<W>;
  using State = state<S, state_size_v<G>>;
  const Eigen::Index size = states.rows();
  State x(size);
  alignas(64) double lane[W];
  for (Eigen::Index i = 0; i < size; ++i) {
    for (int l = 0; l < W; ++l) lane[l] = states(i, first + std::min<Eigen::Index>(l, count - 1));
    x[i] = S::load(lane);
  }
  // The divergence test in the lanes, no branch: `first_step` holds the step at which each
  // lane first failed it, +inf while none has (the minimum of the failing steps, so a lane
  // that comes back within the bound keeps its first failure).
  // ||x|| <= bound is tested as ||x||^2 <= T, T the largest double whose correctly rounded
  // square root is <= bound (the same verdict as the square root's, without one per step); a
  // NaN fails it. x.size() rather than `size`: a constant for a fixed-size state, so the sum
  // is unrolled (a loop bounded at run time cost 10% of wgan-gp's altgd step in lanes).
  const S limit(largest_square_within(bound));
  const S never(std::numeric_limits<double>::infinity());
  S first_step = never;
  const auto check = [&](long k) {
    S norm2 = x[0] * x[0];
    for (Eigen::Index i = 1; i < x.size(); ++i) norm2 += x[i] * x[i];
    first_step = min(first_step, select(norm2 <= limit, never, S(static_cast<double>(k))));
  };
  auto stepper = lanes_stepper<State>(method);
  const ode_system<G> system(g);
  project(g, x);
  check(0);
  if (observe) observe(x, 0L);
  double t = 0;
  for (long k = 1; k <= steps; ++k) {
    stepper.do_step(system, x, t, h);
    if constexpr (std::is_same_v<Method, rk4_method>) project(g, x);
    t += h;
    check(k);
    if (observe) observe(x, k);
  }
  for (Eigen::Index i = 0; i < size; ++i) {
    x[i].store(lane);
    for (Eigen::Index l = 0; l < count; ++l) states(i, first + l) = lane[l];
  }
  first_step.store(lane);
  for (Eigen::Index l = 0; l < count; ++l) {
    out.diverged[first + l] = lane[l] < std::numeric_limits<double>::infinity();
    out.diverged_step[first + l] = out.diverged[first + l] ? static_cast<int>(lane[l]) : -1;
  }
}

}  // namespace detail

// Runs `steps` iterations of `method` (an update rule, or rk4_method) with step h on every
// column of `states` (2n rows for a Dirac-GAN) in groups of W lanes. Throws
// std::invalid_argument for states whose rows do not match the game.
template <int W = default_lanes, class Method, game G>
lanes_result iterate_lanes(const Method& method, const G& g, Eigen::Ref<Eigen::MatrixXd> states, long steps, double h,
                           double bound = 1e10) {
  if (states.rows() != state_dim(g)) throw std::invalid_argument("iterate_lanes: states need one row per coordinate");
  if (steps < 0) throw std::invalid_argument("iterate_lanes: steps must be >= 0");
  const Eigen::Index count = states.cols();
  lanes_result out{Eigen::Array<bool, Eigen::Dynamic, 1>(count), Eigen::ArrayXi(count)};
  detail::for_each_lane_group<W>(count, [&](Eigen::Index first, Eigen::Index m) {
    detail::run_group<W>(method, g, states, first, m, steps, h, bound, out, {});
  });
  return out;
}

}  // namespace gandyn
