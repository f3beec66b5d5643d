// The Jacobian of one iteration x -> F(x) of any deterministic update rule, exact, by
// differentiating through the rule's own step with dual numbers (no formula per rule).
// A rule with an optimiser state that can be loaded and saved (optimistic: v(x_{k-1});
// momentum: m) is analysed on its augmented state z = [x; state]
// (docs/analysis.md, "Step Jacobians"), whose fixed point at an equilibrium x* of v is [x*; 0].
#pragma once

#include "gandyn/core/game.hpp"
#include "gandyn/core/jacobian.hpp"

#include <Eigen/Core>

#include <utility>

namespace gandyn {

// Whether the rule's memory joins the analysed state.
template <class Rule, class State>
concept augmented_rule = requires(typename Rule::template memory<State> m, const State& z) {
  m.load(z);
  { m.saved() } -> std::convertible_to<State>;
};

// The length of the analysed state: dim for a stateless rule, 2 dim for an augmented one.
template <class Rule, game G>
constexpr int analysed_size() {
  constexpr int m = state_size_v<G>;
  if constexpr (augmented_rule<Rule, state_of<G, double>>) {
    return m == Eigen::Dynamic ? Eigen::Dynamic : 2 * m;
  } else {
    return m;
  }
}

// The point at which F is analysed for the state x: x itself, or [x; 0].
template <class Rule, game G, class Derived>
Eigen::Matrix<double, analysed_size<Rule, G>(), 1> analysed_point(const G& g, const Eigen::MatrixBase<Derived>& x) {
  const Eigen::Index m = state_dim(g);
  Eigen::Matrix<double, analysed_size<Rule, G>(), 1> z =
      Eigen::Matrix<double, analysed_size<Rule, G>(), 1>::Zero(augmented_rule<Rule, state_of<G, double>> ? 2 * m : m);
  z.head(m) = x;
  return z;
}

namespace detail {

// One iteration on the analysed state z of a stateless rule: z = x.
template <class Rule, game G, class Z>
  requires(!augmented_rule<Rule, state_of<G, typename Z::Scalar>>)
auto step_on_analysed_state(const Rule& rule, const G& g, const Z& z, double h) {
  using State = state_of<G, typename Z::Scalar>;
  typename Rule::template memory<State> memory{};
  State x = z;
  rule.step(g, x, memory, h);
  return x;
}

// One iteration on the augmented state z = [x; memory] of a stateful rule.
template <class Rule, game G, class Z>
  requires augmented_rule<Rule, state_of<G, typename Z::Scalar>>
auto step_on_analysed_state(const Rule& rule, const G& g, const Z& z, double h) {
  using D = typename Z::Scalar;
  using State = state_of<G, D>;
  const Eigen::Index m = state_dim(g);
  typename Rule::template memory<State> memory{};
  State x = z.head(m);
  memory.load(z.tail(m));
  rule.step(g, x, memory, h);
  Eigen::Matrix<D, analysed_size<Rule, G>(), 1> out(2 * m);
  out << x, memory.saved();
  return out;
}

}  // namespace detail

// One iteration of `rule` with generator step h, as a function of the analysed state.
template <class Rule, game G>
auto one_step_map(const Rule& rule, const G& g, double h) {
  return [&rule, &g, h](const auto& z) { return detail::step_on_analysed_state(rule, g, z.eval(), h); };
}

// dF/dz at z (z from analysed_point), exact.
template <class Rule, game G, class Derived>
auto step_jacobian(const Rule& rule, const G& g, const Eigen::MatrixBase<Derived>& z, double h) {
  return jacobian(one_step_map(rule, g, h), z);
}

}  // namespace gandyn
