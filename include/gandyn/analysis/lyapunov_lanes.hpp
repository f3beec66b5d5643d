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
// The fields meet dual numbers over batches through core/batch.hpp (their comparisons are lane
// masks, select acts on value and tangents), games/losses.hpp (the sigmoid pair by the chain
// rule on the batch's pair) and games/instance_noise.hpp (each lane's own quadrature).
#pragma once

#include "gandyn/analysis/lyapunov.hpp"
#include "gandyn/analysis/rk4_step.hpp"
#include "gandyn/analysis/step_jacobian.hpp"
#include "gandyn/core/batch.hpp"
#include "gandyn/core/dual.hpp"
#include "gandyn/core/game.hpp"
#include "gandyn/dynamics/detail/lane_groups.hpp"
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

// The lanes' side of Benettin's loop for the starts first .. first + count - 1 (count <= W) of
// `starts`, one per lane, in plain doubles: the escape tests, the frames Q and the sums of
// log |R_ii|. It depends on W, M (the state's size) and K (the tangents: the Jacobian is the
// first M, all K are tested for finiteness) only, not on the game or the rule, so it is
// compiled once for all of them; the steps themselves are benettin_lanes' (below).
template <int W, int M, int K>
class benettin_frames {
 public:
  using point = Eigen::Matrix<double, M, 1>;
  using frame = Eigen::Matrix<double, M, M>;

  // Lane l of coordinate i is values[i][l]; of tangent j, tangents[i][j][l]; before[i][l] is
  // the state before the last step, for `last` if a lane escapes at it.
  alignas(64) double values[M][W];
  alignas(64) double tangents[M][K][W];
  alignas(64) double before[M][W];

  benettin_frames(const Eigen::MatrixXd& starts, Eigen::Index first, Eigen::Index count, double bound,
                  std::vector<lyapunov_result>& out)
      : starts_(starts), first_(first), active_(static_cast<int>(count)), running_(active_), bound_(bound), out_(out) {
    for (int i = 0; i < M; ++i)
      for (int l = 0; l < W; ++l) values[i][l] = starts(i, first + std::min<Eigen::Index>(l, count - 1));
    for (int l = 0; l < W; ++l) {
      q_[l].setIdentity();
      sums_[l].setZero();
    }
  }

  bool running() const { return running_ > 0; }

  // After transient step k (values hold the new states): the escapes.
  [[gnu::noinline]] void after_transient_step(long k) {
    for (int l = 0; l < active_; ++l) {
      if (gone_[l]) continue;
      if (escaped(gather(values, l))) escape(l, k, true);
    }
  }

  // After step k of the frame (values and tangents hold the new states and Jacobians): the
  // escapes (a state beyond the bound or a non-finite Jacobian), else Q <- the QR factor of J Q.
  [[gnu::noinline]] void after_frame_step(long k) {
    for (int l = 0; l < active_; ++l) {
      if (gone_[l]) continue;
      bool finite_jacobian = true;
      frame jac;
      for (int i = 0; i < M; ++i) {
        for (int j = 0; j < K; ++j) {
          const double d = tangents[i][j][l];
          finite_jacobian = finite_jacobian && std::isfinite(d);
          if (j < M) jac(i, j) = d;
        }
      }
      if (escaped(gather(values, l)) || !finite_jacobian) {
        escape(l, k, false);
        continue;
      }
      const Eigen::HouseholderQR<frame> qr(frame(jac * q_[l]));
      q_[l] = qr.householderQ();
      for (int i = 0; i < M; ++i) sums_[l][i] += std::log(std::abs(qr.matrixQR()(i, i)));
    }
  }

  // After the last step (values hold the last states): the results of the lanes still running.
  [[gnu::noinline]] void finish(long steps, long transient, double unit) {
    const double time = static_cast<double>(steps - transient) * unit;
    for (int l = 0; l < active_; ++l) {
      if (gone_[l]) continue;
      lyapunov_result& r = out_[static_cast<std::size_t>(first_ + l)];
      r.last = gather(values, l);
      r.ended = {run_status::finished, steps};
      r.exponents = Eigen::VectorXd(sums_[l]) / time;
      std::sort(r.exponents.begin(), r.exponents.end(), std::greater<>());
    }
  }

 private:
  static point gather(const double (&from)[M][W], int l) {
    point z;
    for (int i = 0; i < M; ++i) z[i] = from[i][l];
    return z;
  }
  // A coordinate not finite or ||z|| > bound, the norm taken as escaped() takes it of a
  // run-time-size vector (the same summation order).
  bool escaped(const point& z) const {
    const Eigen::Map<const Eigen::VectorXd> dynamic(z.data(), M);
    return !dynamic.allFinite() || dynamic.norm() > bound_;
  }
  // For an escape in the transient the single-start loop returns the start as `last`, after it
  // the state before the step.
  void escape(int l, long k, bool during_transient) {
    gone_[l] = true;
    --running_;
    lyapunov_result& r = out_[static_cast<std::size_t>(first_ + l)];
    r.ended = {run_status::diverged, k};
    r.last = during_transient ? Eigen::VectorXd(starts_.col(first_ + l)) : Eigen::VectorXd(gather(before, l));
  }

  const Eigen::MatrixXd& starts_;
  Eigen::Index first_;
  int active_, running_;
  double bound_;
  std::vector<lyapunov_result>& out_;
  std::array<bool, W> gone_{};
  std::array<frame, W> q_;
  std::array<point, W> sums_;
};

// Benettin's loop for the starts first .. first + count - 1 (count <= W) of `starts`, one per
// lane. `advance(x)` steps a state of batches; `advance_with_tangents(z)` steps a state of duals
// over batches whose first M tangents are seeded with the unit vectors (K >= M tangents).
// `unit`: the time of one step.
template <int W, int M, int K, class Advance, class AdvanceWithTangents>
void benettin_lanes(const Advance& advance, const AdvanceWithTangents& advance_with_tangents,
                    const Eigen::MatrixXd& starts, Eigen::Index first, Eigen::Index count, const lyapunov_options& o,
                    long transient, double unit, std::vector<lyapunov_result>& out) {
  using B = batch<W>;
  using D = dual<B, K>;
  benettin_frames<W, M, K> lanes(starts, first, count, o.bound, out);
  Eigen::Matrix<B, M, 1> x;
  for (int i = 0; i < M; ++i) x[i] = B::load(lanes.values[i]);
  for (long k = 1; k <= transient && lanes.running(); ++k) {
    x = advance(x);
    for (int i = 0; i < M; ++i) x[i].store(lanes.values[i]);
    lanes.after_transient_step(k);
  }
  for (long k = transient + 1; k <= o.steps && lanes.running(); ++k) {
    Eigen::Matrix<D, M, 1> z;
    for (int i = 0; i < M; ++i) {
      z[i] = D::seeded(x[i], i);
      x[i].store(lanes.before[i]);
    }
    const Eigen::Matrix<D, M, 1> next = advance_with_tangents(z);
    for (int i = 0; i < M; ++i) {
      next[i].value.store(lanes.values[i]);
      for (int j = 0; j < K; ++j) next[i].tangent[j].store(lanes.tangents[i][j]);
      x[i] = next[i].value;
    }
    lanes.after_frame_step(k);
  }
  for (int i = 0; i < M; ++i) x[i].store(lanes.values[i]);
  lanes.finish(o.steps, transient, unit);
}

// The groups of W columns, in parallel with OpenMP.
template <int W, int M, int K, class Advance, class AdvanceWithTangents>
std::vector<lyapunov_result> benettin_in_groups(const Advance& advance, const AdvanceWithTangents& advance_with_tangents,
                                                const Eigen::MatrixXd& starts, const lyapunov_options& o, long transient,
                                                double unit) {
  std::vector<lyapunov_result> out(static_cast<std::size_t>(starts.cols()));
  for_each_lane_group<W>(starts.cols(), [&](Eigen::Index first, Eigen::Index m) {
    benettin_lanes<W, M, K>(advance, advance_with_tangents, starts, first, m, o, transient, unit, out);
  });
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
