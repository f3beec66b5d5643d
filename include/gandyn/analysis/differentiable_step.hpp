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
