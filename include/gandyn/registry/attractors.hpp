// Definitions of orbit, lyapunov and boundary and their JSON (commands.hpp; docs/program.md,
// "orbit", "lyapunov", "boundary"; docs/analysis.md, "Attractors"). Include in exactly one
// translation unit. The game x method dispatch is in one place, attractor_dispatch: it turns
// the request's game and method into type-erased steps with exact Jacobians
// (analysis/differentiable_step.hpp), each rule once on the erased game (registry/erased_game.hpp);
// everything after it (labels, Newton, shooting, Benettin) is compiled once.
#pragma once

#include "gandyn/analysis/differentiable_step.hpp"
#include "gandyn/analysis/equilibrium.hpp"
#include "gandyn/analysis/find_orbit.hpp"
#include "gandyn/analysis/lyapunov.hpp"
#include "gandyn/analysis/stability_boundary.hpp"
#include "gandyn/registry/analysed_step.hpp"
#include "gandyn/registry/commands.hpp"
#include "gandyn/registry/erased_game.hpp"
#include "gandyn/registry/make_game.hpp"
#include "gandyn/registry/methods.hpp"
#include "gandyn/registry/prepared_simulation.hpp"
#include "gandyn/registry/simulate_request.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <variant>
#include <vector>

namespace gandyn::registry {

namespace detail {
template <class Rule>
inline constexpr bool is_lookahead = false;
template <class Base>
inline constexpr bool is_lookahead<lookahead<Base>> = true;
}  // namespace detail

// Lookahead over a base rule by the chain rule over the base's own step (lookahead_step,
// analysis/differentiable_step.hpp), so that the block is not differentiated once more per base.
differentiable_map analysed_step(const any_rule& rule, const erased_game& g, double h) {
  return std::visit(
      [&](const auto& r) -> differentiable_map {
        using R = std::decay_t<decltype(r)>;
        if constexpr (!analysable_rule<R>) {
          throw std::invalid_argument("analysed_step: the rule's map depends on the step count");
        } else if constexpr (detail::is_lookahead<R>) {
          return lookahead_step(rule_step(r.base, g, h), g, r.steps, r.alpha);
        } else {
          return rule_step(r, g, h);
        }
      },
      rule);
}

namespace detail {

// The request's game and method as steps: the flow's RK4 step (method flow, step h, default
// 0.01) or a rule's one-iteration map on its analysed state, with the start and what the orbit
// search needs.
struct attractor_setup {
  bool flow = false;
  double h = 0.01;
  differentiable_flow_step flow_step;
  differentiable_map map;
  Eigen::VectorXd x0;  // [theta; psi]
  Eigen::VectorXd z0;  // the method's state: x0, or [x0; 0] for a stateful rule
  orbit_problem problem;
};

// THE game x method dispatch of the attractor commands.
inline attractor_setup attractor_dispatch(const request& r, const std::vector<std::string>& own, const char* command,
                                          const orbit_search& search = {}) {
  std::vector<std::string> own_and_start = own;
  for (const char* p : {"h", "theta", "psi"}) own_and_start.push_back(p);
  r.allow_only(command_parameters(own_and_start), command);
  attractor_setup s;
  s.x0 = start_state(r);
  if (!s.x0.allFinite()) throw parameter_error("theta", "{theta} and {psi} must be finite");
  const Eigen::Index n = s.x0.size() / 2;
  const dirac_game<> game = make_game(r.required("game"), game_parameters_from(r), n);
  const std::string& name = r.required("method");
  s.flow = name == "flow";
  any_method method;
  if (s.flow) {
    request without_h = r;  // the flow's h is its integration step, not a method parameter
    without_h.values.erase("h");
    method = method_from(without_h, analysed_methods);
    s.h = r.number("h", 0.01);
  } else {
    method = method_from(r, analysed_methods);
    s.h = step_size(r);
  }
  require_losses(method, game, r.required("game"));
  // Every method is compiled once, against the erased game (registry/erased_game.hpp).
  const Eigen::VectorXd equilibrium =
      std::visit([](const auto& g) -> Eigen::VectorXd { return dirac_equilibrium(g); }, game);
  const erased_game g = erase(game);
  const non_differentiable_at why = [g](const Eigen::VectorXd& x) { return g.non_differentiable_reason(x); };
  if (s.flow) {
    s.flow_step = rk4_flow_step(g);
    s.z0 = s.x0;
    s.problem = flow_orbit_problem(
        s.flow_step, s.h, equilibrium,
        [g](const Eigen::VectorXd& x) { return Eigen::VectorXcd(eigenvalues(jacobian(g, x))); }, why, search);
    return s;
  }
  std::visit(
      [&](const auto& rule) {
        using R = std::decay_t<decltype(rule)>;
        if constexpr (analysable_rule<R>) {
          s.map = analysed_step(rule, g, s.h);
          s.z0 = analysed_point<R>(g, s.x0);
          s.problem = map_orbit_problem(s.map, s.z0.size(), equilibrium, why, search);
        }
      },
      std::get<any_rule>(method));
  return s;
}

inline nlohmann::ordered_json complex_list(const Eigen::VectorXcd& values) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& e : values) list.push_back({{"re", e.real()}, {"im", e.imag()}});
  return list;
}

// PARAM=LO:HI of boundary.
struct boundary_range {
  std::string parameter;
  double lo = 0, hi = 0;
};

inline boundary_range parse_boundary_range(const std::string& text) {
  const auto eq = text.find('=');
  const auto colon = eq == std::string::npos ? std::string::npos : text.find(':', eq);
  if (eq == std::string::npos || colon == std::string::npos || text.find(':', colon + 1) != std::string::npos)
    throw parameter_error("param", "{param} '" + text + "' is not PARAM=LO:HI");
  boundary_range b;
  b.parameter = text.substr(0, eq);
  if (std::find(grid_parameters.begin(), grid_parameters.end(), b.parameter) == grid_parameters.end() ||
      b.parameter == "steps") {
    const auto close = closest_name(b.parameter, grid_parameters);
    throw parameter_error("param", "{param}: unknown parameter '" + b.parameter + "' in '" + text + "'" +
                                       (close ? "; did you mean '" + *close + "'?" : ""));
  }
  b.lo = parse_number("param", text.substr(eq + 1, colon - eq - 1));
  b.hi = parse_number("param", text.substr(colon + 1));
  if (!(b.lo < b.hi)) throw parameter_error("param", "{param} '" + text + "' needs LO < HI");
  return b;
}

}  // namespace detail

orbit_report orbit(const request& r) {
  const detail::attractor_setup s = detail::attractor_dispatch(r, {"max-period"}, "orbit");
  orbit_options options;
  options.max_period = r.integer("max-period", 64);
  const orbit_result o = find_orbit(s.problem, s.z0, options);
  orbit_report out;
  out.kind = std::string(to_string(o.kind));
  out.point = o.point;
  out.period = o.period;
  if (o.kind == orbit_kind::cycle) out.multipliers = o.multipliers;
  if (o.kind == orbit_kind::equilibrium && o.eigenvalues.size() > 0) out.eigenvalues = o.eigenvalues;
  out.reason = o.reason;
  out.label = std::string(to_string(o.basin.label));
  out.final_distance = o.basin.final_distance;
  return out;
}

std::string orbit_json(const orbit_report& o) {
  nlohmann::ordered_json j;
  j["kind"] = o.kind;
  j["point"] = std::vector<double>(o.point.data(), o.point.data() + o.point.size());
  j["period"] = o.period ? nlohmann::ordered_json(*o.period) : nlohmann::ordered_json(nullptr);
  j["multipliers"] = o.multipliers ? detail::complex_list(*o.multipliers) : nlohmann::ordered_json(nullptr);
  j["eigenvalues"] = o.eigenvalues ? detail::complex_list(*o.eigenvalues) : nlohmann::ordered_json(nullptr);
  j["reason"] = o.reason.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(o.reason);
  j["basin"] = o.label;
  j["final_distance"] = o.final_distance;
  return j.dump(2);
}

namespace detail {
inline lyapunov_options lyapunov_options_from(const request& r, const attractor_setup& s) {
  const run_settings settings = lyapunov_settings(r, s.flow);
  return {.steps = settings.steps, .transient = settings.transient, .bound = settings.bound};
}
}  // namespace detail

void check_lyapunov(const request& r) {
  (void)detail::lyapunov_options_from(r, detail::attractor_dispatch(r, {"steps", "transient", "bound"}, "lyapunov"));
}

lyapunov_report lyapunov(const request& r) {
  const detail::attractor_setup s = detail::attractor_dispatch(r, {"steps", "transient", "bound"}, "lyapunov");
  const lyapunov_options options = detail::lyapunov_options_from(r, s);
  const lyapunov_result l = s.flow ? flow_lyapunov(s.flow_step, s.z0, s.h, options) : map_lyapunov(s.map, s.z0, options);
  return {l.exponents, l.ended};
}

std::string lyapunov_json(const lyapunov_report& l) {
  nlohmann::ordered_json j;
  j["exponents"] = std::vector<double>(l.exponents.data(), l.exponents.data() + l.exponents.size());
  return j.dump(2);
}

boundary_report boundary(const request& r, const progress_hook& progress) {
  r.allow_only(command_parameters({"h", "dim", "theta", "psi", "param"}), "boundary");
  const detail::boundary_range range = detail::parse_boundary_range(r.required("param"));
  request base = r;
  base.values.erase("param");
  if (base.has(range.parameter))
    throw parameter_error("param", "{param} scans '" + range.parameter + "', which is also given by its own flag");
  const auto cell = [&](double value) {
    request c = base;
    const std::string text = full_precision(value);
    if (range.parameter == "theta0" || range.parameter == "psi0") {
      const std::string name = range.parameter == "theta0" ? "theta" : "psi";
      if (!c.has(name)) throw parameter_error("param", "{param} " + range.parameter + " needs {" + name + "}");
      const std::string& list = c.values.at(name);
      const auto comma = list.find(',');
      c.values[name] = text + (comma == std::string::npos ? "" : list.substr(comma));
    } else {
      c.values[range.parameter] = text;
    }
    return c;
  };
  // Bad input is found at the range's ends, before the scan (each parameter's domain is an
  // interval, so the ends cover every value between).
  for (const double end : {range.lo, range.hi}) {
    try {
      (void)analyze(cell(end), false);
    } catch (const std::domain_error&) {
    }
  }
  long evaluations = 0;
  const auto verdict_at = [&](double value) -> std::string {
    if (progress && ++evaluations % 64 == 0 && !progress(evaluations, 1100)) throw cancelled();
    try {
      return std::string(gandyn::to_string(analyze(cell(value), false).verdict));
    } catch (const std::domain_error&) {
      return "undefined";
    }
  };
  const auto b = find_stability_boundary(verdict_at, range.lo, range.hi);
  return {range.parameter, b.critical, b.below, b.above, b.changes};
}

std::string boundary_json(const boundary_report& b) {
  nlohmann::ordered_json j;
  j["param"] = b.param;
  j["critical"] = b.critical ? nlohmann::ordered_json(*b.critical) : nlohmann::ordered_json(nullptr);
  j["below"] = b.below;
  j["above"] = b.above;
  j["changes"] = b.changes;
  return j.dump(2);
}

}  // namespace gandyn::registry
