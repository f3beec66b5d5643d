// Where a start ends, as an object with its multipliers (docs/analysis.md, "Periodic orbits"):
// the run from the start is labelled (analysis/basin.hpp); a start that converges reports its
// equilibrium (polished by least squares Newton on the step's fixed point) with the eigenvalues of
// v' (flow) or of the step map's Jacobian (maps); a start that cycles gives the candidate
// period read off the run's end (analysis/recurrence.hpp, with a looser tolerance than the
// label's so that a slowly settling orbit is still found), which the least squares Newton
// iteration of analysis/periodic_orbit.hpp then makes exact: a period-k orbit of the map, or a
// periodic orbit of the RK4 flow by shooting. Anything else is the kind `none` with the reason
// (diverged, undecided, an invariant circle with no period up to max_period, a Newton
// iteration that did not converge): a result, never an exception or a NaN.
#pragma once

#include "gandyn/analysis/basin.hpp"
#include "gandyn/analysis/differentiability.hpp"
#include "gandyn/analysis/differentiable_step.hpp"
#include "gandyn/analysis/equilibrium.hpp"
#include "gandyn/analysis/periodic_orbit.hpp"
#include "gandyn/analysis/rk4_step.hpp"
#include "gandyn/analysis/spectrum.hpp"
#include "gandyn/analysis/step_jacobian.hpp"
#include "gandyn/core/game.hpp"
#include "gandyn/core/jacobian.hpp"

#include <Eigen/Core>

#include <cmath>
#include <concepts>
#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gandyn {

enum class orbit_kind { cycle, equilibrium, none };

constexpr std::string_view to_string(orbit_kind k) {
  return k == orbit_kind::cycle ? "cycle" : k == orbit_kind::equilibrium ? "equilibrium" : "none";
}

struct orbit_options {
  long steps = 20000;         // of the run that is labelled (iterations, or RK4 steps of h)
  long max_period = 64;       // maps: periods searched, in iterations
  double bound = 1e10;        // the run diverges beyond it
  double candidate_tol = 1e-3;  // recurrence tolerance of the candidate period (relative)
  basin_options basin{};      // the label's criteria (its max_period is max_period)
  orbit_search search{};      // the Newton / shooting iteration
};

struct orbit_result {
  orbit_kind kind = orbit_kind::none;
  Eigen::VectorXd point;          // on the cycle, or the equilibrium ([theta; psi])
  std::optional<double> period;   // a cycle's: iterations (map) or time (flow)
  Eigen::VectorXcd multipliers;   // a cycle's (empty otherwise)
  Eigen::VectorXcd eigenvalues;   // an equilibrium's (empty otherwise, or where v' is undefined)
  std::string reason;             // why `none`, or why an equilibrium has no eigenvalues
  basin_result basin;             // the label of the run
};

// What the search needs of a game and a method, type-erased (analysis/differentiable_step.hpp),
// so that it is compiled once whatever the game and rule.
struct orbit_problem {
  differentiable_map step;     // one step on the method's state z (a flow: one RK4 step of h)
  Eigen::Index dim = 0;        // the [theta; psi] part of z is its head of this length
  Eigen::VectorXd centre;      // the equilibrium of the labels
  std::optional<double> flow_dt;  // a flow's step h; nullopt for a map
  // the eigenvalues reported for an equilibrium x ([theta; psi]), and why there are none
  std::function<Eigen::VectorXcd(const Eigen::VectorXd&)> equilibrium_eigenvalues;
  std::function<std::optional<std::string>(const Eigen::VectorXd&)> non_differentiable;
  // the exact orbit from a point z of the run's end and a candidate period
  std::function<orbit_solution(const Eigen::VectorXd&, double)> solve;
};

namespace detail {

inline void check_orbit_options(const orbit_options& o) {
  if (o.steps < 8) throw std::invalid_argument("find_orbit: steps must be >= 8");
  if (o.max_period < 1) throw std::invalid_argument("find_orbit: max_period must be >= 1");
  if (!(o.bound > 0)) throw std::invalid_argument("find_orbit: bound must be > 0");
}

// The run of `step` from z, every state kept.
inline std::vector<Eigen::VectorXd> run_states(const std::function<Eigen::VectorXd(const Eigen::VectorXd&)>& step,
                                               Eigen::VectorXd z, long steps, double bound, run_result& ended) {
  std::vector<Eigen::VectorXd> states{z};
  states.reserve(static_cast<std::size_t>(steps) + 1);
  ended = {run_status::finished, steps};
  for (long k = 1; k <= steps; ++k) {
    z = step(z);
    if (!z.allFinite() || z.norm() > bound) {
      ended = {run_status::diverged, k};
      break;
    }
    states.push_back(z);
  }
  return states;
}

// The fixed point of the step near the state where a run came to rest: least squares Newton
// on F(z) - z, kept when it converges close by (a fixed point of F is a root of v for every
// rule here, and for the RK4 step near a root).
template <map_with_jacobian F>
Eigen::VectorXd polished_fixed_point(const F& f, const Eigen::VectorXd& rest) {
  Eigen::VectorXd z = rest;
  for (int it = 0; it < 30; ++it) {
    auto [value, jac] = f.with_jacobian(z);
    const Eigen::VectorXd r = value - z;
    if (!r.allFinite() || !jac.allFinite()) return rest;
    if (r.norm() <= 1e-14 * (1 + z.norm()))
      return (z - rest).norm() <= 1e-3 * (1 + rest.norm()) ? z : rest;
    z -= least_squares_step(jac - Eigen::MatrixXd::Identity(z.size(), z.size()), r, 1e-12);
  }
  return rest;
}

inline std::string none_reason(const basin_result& b) {
  if (!b.reason.empty()) return b.reason;
  return "the run's label is '" + std::string(to_string(b.label)) + "'";
}

// The centre of the labels: the Dirac-GAN's equilibrium, or 0 for a game without data.
template <game G>
Eigen::VectorXd centre_of(const G& g) {
  if constexpr (dirac_like_game<G>) {
    return dirac_equilibrium(g);
  } else {
    return Eigen::VectorXd::Zero(state_dim(g));
  }
}

}  // namespace detail

// The attractor reached from z0 (on the problem's state).
// (A template on the problem's type only so that a unit that includes this header without
// calling it compiles none of Eigen's decompositions: analysis/differentiable_step.hpp.)
template <std::same_as<orbit_problem> Problem>
orbit_result find_orbit(const Problem& p, const Eigen::VectorXd& z0, const orbit_options& options = {}) {
  detail::check_orbit_options(options);
  const Eigen::Index m = p.dim;
  run_result ended;
  const auto states = detail::run_states(p.step.value, z0, options.steps, options.bound, ended);
  // The label looks at [theta; psi] only (a momentum's memory is not where training is).
  std::vector<Eigen::VectorXd> xs;
  xs.reserve(states.size());
  for (const auto& z : states) xs.push_back(z.head(m));
  orbit_result out;
  basin_options basin = options.basin;
  basin.max_period = options.max_period;
  out.basin = label_trajectory(xs, p.centre, ended, p.flow_dt, basin);
  switch (out.basin.label) {
    case basin_label::converged:
    case basin_label::converged_elsewhere: {
      out.kind = orbit_kind::equilibrium;
      out.point = detail::polished_fixed_point(p.step, states.back()).head(m);
      if (const auto why = p.non_differentiable(out.point)) {
        out.reason = *why;
        return out;
      }
      try {
        out.eigenvalues = p.equilibrium_eigenvalues(out.point);
      } catch (const std::exception& e) {
        out.reason = e.what();
      }
      return out;
    }
    case basin_label::diverged:
      out.reason = detail::none_reason(out.basin);
      return out;
    default:
      break;
  }
  const auto rows = [&](std::size_t k) -> const Eigen::VectorXd& { return states[k]; };
  std::optional<double> guess = out.basin.period;
  if (!guess) {
    if (p.flow_dt) {
      guess = flow_period(states.size(), rows, *p.flow_dt, options.candidate_tol);
    } else if (const auto k = map_period(states.size(), rows, options.max_period, options.candidate_tol)) {
      guess = static_cast<double>(*k);
    }
  }
  if (!p.flow_dt && guess == 1.0) {  // almost at rest (a saturated field creeps), not at a fixed point
    out.reason = detail::none_reason(out.basin) + "; the run nearly stops without reaching a fixed point";
    return out;
  }
  if (!guess) {
    std::ostringstream why;
    if (p.flow_dt) {
      why << (out.basin.label == basin_label::cycle ? "the run does not return close to its end within the run"
                                                    : detail::none_reason(out.basin));
    } else if (out.basin.label == basin_label::cycle) {
      why << "bounded on a closed curve (an invariant circle of the map) with no period-k orbit for k <= "
          << options.max_period;
    } else {
      why << detail::none_reason(out.basin) << "; no period-k orbit for k <= " << options.max_period;
    }
    out.reason = why.str();
    return out;
  }
  const orbit_solution s = p.solve(states.back(), *guess);
  if (!s.converged) {
    out.reason = s.reason;
    return out;
  }
  out.kind = orbit_kind::cycle;
  out.point = s.point.head(m);
  out.period = s.period;
  out.multipliers = s.multipliers;
  return out;
}

using eigenvalues_at = std::function<Eigen::VectorXcd(const Eigen::VectorXd&)>;
using non_differentiable_at = std::function<std::optional<std::string>(const Eigen::VectorXd&)>;

// The search's problem for the RK4 flow with step h: `field_eigenvalues` gives v''s eigenvalues
// at an equilibrium.
template <flow_step_with_jacobian F>
orbit_problem flow_orbit_problem(const F& f, double h, Eigen::VectorXd centre, eigenvalues_at field_eigenvalues,
                                 non_differentiable_at non_differentiable, const orbit_search& search = {}) {
  if (!(h > 0) || !std::isfinite(h)) throw std::invalid_argument("find_flow_orbit: h must be finite and > 0");
  orbit_problem p;
  p.step = {[f, h](const Eigen::VectorXd& x) { return f.value(x, h); },
            [f, h](const Eigen::VectorXd& x) {
              auto [value, jac] = f.with_jacobian(x, h);
              return std::pair<Eigen::VectorXd, Eigen::MatrixXd>(std::move(value), jac.leftCols(x.size()));
            }};
  p.dim = centre.size();
  p.centre = std::move(centre);
  p.flow_dt = h;
  p.equilibrium_eigenvalues = std::move(field_eigenvalues);
  p.non_differentiable = std::move(non_differentiable);
  p.solve = [f, h, search](const Eigen::VectorXd& x, double period) {
    return flow_periodic_orbit(f, x, period, h, search);
  };
  return p;
}

// The search's problem for a map on a state of length `analysed_dim` whose head is
// [theta; psi] (a stateful rule's memory after it, 0 at a fixed point): an equilibrium's
// eigenvalues are those of the map's Jacobian at [x; 0].
template <map_with_jacobian F>
orbit_problem map_orbit_problem(const F& f, Eigen::Index analysed_dim, Eigen::VectorXd centre,
                                non_differentiable_at non_differentiable, const orbit_search& search = {}) {
  orbit_problem p;
  if constexpr (std::is_same_v<F, differentiable_map>) {
    p.step = f;
  } else {
    p.step = {[f](const Eigen::VectorXd& z) { return Eigen::VectorXd(f.value(z)); },
              [f](const Eigen::VectorXd& z) { return std::pair<Eigen::VectorXd, Eigen::MatrixXd>(f.with_jacobian(z)); }};
  }
  p.dim = centre.size();
  p.centre = std::move(centre);
  p.equilibrium_eigenvalues = [f, analysed_dim](const Eigen::VectorXd& x) {
    Eigen::VectorXd z = Eigen::VectorXd::Zero(analysed_dim);
    z.head(x.size()) = x;
    return Eigen::VectorXcd(eigenvalues(f.with_jacobian(z).second));
  };
  p.non_differentiable = std::move(non_differentiable);
  p.solve = [f, search](const Eigen::VectorXd& z, double period) {
    return map_periodic_orbit(f, z, std::lround(period), search);
  };
  return p;
}

// The attractor reached by the flow x' = v(x) (RK4 with step h) from x0.
template <game G>
orbit_result find_flow_orbit(const G& g, const Eigen::VectorXd& x0, double h, const orbit_options& options = {}) {
  if (x0.size() != state_dim(g)) throw std::invalid_argument("find_flow_orbit: the start has the wrong length");
  const orbit_problem p = flow_orbit_problem(
      rk4_flow_step(g), h, detail::centre_of(g),
      [g](const Eigen::VectorXd& x) { return Eigen::VectorXcd(eigenvalues(jacobian(g, state_of<G>(x)))); },
      [g](const Eigen::VectorXd& x) { return non_differentiable_reason(g, state_of<G>(x)); }, options.search);
  return find_orbit(p, x0, options);
}

// The attractor reached by the update rule's map (step h) from x0 (a stateful rule on its
// augmented state, the memory starting at 0; `point` is then the orbit's [theta; psi] part).
template <analysable_rule Rule, game G>
orbit_result find_map_orbit(const Rule& rule, const G& g, const Eigen::VectorXd& x0, double h,
                            const orbit_options& options = {}) {
  if (!(h > 0) || !std::isfinite(h)) throw std::invalid_argument("find_map_orbit: h must be finite and > 0");
  if (x0.size() != state_dim(g)) throw std::invalid_argument("find_map_orbit: the start has the wrong length");
  const Eigen::VectorXd z0 = analysed_point<Rule>(g, state_of<G>(x0));
  const orbit_problem p = map_orbit_problem(
      rule_step(rule, g, h), z0.size(), detail::centre_of(g),
      [g](const Eigen::VectorXd& x) { return non_differentiable_reason(g, state_of<G>(x)); }, options.search);
  return find_orbit(p, z0, options);
}

}  // namespace gandyn
