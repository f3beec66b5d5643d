// One step of a map or of the RK4 flow with its exact Jacobian, behind std::function
// (docs/analysis.md, "Attractors"). The attractor analyses (Lyapunov spectra, periodic orbits,
// the orbit a start reaches) are written once on this type, so that each game and rule is
// differentiated by exactly one instantiation of core/jacobian.hpp, shared by all of them:
// a program that dispatches over many games and rules compiles the analyses once.
//
//   rule_step(rule, g, h): z -> F_h(z) on the rule's analysed state (analysis/step_jacobian.hpp;
//                          a stateful rule on [x; memory]), and (F_h(z), dF_h/dz);
//   rk4_flow_step(g):      (x, dt) -> one RK4 step (analysis/rk4_step.hpp), and its Jacobian
//                          with respect to [x; dt] (m x (m + 1): the last column is d/d dt).
#pragma once

#include "gandyn/analysis/rk4_step.hpp"
#include "gandyn/analysis/step_jacobian.hpp"
#include "gandyn/core/game.hpp"
#include "gandyn/core/jacobian.hpp"

#include <Eigen/Core>

#include <concepts>
#include <functional>
#include <stdexcept>
#include <utility>

namespace gandyn {

struct differentiable_map {
  std::function<Eigen::VectorXd(const Eigen::VectorXd&)> value;                                   // F(z)
  std::function<std::pair<Eigen::VectorXd, Eigen::MatrixXd>(const Eigen::VectorXd&)> with_jacobian;  // F(z), DF(z)
};

struct differentiable_flow_step {
  std::function<Eigen::VectorXd(const Eigen::VectorXd&, double)> value;  // x, dt -> the RK4 step
  // x, dt -> (the step, its Jacobian with respect to [x; dt])
  std::function<std::pair<Eigen::VectorXd, Eigen::MatrixXd>(const Eigen::VectorXd&, double)> with_jacobian;
};

// What the analyses take: anything with the members of the two types above, called the same way.
// The analyses are templates on it, so that a unit that includes them without calling them
// compiles none of Eigen's decompositions they use (GCC 12 took 30.6 s, now 4.5 s, to parse gandyn.hpp).
template <class F>
concept map_with_jacobian = requires(const F& f, const Eigen::VectorXd& z) {
  f.value(z);
  f.with_jacobian(z);
};
template <class F>
concept flow_step_with_jacobian = requires(const F& f, const Eigen::VectorXd& x, double dt) {
  f.value(x, dt);
  f.with_jacobian(x, dt);
};

// One iteration of `rule` with generator step h on its analysed state (copies of the rule and
// the game are held).
template <class Rule, game G>
differentiable_map rule_step(const Rule& rule, const G& g, double h) {
  using fixed_state = Eigen::Matrix<double, analysed_size<Rule, G>(), 1>;
  const auto f = [rule, g, h](const auto& z) {
    using S = typename std::decay_t<decltype(z)>::Scalar;
    const Eigen::Matrix<S, analysed_size<Rule, G>(), 1> fixed = z;
    return Eigen::Matrix<S, Eigen::Dynamic, 1>(detail::step_on_analysed_state(rule, g, fixed, h));
  };
  return {[f](const Eigen::VectorXd& z) { return Eigen::VectorXd(f(fixed_state(z))); },
          [f](const Eigen::VectorXd& z) {
            auto [value, jac] = value_and_jacobian(f, z);
            return std::pair<Eigen::VectorXd, Eigen::MatrixXd>(std::move(value), std::move(jac));
          }};
}

// Lookahead's block (dynamics/rules/lookahead.hpp; Zhang et al. 2019, "Lookahead Optimizer",
// Algorithm 1) from its base rule's step F on the analysed state z = [x; base memory] (or x):
// k base steps z_k = F^k(z), then the slow weights' step x' = x + alpha (x_k - x), projected,
// with the memory of z_k. By the chain rule, with J = F'(z_{k-1}) ... F'(z_0) = dz_k/dz,
//   dx'/dz = (1 - alpha) [I 0] + alpha (the first m rows of J),   d memory'/dz = the rest of J,
// and a coordinate the projection moved is constant (its row is zero), as it is on dual
// numbers. The value is lookahead's own, bit for bit; the Jacobian equals the one of
// rule_step(lookahead<Base>{...}, g, h) up to rounding, without differentiating the block as a
// whole: a program that has every base rule's step compiles lookahead over all of them once.
template <game G>
differentiable_map lookahead_step(const differentiable_map& base, const G& g, int steps, double alpha) {
  if (steps < 1) throw std::invalid_argument("lookahead: steps must be >= 1");
  if (!(alpha > 0 && alpha <= 1)) throw std::invalid_argument("lookahead: alpha must be in (0, 1]");
  const Eigen::Index m = state_dim(g);
  // The slow weights' step on the block's end, as lookahead::step writes it; `moved` marks the
  // coordinates the projection changed.
  using flags = Eigen::Array<bool, Eigen::Dynamic, 1>;
  const auto finish = [g, m, alpha](const Eigen::VectorXd& z, Eigen::VectorXd& end, flags& moved) {
    const Eigen::VectorXd slow = z.head(m);
    state_of<G> x = end.head(m);
    x = slow + alpha * (x - slow);
    const state_of<G> combined = x;
    project(g, x);
    moved = x.array() != combined.array();
    end.head(m) = x;
  };
  return {[base, steps, finish](const Eigen::VectorXd& z) {
            Eigen::VectorXd end = z;
            for (int k = 0; k < steps; ++k) end = base.value(end);
            flags moved;
            finish(z, end, moved);
            return end;
          },
          [base, steps, finish, m, alpha](const Eigen::VectorXd& z) {
            Eigen::VectorXd end = z;
            Eigen::MatrixXd chain = Eigen::MatrixXd::Identity(z.size(), z.size());
            for (int k = 0; k < steps; ++k) {
              auto [next, jacobian] = base.with_jacobian(end);
              chain = (jacobian * chain).eval();
              end = std::move(next);
            }
            flags moved;
            finish(z, end, moved);
            chain.topRows(m) *= alpha;
            chain.topLeftCorner(m, m).diagonal().array() += 1 - alpha;
            for (Eigen::Index i = 0; i < m; ++i)
              if (moved[i]) chain.row(i).setZero();
            return std::pair<Eigen::VectorXd, Eigen::MatrixXd>(std::move(end), std::move(chain));
          }};
}

// One RK4 step of the flow of g (a copy of the game is held).
template <game G>
differentiable_flow_step rk4_flow_step(const G& g) {
  const auto step = [g](const auto& y) {
    using S = typename std::decay_t<decltype(y)>::Scalar;
    const Eigen::Index m = y.size() - 1;
    const state_of<G, S> x = y.head(m);
    return Eigen::Matrix<S, Eigen::Dynamic, 1>(rk4_step(g, x, y[m]));
  };
  return {[step](const Eigen::VectorXd& x, double dt) {
            Eigen::VectorXd y(x.size() + 1);
            y << x, dt;
            return Eigen::VectorXd(step(y));
          },
          [step](const Eigen::VectorXd& x, double dt) {
            Eigen::VectorXd y(x.size() + 1);
            y << x, dt;
            auto [value, jac] = value_and_jacobian(step, y);
            return std::pair<Eigen::VectorXd, Eigen::MatrixXd>(std::move(value), std::move(jac));
          }};
}

}  // namespace gandyn
