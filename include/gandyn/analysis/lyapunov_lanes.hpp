// Lyapunov spectra of many starts at once (docs/analysis.md, "Lyapunov exponents";
// docs/batched.md): Benettin's QR method (Benettin, Galgani, Giorgilli & Strelcyn 1980,
// Meccanica 15; Eckmann & Ruelle 1985, Rev. Mod. Phys. 57, III.A) as analysis/lyapunov.hpp
// runs it for one start,
//
//     J_k Q_{k-1} = Q_k R_k,   lambda_i = sum_k log |R_k(i, i)| / t,
//
// with the step and its Jacobian J_k computed for W starts in one pass: the state's scalar is
// dual<batch<W>, K> (core/dual.hpp over core/batch.hpp), a batch of W trajectories carrying K
// tangents. Seeded with the unit tangents e_1 .. e_m, one step of the rule (the code path of
// detail::step_on_analysed_state: the rule's `step` with a fresh `memory`) or one RK4 step
// (analysis/rk4_step.hpp, with the step size seeded as the last tangent, as rk4_flow_step
// differentiates it) gives in each lane the next state and its m x m step Jacobian
// (tangent j of coordinate i is dF_i/dz_j). Forward-mode differentiation is exact, so every
// lane holds the J_k of its own trajectory; the fields and rules are the templated ones, no
// second copy.
//
// The frame is then carried lane by lane in plain doubles, exactly as the single-start loop
// does: Q <- the Householder QR factor of J Q, sums of log |R_ii|, the same transient
// (detail::lyapunov_transient: only values move; the steps run on plain batch<W> states), the
// same escape test (a coordinate not finite or ||z|| > bound, or a non-finite Jacobian:
// diverged at that step), the same division by (steps - transient) * unit (1 for maps, h for
// flows), and the spectrum sorted descending. A lane that has escaped stops contributing; its
// lane runs on (on meaningless numbers), which no other lane sees: no operation mixes lanes.
//
// The columns are taken W at a time, the last group padded with copies of its last column, so
// a start's numbers do not depend on its lane or its group; groups run in parallel with OpenMP
// when the program is compiled with -fopenmp (as dynamics/iterate_lanes.hpp does).
// Against map_lyapunov / flow_lyapunov on each start alone the results agree to the last bits
// of the exponential (Eigen's vectorised exp against the C library's) and of the order in
// which fixed-size and run-time-size Eigen products sum: tests/lyapunov_lanes.cpp checks
// 1e-12 relative, the same verdicts and the same divergence steps.
//
// Dual numbers over batches meet the fields' code in places that the generic definitions for
// one trajectory cannot serve, as a comparison of two batches is a lane mask, not a bool: a
// batch compared with a dual over it (primal(x) == S(0) in the penalties, primal(psi) > S(clip)
// in the projection), select on such duals, the sigmoid pair of the logistic loss (whose dual
// branch tests the sign of t with a bool) and the instance-noise expectation (which picks its
// quadrature by a test of s). They are given below for dual<batch<W>, K> only, lane by lane,
// with the operations of the single-trajectory dual path.
#pragma once

#include "gandyn/analysis/lyapunov.hpp"
#include "gandyn/analysis/rk4_step.hpp"
#include "gandyn/analysis/step_jacobian.hpp"
#include "gandyn/core/batch.hpp"
#include "gandyn/core/dual.hpp"
#include "gandyn/core/game.hpp"
#include "gandyn/games/instance_noise.hpp"
#include "gandyn/games/losses.hpp"
#include "gandyn/observers/run_result.hpp"

#include <Eigen/Core>
#include <Eigen/QR>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <stdexcept>
#include <utility>
#include <vector>

namespace gandyn {

// A batch compared with a dual number over batches: the values' comparison, lane by lane.
// (Without these the dual's own comparison, which returns a bool, would be chosen and fail.)
template <int W, int K>
[[gnu::always_inline]] inline batch_mask<W> operator==(const batch<W>& a, const dual<batch<W>, K>& b) {
  return a == b.value;
}
template <int W, int K>
[[gnu::always_inline]] inline batch_mask<W> operator!=(const batch<W>& a, const dual<batch<W>, K>& b) {
  return a != b.value;
}
template <int W, int K>
[[gnu::always_inline]] inline batch_mask<W> operator<(const batch<W>& a, const dual<batch<W>, K>& b) {
  return a < b.value;
}
template <int W, int K>
[[gnu::always_inline]] inline batch_mask<W> operator<=(const batch<W>& a, const dual<batch<W>, K>& b) {
  return a <= b.value;
}
template <int W, int K>
[[gnu::always_inline]] inline batch_mask<W> operator>(const batch<W>& a, const dual<batch<W>, K>& b) {
  return a > b.value;
}
template <int W, int K>
[[gnu::always_inline]] inline batch_mask<W> operator>=(const batch<W>& a, const dual<batch<W>, K>& b) {
  return a >= b.value;
}

// a where the mask holds, else b: the value and every tangent, lane by lane.
template <int W, int K>
[[gnu::always_inline]] inline dual<batch<W>, K> select(const batch_mask<W>& mask, const dual<batch<W>, K>& a,
                                                       const dual<batch<W>, K>& b) {
  dual<batch<W>, K> r(select(mask, a.value, b.value));
  for (int k = 0; k < K; ++k) r.tangent[k] = select(mask, a.tangent[k], b.tangent[k]);
  return r;
}

// {sigmoid(t), sigmoid(-t)} as games/losses.hpp's dual branch computes them, with its branch on
// the sign of t taken lane by lane: e = exp(-t) where t >= 0, exp(t) elsewhere (the dual's own
// exponential, so the tangents keep the slope at t = 0), then 1 / (1 + e) and e / (1 + e).
template <int W, int K>
[[gnu::always_inline]] inline std::pair<dual<batch<W>, K>, dual<batch<W>, K>> sigmoid_pair(const dual<batch<W>, K>& t) {
  using S = dual<batch<W>, K>;
  const batch_mask<W> positive = t.value >= batch<W>(0);
  const S e = exp(select(positive, S(-t), t));
  const S large = S(1) / (S(1) + e);
  const S small = e * large;
  return {select(positive, large, small), select(positive, small, large)};
}

// E[f'(m + s eta)], E[f''(m + s eta)] over instance noise (games/instance_noise.hpp) on duals
// over batches, as the batch path takes it: the Gauss-Hermite rule in every lane, then the
// lanes whose s is beyond hermite_largest_scale replaced by the single-trajectory expectation
// (the adapted Gauss-Legendre panels) of that lane's dual number, value and tangents.
template <class Loss, int W, int K>
noisy_slopes<dual<batch<W>, K>> noisy_expectation(const dual<batch<W>, K>& m, const dual<batch<W>, K>& s) {
  using S = dual<batch<W>, K>;
  noisy_slopes<S> sum{S(0), S(0)};
  const auto accumulate = [&](const S& w, const S& t) {
    const auto [d1, d2] = Loss::slopes(t);
    sum.d1 += w * d1;
    sum.d2 += w * d2;
  };
  const batch_mask<W> hermite = s.value <= batch<W>(detail::hermite_largest_scale);
  detail::hermite_quadrature(m, s, accumulate);
  if (all(hermite)) return sum;
  using one = dual<double, K>;
  const auto lane_of = [](const S& x, int lane) {
    one r(x.value.lane(lane));
    for (int k = 0; k < K; ++k) r.tangent[k] = x.tangent[k].lane(lane);
    return r;
  };
  const auto set_lane = [](S& x, int lane, const one& r) {
    x.value.set_lane(lane, r.value);
    for (int k = 0; k < K; ++k) x.tangent[k].set_lane(lane, r.tangent[k]);
  };
  for (int lane = 0; lane < W; ++lane) {
    if (hermite[lane]) continue;
    const noisy_slopes<one> at_lane = noisy_expectation<Loss>(lane_of(m, lane), lane_of(s, lane));
    set_lane(sum.d1, lane, at_lane.d1);
    set_lane(sum.d2, lane, at_lane.d2);
  }
  return sum;
}

namespace detail {

// One iteration of a stateless rule on W states with K = m tangents (flattened: the dual
// arithmetic stays in registers, as core/jacobian.hpp's value_and_jacobian does it).
template <class Rule, game G, class Z>
[[gnu::flatten]] Z rule_step_in_lanes(const Rule& rule, const G& g, const Z& z, double h) {
  return Z(step_on_analysed_state(rule, g, z, h));
}

// One RK4 step of size h on W states. With dual numbers the step size is seeded as the last
// tangent (index m), as rk4_flow_step differentiates [x; dt]: its column is not used, but it
// enters the test for a non-finite Jacobian exactly as in the single-start loop.
template <game G, class Z>
[[gnu::flatten]] Z rk4_step_in_lanes(const G& g, const Z& z, double h) {
  using S = typename Z::Scalar;
  if constexpr (is_batch_v<S>) {
    return Z(rk4_step(g, z, h));
  } else {
    const S dt = S::seeded(decltype(S::value)(h), static_cast<int>(Z::RowsAtCompileTime));
    return Z(rk4_step(g, z, dt));
  }
}

// Whether the state z (m doubles, aligned) escapes: a coordinate not finite or ||z|| > bound.
// The norm is taken as escaped() takes it of a run-time-size vector (the same summation order).
template <int M>
bool escaped_lane(const double* z, double bound) {
  const Eigen::Map<const Eigen::VectorXd, Eigen::AlignedMax> point(z, M);
  return !point.allFinite() || point.norm() > bound;
}

// Benettin's loop for the starts first .. first + count - 1 (count <= W) of `starts`, one per
// lane. `advance(x)` steps a state of batches; `advance_with_tangents(z)` steps a state of duals
// over batches whose first M tangents are seeded with the unit vectors (K >= M tangents: the
// Jacobian is the first M, all K are tested for finiteness). `unit`: the time of one step.
template <int W, int M, int K, class Advance, class AdvanceWithTangents>
void benettin_lanes(const Advance& advance, const AdvanceWithTangents& advance_with_tangents,
                    const Eigen::MatrixXd& starts, Eigen::Index first, Eigen::Index count, const lyapunov_options& o,
                    long transient, double unit, std::vector<lyapunov_result>& out) {
  using B = batch<W>;
  using D = dual<B, K>;
  using lanes_state = Eigen::Matrix<B, M, 1>;
  using dual_state = Eigen::Matrix<D, M, 1>;
  using point = Eigen::Matrix<double, M, 1>;
  using frame = Eigen::Matrix<double, M, M>;

  // Lane l of coordinate i is values[i][l]; of tangent j, tangents[i][j][l]. `lane` gathers one
  // lane's coordinates for the escape test.
  alignas(64) double values[M][W];
  alignas(64) double tangents[M][K][W];
  alignas(64) double lane[M];

  lanes_state x;
  for (int i = 0; i < M; ++i) {
    for (int l = 0; l < W; ++l) values[i][l] = starts(i, first + std::min<Eigen::Index>(l, count - 1));
    x[i] = B::load(values[i]);
  }
  const int active = static_cast<int>(count);
  std::array<bool, W> gone{};
  int running = active;
  // For an escape in the transient the single-start loop returns the start as `last`.
  const auto escape = [&](int l, long k, bool during_transient) {
    gone[l] = true;
    --running;
    lyapunov_result& r = out[static_cast<std::size_t>(first + l)];
    r.ended = {run_status::diverged, k};
    r.last = during_transient ? Eigen::VectorXd(starts.col(first + l)) : Eigen::VectorXd(Eigen::Map<const point>(lane));
  };

  for (long k = 1; k <= transient && running > 0; ++k) {
    x = advance(x);
    for (int i = 0; i < M; ++i) x[i].store(values[i]);
    for (int l = 0; l < active; ++l) {
      if (gone[l]) continue;
      for (int i = 0; i < M; ++i) lane[i] = values[i][l];
      if (escaped_lane<M>(lane, o.bound)) escape(l, k, true);
    }
  }

  std::array<frame, W> q;
  std::array<point, W> sums;
  for (int l = 0; l < W; ++l) {
    q[l].setIdentity();
    sums[l].setZero();
  }
  for (long k = transient + 1; k <= o.steps && running > 0; ++k) {
    dual_state z;
    for (int i = 0; i < M; ++i) z[i] = D::seeded(x[i], i);
    // The state before the step, for `last` if a lane escapes now.
    alignas(64) double before[M][W];
    for (int i = 0; i < M; ++i) x[i].store(before[i]);
    const dual_state next = advance_with_tangents(z);
    for (int i = 0; i < M; ++i) {
      next[i].value.store(values[i]);
      for (int j = 0; j < K; ++j) next[i].tangent[j].store(tangents[i][j]);
      x[i] = next[i].value;
    }
    for (int l = 0; l < active; ++l) {
      if (gone[l]) continue;
      bool finite_jacobian = true;
      frame jac;
      for (int i = 0; i < M; ++i) {
        lane[i] = values[i][l];
        for (int j = 0; j < K; ++j) {
          const double d = tangents[i][j][l];
          finite_jacobian = finite_jacobian && std::isfinite(d);
          if (j < M) jac(i, j) = d;
        }
      }
      if (escaped_lane<M>(lane, o.bound) || !finite_jacobian) {
        for (int i = 0; i < M; ++i) lane[i] = before[i][l];
        escape(l, k, false);
        continue;
      }
      const Eigen::HouseholderQR<frame> qr(frame(jac * q[l]));
      q[l] = qr.householderQ();
      for (int i = 0; i < M; ++i) sums[l][i] += std::log(std::abs(qr.matrixQR()(i, i)));
    }
  }

  for (int i = 0; i < M; ++i) x[i].store(values[i]);
  const double time = static_cast<double>(o.steps - transient) * unit;
  for (int l = 0; l < active; ++l) {
    if (gone[l]) continue;
    lyapunov_result& r = out[static_cast<std::size_t>(first + l)];
    for (int i = 0; i < M; ++i) lane[i] = values[i][l];
    r.last = Eigen::Map<const point>(lane);
    r.ended = {run_status::finished, o.steps};
    r.exponents = Eigen::VectorXd(sums[l]) / time;
    std::sort(r.exponents.begin(), r.exponents.end(), std::greater<>());
  }
}

// The groups of W columns, in parallel with OpenMP.
template <int W, int M, int K, class Advance, class AdvanceWithTangents>
std::vector<lyapunov_result> benettin_in_groups(const Advance& advance, const AdvanceWithTangents& advance_with_tangents,
                                                const Eigen::MatrixXd& starts, const lyapunov_options& o, long transient,
                                                double unit) {
  const Eigen::Index count = starts.cols();
  const Eigen::Index groups = (count + W - 1) / W;
  std::vector<lyapunov_result> out(static_cast<std::size_t>(count));
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic) if (groups > 1)
#endif
  for (Eigen::Index j = 0; j < groups; ++j) {
    const Eigen::Index first = j * W;
    benettin_lanes<W, M, K>(advance, advance_with_tangents, starts, first, std::min<Eigen::Index>(W, count - first), o,
                            transient, unit, out);
  }
  return out;
}

}  // namespace detail

// The Lyapunov spectrum, per iteration, of the stateless update rule `rule` with step h from
// every column of `starts` (2n rows, [theta; psi]), W columns per batch: element j is
// map_lyapunov(rule, g, starts.col(j), h, options). The game's state has a compile-time size.
template <int W = default_lanes, class Rule, game G>
std::vector<lyapunov_result> map_lyapunov_lanes(const Rule& rule, const G& g, const Eigen::MatrixXd& starts, double h,
                                                const lyapunov_options& options = {}) {
  constexpr int m = state_size_v<G>;
  static_assert(m != Eigen::Dynamic, "map_lyapunov_lanes: the game's state needs a compile-time size");
  static_assert(!augmented_rule<Rule, state_of<G, double>>,
                "map_lyapunov_lanes: a rule with a memory in its analysed state is not supported");
  if (!(std::isfinite(h) && h > 0)) throw std::invalid_argument("map_lyapunov_lanes: the step h must be finite and > 0");
  if (starts.rows() != state_dim(g)) throw std::invalid_argument("map_lyapunov_lanes: the starts have the wrong length");
  const long transient = detail::lyapunov_transient(options);
  const auto advance = [&](const auto& x) { return detail::rule_step_in_lanes(rule, g, x, h); };
  return detail::benettin_in_groups<W, m, m>(advance, advance, starts, options, transient, 1.0);
}

// The Lyapunov spectrum, per unit time, of the flow x' = v(x) by RK4 with step h from every
// column of `starts`, W columns per batch: element j is flow_lyapunov(g, starts.col(j), h,
// options). The game's state has a compile-time size.
template <int W = default_lanes, game G>
std::vector<lyapunov_result> flow_lyapunov_lanes(const G& g, const Eigen::MatrixXd& starts, double h,
                                                 const lyapunov_options& options = {}) {
  constexpr int m = state_size_v<G>;
  static_assert(m != Eigen::Dynamic, "flow_lyapunov_lanes: the game's state needs a compile-time size");
  if (starts.rows() != state_dim(g)) throw std::invalid_argument("flow_lyapunov_lanes: the starts have the wrong length");
  if (!(std::isfinite(h) && h > 0)) throw std::invalid_argument("flow_lyapunov_lanes: the step h must be finite and > 0");
  const long transient = detail::lyapunov_transient(options);
  const auto advance = [&](const auto& x) { return detail::rk4_step_in_lanes(g, x, h); };
  return detail::benettin_in_groups<W, m, m + 1>(advance, advance, starts, options, transient, h);
}

}  // namespace gandyn
