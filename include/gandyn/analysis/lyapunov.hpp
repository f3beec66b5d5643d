// Lyapunov spectra (docs/analysis.md, "Lyapunov exponents"): the average exponential rates at
// which a trajectory's neighbours separate, one per direction,
//
//     lambda_i = lim (1/t) log sigma_i(DPhi_t(x_0)),
//
// sigma_i the singular values of the linearised flow (Oseledets' theorem). Computed by
// Benettin's QR method (Benettin, Galgani, Giorgilli & Strelcyn 1980, Meccanica 15; Eckmann
// & Ruelle 1985, Rev. Mod. Phys. 57, section III.A): an orthonormal frame Q_0 = I is carried
// by the exact step Jacobians J_k (core/jacobian.hpp) and re-orthonormalised each step,
// J_k Q_{k-1} = Q_k R_k, and lambda_i = sum_k log |R_k(i,i)| / t.
//   * map_lyapunov: one iteration of an update rule, J_k = dF/dz on the rule's analysed state
//     (analysis/step_jacobian.hpp), t = iterations: exponents per iteration.
//   * flow_lyapunov: the flow x' = v(x) by fixed-step RK4 (analysis/rk4_step.hpp), whose step
//     Jacobian is the RK4 step of the variational equation Phi' = v'(x) Phi integrated with
//     the trajectory; t = time: exponents per unit time.
// The first `transient` of the `steps` steps move the state only; the frame starts after them.
// The loop is written once on analysis/differentiable_step.hpp's type-erased steps.
// Checks (tests/lyapunov.cpp): at a fixed point the exponents are log |mu_i| of the map's
// Jacobian, Re lambda_i of the flow's; their sum is the average of log |det J_k| (maps) or of
// trace v' (flows: Liouville's formula), as the product of the R_k's diagonals is det of the
// product of the J_k.
#pragma once

#include "gandyn/analysis/differentiable_step.hpp"
#include "gandyn/analysis/stability_report.hpp"
#include "gandyn/analysis/step_jacobian.hpp"
#include "gandyn/core/game.hpp"
#include "gandyn/core/jacobian.hpp"
#include "gandyn/observers/run_result.hpp"

#include <Eigen/Core>
#include <Eigen/QR>

#include <algorithm>
#include <cmath>
#include <functional>
#include <stdexcept>
#include <string>
#include <utility>

namespace gandyn {

struct lyapunov_options {
  long steps = 10000;   // iterations (maps) or RK4 steps (flows), the transient included
  long transient = -1;  // steps before the frame starts; -1: a tenth of steps
  double bound = 1e10;  // diverged when ||z|| > bound or a coordinate is not finite
};

struct lyapunov_result {
  Eigen::VectorXd exponents;  // descending; empty when the run diverged
  run_result ended;           // finished, or diverged at step k
  Eigen::VectorXd last;       // the last finite state (the analysed state for maps)
};

namespace detail {

inline long lyapunov_transient(const lyapunov_options& o) {
  if (o.steps < 1) throw std::invalid_argument("lyapunov: steps must be >= 1 (got " + std::to_string(o.steps) + ")");
  const long m = o.transient < 0 ? o.steps / 10 : o.transient;
  if (m >= o.steps)
    throw std::invalid_argument("lyapunov: transient (" + std::to_string(m) + ") must be below steps (" +
                                std::to_string(o.steps) + ")");
  if (!(o.bound > 0)) throw std::invalid_argument("lyapunov: bound must be > 0");
  return m;
}

inline bool escaped(const Eigen::VectorXd& z, double bound) { return !z.allFinite() || z.norm() > bound; }

// Benettin's loop on a step with its Jacobian (the Jacobian's first z.size() columns are
// used); `unit` is the time of one step (1 for maps, h for flows).
template <class Value, class WithJacobian>
lyapunov_result benettin(const Value& value, const WithJacobian& with_jacobian, Eigen::VectorXd z,
                         const lyapunov_options& o, double unit) {
  const long transient = lyapunov_transient(o);
  lyapunov_result out;
  out.last = z;
  for (long k = 1; k <= transient; ++k) {
    Eigen::VectorXd next = value(z);
    if (escaped(next, o.bound)) {
      out.ended = {run_status::diverged, k};
      return out;
    }
    z = std::move(next);
  }
  const Eigen::Index m = z.size();
  Eigen::MatrixXd q = Eigen::MatrixXd::Identity(m, m);
  Eigen::VectorXd sums = Eigen::VectorXd::Zero(m);
  for (long k = transient + 1; k <= o.steps; ++k) {
    auto [next, jac] = with_jacobian(z);
    if (escaped(next, o.bound) || !jac.allFinite()) {
      out.ended = {run_status::diverged, k};
      out.last = z;
      return out;
    }
    const Eigen::HouseholderQR<Eigen::MatrixXd> qr(Eigen::MatrixXd(jac.leftCols(m) * q));
    q = qr.householderQ();
    for (Eigen::Index i = 0; i < m; ++i) sums[i] += std::log(std::abs(qr.matrixQR()(i, i)));
    z = std::move(next);
  }
  out.last = z;
  out.ended = {run_status::finished, o.steps};
  out.exponents = sums / (static_cast<double>(o.steps - transient) * unit);
  std::sort(out.exponents.begin(), out.exponents.end(), std::greater<>());
  return out;
}

}  // namespace detail

// The Lyapunov spectrum of a map from z0, per iteration.
template <map_with_jacobian F>
lyapunov_result map_lyapunov(const F& f, const Eigen::VectorXd& z0, const lyapunov_options& options = {}) {
  return detail::benettin([&](const Eigen::VectorXd& z) { return f.value(z); },
                          [&](const Eigen::VectorXd& z) { return f.with_jacobian(z); }, z0, options, 1.0);
}

// The Lyapunov spectrum of the RK4 flow with step h from x0, per unit time.
template <flow_step_with_jacobian F>
lyapunov_result flow_lyapunov(const F& f, const Eigen::VectorXd& x0, double h, const lyapunov_options& options = {}) {
  if (!(std::isfinite(h) && h > 0)) throw std::invalid_argument("flow_lyapunov: the step h must be finite and > 0");
  return detail::benettin([&](const Eigen::VectorXd& x) { return f.value(x, h); },
                          [&](const Eigen::VectorXd& x) { return f.with_jacobian(x, h); }, x0, options, h);
}

// The Lyapunov spectrum of the update rule `rule` with step h from the state x0 (a stateful
// rule on its augmented state [x; memory], the memory starting at 0), per iteration.
template <analysable_rule Rule, game G, class Derived>
lyapunov_result map_lyapunov(const Rule& rule, const G& g, const Eigen::MatrixBase<Derived>& x0, double h,
                             const lyapunov_options& options = {}) {
  if (!(std::isfinite(h) && h > 0)) throw std::invalid_argument("map_lyapunov: the step h must be finite and > 0");
  if (x0.size() != state_dim(g)) throw std::invalid_argument("map_lyapunov: the start has the wrong length");
  const Eigen::VectorXd z0 = analysed_point<Rule>(g, state_of<G>(x0.template cast<double>()));
  return map_lyapunov(rule_step(rule, g, h), z0, options);
}

// The Lyapunov spectrum of the flow x' = v(x) from x0, by RK4 with step h, per unit time.
template <game G, class Derived>
lyapunov_result flow_lyapunov(const G& g, const Eigen::MatrixBase<Derived>& x0, double h,
                              const lyapunov_options& options = {}) {
  if (x0.size() != state_dim(g)) throw std::invalid_argument("flow_lyapunov: the start has the wrong length");
  return flow_lyapunov(rk4_flow_step(g), Eigen::VectorXd(x0.template cast<double>()), h, options);
}

}  // namespace gandyn
