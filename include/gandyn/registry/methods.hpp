// Method names -> gandyn update rules and flow integrators (docs/rules.md), with the
// parameters each takes. A parameter given to a method that does not use it is an error:
// silently ignoring it would misreport an experiment.
#pragma once

#include "gandyn/dynamics/adaptive_flow.hpp"
#include "gandyn/dynamics/rules/adam.hpp"
#include "gandyn/dynamics/rules/altgd.hpp"
#include "gandyn/dynamics/rules/extragradient.hpp"
#include "gandyn/dynamics/rules/momentum.hpp"
#include "gandyn/dynamics/rules/optimistic.hpp"
#include "gandyn/dynamics/rules/rmsprop.hpp"
#include "gandyn/dynamics/rules/simgd.hpp"
#include "gandyn/registry/closest_name.hpp"
#include "gandyn/registry/parameters.hpp"

#include <string>
#include <type_traits>
#include <variant>
#include <vector>

namespace gandyn::registry {

using any_rule = std::variant<simgd, altgd, extragradient, optimistic, momentum, adam, rmsprop>;

// The rules the program runs on each concrete game type, so that their steps inline the
// field (the hot loops of simulate and the sweeps); every other rule runs on the erased game
// (registry/erased_game.hpp): one virtual call per evaluation of the field, against a
// build that would otherwise grow with games x rules.
template <class Rule>
inline constexpr bool runs_on_concrete_games = std::is_same_v<Rule, simgd> || std::is_same_v<Rule, altgd>;

struct flow_method {};  // analysis of the flow x' = v(x) itself
struct rk4_flow {};     // the flow by classical Runge-Kutta (Odeint)
struct dopri5_flow {    // the flow by adaptive Dormand-Prince 5(4) (Odeint)
  dopri5_tolerances tolerances;
};
using any_method = std::variant<any_rule, flow_method, rk4_flow, dopri5_flow>;

struct method_info {
  std::string_view name;
  std::vector<std::string> parameters;  // besides h
  std::string_view summary;
};

// Every method, with the parameters it takes.
inline const std::vector<method_info>& method_table() {
  static const std::vector<method_info> table = {
      {"flow", {}, "the gradient flow x' = v(x) (analysis only)"},
      {"simgd", {"h-d"}, "simultaneous gradient steps"},
      {"altgd", {"h-d", "ng", "nd", "d-first"}, "alternating gradient steps (ng generator, then nd discriminator)"},
      {"extragradient", {"h-d"}, "extragradient (Korpelevich 1976)"},
      {"optimistic", {"h-d"}, "optimistic gradient (Daskalakis et al. 2018)"},
      {"momentum", {"h-d", "beta"}, "heavy-ball momentum, beta in (-1, 1)"},
      {"adam", {"h-d", "ng", "nd", "d-first", "beta1", "beta2", "eps"}, "Adam per player (PyTorch's)"},
      {"rmsprop", {"h-d", "ng", "nd", "d-first", "alpha", "eps"}, "RMSProp per player (PyTorch's)"},
      {"rk4", {}, "the flow by classical Runge-Kutta, step h"},
      {"dopri5", {"rtol", "atol"}, "the flow by adaptive Dormand-Prince 5(4), output every h"},
  };
  return table;
}

// The methods a command accepts.
inline const std::vector<std::string> simulated_methods = {"simgd",      "altgd",  "extragradient", "optimistic",
                                                            "momentum",   "adam",   "rmsprop",       "rk4",
                                                            "dopri5"};
inline const std::vector<std::string> analysed_methods = {"flow",       "simgd",   "altgd",
                                                           "extragradient", "optimistic", "momentum"};

// The parameters that belong to some method (each is refused by the others).
inline std::vector<std::string> all_method_parameters() {
  return {"h-d", "ng", "nd", "d-first", "beta", "beta1", "beta2", "alpha", "eps", "rtol", "atol"};
}

inline const method_info& find_method(const std::string& name, const std::vector<std::string>& allowed) {
  bool known = false;
  for (const auto& a : allowed) known = known || a == name;
  if (known)
    for (const method_info& m : method_table())
      if (m.name == name) return m;
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : "|") + a;
  const auto close = closest_name(name, allowed);
  throw parameter_error("method", "unknown {method} '" + name + "'" +
                                      (close ? "; did you mean '" + *close + "'?" : " (expected " + list + ")"));
}

// The step size h, required by every method but the flow's analysis.
inline double step_size(const request& r) {
  if (!r.has("h")) throw parameter_error("h", "{h} is required");
  return *r.optional_number("h");
}

// The method named by r's "method", among `allowed`, with its parameters.
inline any_method method_from(const request& r, const std::vector<std::string>& allowed) {
  const method_info& info = find_method(r.required("method"), allowed);
  const std::string m(info.name);
  for (const std::string& p : all_method_parameters()) {
    if (!r.has(p)) continue;
    bool takes = false;
    for (const auto& q : info.parameters) takes = takes || q == p;
    if (!takes) throw parameter_error(p, "{" + p + "} does not apply to method " + m);
  }
  if (m == "flow") {
    if (r.has("h")) throw parameter_error("h", "{h} does not apply to method flow");
    return flow_method{};
  }
  const double h = step_size(r);
  const double scale = r.number("h-d", h) / h;
  const alternation order{.ng = static_cast<int>(r.integer("ng", 1)),
                          .nd = static_cast<int>(r.integer("nd", 1)),
                          .discriminator_first = r.flag("d-first")};
  const bool alternating = r.has("ng") || r.has("nd") || r.flag("d-first");
  const std::optional<alternation> alternate = alternating ? std::optional(order) : std::nullopt;
  const double eps = r.number("eps", 1e-8);
  if (m == "simgd") return any_rule{simgd{.discriminator_scale = scale}};
  if (m == "extragradient") return any_rule{extragradient{.discriminator_scale = scale}};
  if (m == "optimistic") return any_rule{optimistic{.discriminator_scale = scale}};
  if (m == "altgd") return any_rule{altgd{.order = order, .discriminator_scale = scale}};
  if (m == "momentum") return any_rule{momentum{.beta = r.number("beta", 0.5), .discriminator_scale = scale}};
  if (m == "adam")
    return any_rule{adam{.beta1 = r.number("beta1", 0.9),
                         .beta2 = r.number("beta2", 0.999),
                         .eps = eps,
                         .alternate = alternate,
                         .discriminator_scale = scale}};
  if (m == "rmsprop")
    return any_rule{rmsprop{.alpha = r.number("alpha", 0.99), .eps = eps, .alternate = alternate, .discriminator_scale = scale}};
  if (m == "rk4") return rk4_flow{};
  return dopri5_flow{{.rtol = r.number("rtol", 1e-8), .atol = r.number("atol", 1e-8)}};
}

}  // namespace gandyn::registry
