// Where a start ends, as an object with its multipliers (docs/analysis.md, "Periodic orbits"):
// the run from the start is labelled (analysis/basin.hpp); a start that converges reports its
// equilibrium (polished by Newton's method, analysis/equilibrium.hpp) with the eigenvalues of
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
#include "gandyn/analysis/equilibrium.hpp"
#include "gandyn/analysis/periodic_orbit.hpp"
#include "gandyn/analysis/rk4_step.hpp"
#include "gandyn/analysis/spectrum.hpp"
#include "gandyn/analysis/step_jacobian.hpp"
#include "gandyn/core/game.hpp"
#include "gandyn/core/jacobian.hpp"

#include <Eigen/Core>

#include <cmath>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
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

namespace detail {

inline void check_orbit_options(const orbit_options& o) {
  if (o.steps < 8) throw std::invalid_argument("find_orbit: steps must be >= 8");
  if (o.max_period < 1) throw std::invalid_argument("find_orbit: max_period must be >= 1");
  if (!(o.bound > 0)) throw std::invalid_argument("find_orbit: bound must be > 0");
}

// The run of `step` (a state -> state function on doubles) from z0, every state kept.
template <class Step>
std::vector<Eigen::VectorXd> run_states(const Step& step, Eigen::VectorXd z, long steps, double bound,
                                        run_result& ended) {
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

// The equilibrium at which a run came to rest, with Newton's polish when it stays close.
template <game G>
Eigen::VectorXd polished_root(const G& g, const Eigen::VectorXd& rest) {
  try {
    const auto root = newton_root(g, rest);
    if (root.status == newton_status::converged && (Eigen::VectorXd(root.root) - rest).norm() <= 1e-3 * (1 + rest.norm()))
      return root.root;
  } catch (const std::exception&) {
  }
  return rest;
}

template <game G, class Eigen_of>
void equilibrium_result(const G& g, const Eigen::VectorXd& rest, orbit_result& out, const Eigen_of& eigen_of) {
  out.kind = orbit_kind::equilibrium;
  out.point = polished_root(g, rest);
  if (const auto why = non_differentiable_reason(g, state_of<G>(out.point))) {
    out.reason = *why;
    return;
  }
  try {
    out.eigenvalues = eigen_of(out.point);
  } catch (const std::exception& e) {
    out.reason = e.what();
  }
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

inline std::string none_reason(const basin_result& b) {
  if (!b.reason.empty()) return b.reason;
  return "the run's label is '" + std::string(to_string(b.label)) + "'";
}

}  // namespace detail

// The attractor reached by the flow x' = v(x) (RK4 with step h) from x0.
template <game G>
orbit_result find_flow_orbit(const G& g, const Eigen::VectorXd& x0, double h, const orbit_options& options = {}) {
  detail::check_orbit_options(options);
  if (!(h > 0) || !std::isfinite(h)) throw std::invalid_argument("find_flow_orbit: h must be finite and > 0");
  if (x0.size() != state_dim(g)) throw std::invalid_argument("find_flow_orbit: the start has the wrong length");
  const auto step = [&](const Eigen::VectorXd& x) { return Eigen::VectorXd(rk4_step(g, state_of<G>(x), h)); };
  run_result ended;
  const auto states = detail::run_states(step, x0, options.steps, options.bound, ended);
  const Eigen::VectorXd centre = detail::centre_of(g);
  orbit_result out;
  out.basin = label_trajectory(states, centre, ended, h, options.basin);
  const Eigen::VectorXd& last = states.back();
  switch (out.basin.label) {
    case basin_label::converged:
    case basin_label::converged_elsewhere:
      detail::equilibrium_result(g, last, out, [&](const Eigen::VectorXd& p) {
        return Eigen::VectorXcd(eigenvalues(jacobian(g, state_of<G>(p))));
      });
      return out;
    case basin_label::diverged:
      out.reason = detail::none_reason(out.basin);
      return out;
    default:
      break;
  }
  const auto rows = [&](std::size_t k) -> const Eigen::VectorXd& { return states[k]; };
  const std::optional<double> guess =
      out.basin.period ? out.basin.period : flow_period(states.size(), rows, h, options.candidate_tol);
  if (!guess) {
    out.reason = out.basin.label == basin_label::cycle ? "the run does not return close to its end within the run"
                                                       : detail::none_reason(out.basin);
    return out;
  }
  const orbit_solution s = flow_periodic_orbit(g, last, *guess, h, options.search);
  if (!s.converged) {
    out.reason = s.reason;
    return out;
  }
  out.kind = orbit_kind::cycle;
  out.point = s.point;
  out.period = s.period;
  out.multipliers = s.multipliers;
  return out;
}

// The attractor reached by the update rule's map (step h) from x0 (a stateful rule on its
// augmented state, the memory starting at 0; `point` is then the orbit's [theta; psi] part).
template <analysable_rule Rule, game G>
orbit_result find_map_orbit(const Rule& rule, const G& g, const Eigen::VectorXd& x0, double h,
                            const orbit_options& options = {}) {
  detail::check_orbit_options(options);
  if (!(h > 0) || !std::isfinite(h)) throw std::invalid_argument("find_map_orbit: h must be finite and > 0");
  if (x0.size() != state_dim(g)) throw std::invalid_argument("find_map_orbit: the start has the wrong length");
  const Eigen::Index m = x0.size();
  const auto one = one_step_map(rule, g, h);
  const auto step = [&](const Eigen::VectorXd& z) {
    const Eigen::Matrix<double, analysed_size<Rule, G>(), 1> fixed = z;
    return Eigen::VectorXd(one(fixed));
  };
  run_result ended;
  const Eigen::VectorXd z0 = analysed_point<Rule>(g, state_of<G>(x0));
  const auto states = detail::run_states(step, z0, options.steps, options.bound, ended);
  // The label looks at [theta; psi] only (a momentum's memory is not where training is).
  std::vector<Eigen::VectorXd> xs;
  xs.reserve(states.size());
  for (const auto& z : states) xs.push_back(z.head(m));
  const Eigen::VectorXd centre = detail::centre_of(g);
  orbit_result out;
  basin_options basin = options.basin;
  basin.max_period = options.max_period;
  out.basin = label_trajectory(xs, centre, ended, std::nullopt, basin);
  switch (out.basin.label) {
    case basin_label::converged:
    case basin_label::converged_elsewhere:
      detail::equilibrium_result(g, xs.back(), out, [&](const Eigen::VectorXd& p) {
        return Eigen::VectorXcd(eigenvalues(step_jacobian(rule, g, analysed_point<Rule>(g, state_of<G>(p)), h)));
      });
      return out;
    case basin_label::diverged:
      out.reason = detail::none_reason(out.basin);
      return out;
    default:
      break;
  }
  const auto rows = [&](std::size_t k) -> const Eigen::VectorXd& { return states[k]; };
  std::optional<long> k = out.basin.period ? std::optional<long>(std::lround(*out.basin.period)) : std::nullopt;
  if (!k) k = map_period(states.size(), rows, options.max_period, options.candidate_tol);
  if (k == 1) {  // the run came almost to rest (a saturated field creeps) but not to a fixed point
    out.reason = detail::none_reason(out.basin) + "; the run nearly stops without reaching a fixed point";
    return out;
  }
  if (!k) {
    std::ostringstream why;
    if (out.basin.label == basin_label::cycle) {
      why << "bounded on a closed curve (an invariant circle of the map) with no period-k orbit for k <= "
          << options.max_period;
    } else {
      why << detail::none_reason(out.basin) << "; no period-k orbit for k <= " << options.max_period;
    }
    out.reason = why.str();
    return out;
  }
  const orbit_solution s = map_periodic_orbit(rule, g, states.back(), h, *k, options.search);
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

}  // namespace gandyn
