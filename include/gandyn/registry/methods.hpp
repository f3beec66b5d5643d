// Method names -> gandyn update rules and flow integrators (docs/rules.md), with the
// parameters each takes. A parameter given to a method that does not use it is an error:
// silently ignoring it would misreport an experiment.
#pragma once

#include "gandyn/dynamics/dopri5_tolerances.hpp"
#include "gandyn/dynamics/rules/adam.hpp"
#include "gandyn/dynamics/rules/altgd.hpp"
#include "gandyn/dynamics/rules/cgd.hpp"
#include "gandyn/dynamics/rules/extragradient.hpp"
#include "gandyn/dynamics/rules/hgd.hpp"
#include "gandyn/dynamics/rules/la.hpp"
#include "gandyn/dynamics/rules/lcgd.hpp"
#include "gandyn/dynamics/rules/lola.hpp"
#include "gandyn/dynamics/rules/lookahead.hpp"
#include "gandyn/dynamics/rules/momentum.hpp"
#include "gandyn/dynamics/rules/optimistic.hpp"
#include "gandyn/dynamics/rules/optimistic_adam.hpp"
#include "gandyn/dynamics/rules/past_extragradient.hpp"
#include "gandyn/dynamics/rules/rmsprop.hpp"
#include "gandyn/dynamics/rules/sga.hpp"
#include "gandyn/dynamics/rules/simgd.hpp"
#include "gandyn/dynamics/rules/sos.hpp"
#include "gandyn/dynamics/rules/unrolled.hpp"
#include "gandyn/registry/closest_name.hpp"
#include "gandyn/registry/parameters.hpp"

#include <algorithm>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

namespace gandyn::registry {

// Every rule but lookahead: what lookahead may run as its base.
using base_rule = std::variant<simgd, altgd, extragradient, optimistic, momentum, adam, rmsprop, sga, cgd, lcgd, hgd,
                               la, lola, sos, past_extragradient, unrolled, optimistic_adam>;

namespace detail {
template <class Bases>
struct with_lookahead;
template <class... Bases>
struct with_lookahead<std::variant<Bases...>> {
  using type = std::variant<Bases..., lookahead<Bases>...>;
};
}  // namespace detail

// Every rule, and lookahead over each base.
using any_rule = detail::with_lookahead<base_rule>::type;

// The rules that need the players' losses (L_G, L_D), not only the field (docs/rules.md,
// "Rules that need the players' losses").
template <class Rule>
inline constexpr bool needs_losses =
    std::is_same_v<Rule, lola> || std::is_same_v<Rule, sos> || std::is_same_v<Rule, unrolled>;
template <class Base>
inline constexpr bool needs_losses<lookahead<Base>> = needs_losses<Base>;

// The rules the program runs on each concrete game type but the consensus ones, so that their
// steps inline the field (the hot loops of simulate and the sweeps); every other rule runs on
// the erased game (registry/erased_game.hpp): one virtual call per evaluation of the field,
// against a build that would otherwise grow with games x rules.
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
      {"sga", {"sga-lambda", "no-align"}, "symplectic gradient adjustment (Balduzzi et al. 2018), aligned (Letcher et al. 2019)"},
      {"cgd", {}, "competitive gradient descent (Schafer & Anandkumar 2019)"},
      {"lcgd", {}, "linearised competitive gradient descent (Schafer & Anandkumar 2019)"},
      {"hgd", {}, "Hamiltonian gradient descent (Balduzzi et al. 2018)"},
      {"la", {"la-alpha"}, "look-ahead (Zhang & Lesser 2010)"},
      {"lola", {"h-d", "la-alpha"}, "learning with opponent-learning awareness (Foerster et al. 2018)"},
      {"sos", {"h-d", "la-alpha"}, "stable opponent shaping (Letcher et al. 2019)"},
      {"lookahead", {"base", "lookahead-steps", "lookahead-alpha"}, "lookahead-minmax over a base rule (Chavdarova et al. 2021)"},
      {"past-extragradient", {}, "extrapolation from the past (Popov 1980; Gidel et al. 2019)"},
      {"unrolled", {"h-d", "unroll-steps"}, "unrolled discriminator steps (Metz et al. 2017)"},
      {"optimistic-adam", {"beta1", "beta2", "eps"}, "optimistic Adam (Daskalakis et al. 2018)"},
      {"rk4", {}, "the flow by classical Runge-Kutta, step h"},
      {"dopri5", {"rtol", "atol"}, "the flow by adaptive Dormand-Prince 5(4), output every h"},
  };
  return table;
}

// The rules lookahead may run (every rule but lookahead).
inline const std::vector<std::string> base_rules = {
    "simgd", "altgd", "extragradient", "optimistic", "momentum", "adam", "rmsprop", "sga", "cgd",
    "lcgd", "hgd", "la", "lola", "sos", "past-extragradient", "unrolled", "optimistic-adam"};

// The methods a command accepts.
inline const std::vector<std::string> simulated_methods = [] {
  std::vector<std::string> m = base_rules;
  for (const char* more : {"lookahead", "rk4", "dopri5"}) m.push_back(more);
  return m;
}();
// Not adam, rmsprop, optimistic-adam: their bias correction makes an iteration depend on the
// step count, so there is no one map to linearise.
inline const std::vector<std::string> analysed_methods = {
    "flow", "simgd", "altgd", "extragradient", "optimistic", "momentum", "sga", "cgd", "lcgd",
    "hgd", "la", "lola", "sos", "lookahead", "past-extragradient", "unrolled"};

// The parameters that belong to some method (each is refused by the others).
inline std::vector<std::string> all_method_parameters() {
  return {method_parameter_names.begin() + 1, method_parameter_names.end()};  // all but "method" itself
}

// The method `name` among `allowed`; an unknown name is an error of `parameter` (method, or
// lookahead's base).
inline const method_info& find_method(const std::string& name, const std::vector<std::string>& allowed,
                                      const std::string& parameter = "method") {
  bool known = false;
  for (const auto& a : allowed) known = known || a == name;
  if (known)
    for (const method_info& m : method_table())
      if (m.name == name) return m;
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : "|") + a;
  for (const method_info& m : method_table())
    if (m.name == name)
      throw parameter_error(parameter, "{" + parameter + "} '" + name + "' does not apply here (expected " + list + ")" +
                                           (name == "adam" || name == "rmsprop" || name == "optimistic-adam"
                                                ? ": its bias correction makes an iteration depend on the step count"
                                                : ""));
  const auto close = closest_name(name, allowed);
  throw parameter_error(parameter, "unknown {" + parameter + "} '" + name + "'" +
                                      (close ? "; did you mean '" + *close + "'?" : " (expected " + list + ")"));
}

// The step size h, required by every method but the flow's analysis.
inline double step_size(const request& r) {
  if (!r.has("h")) throw parameter_error("h", "{h} is required");
  return *r.optional_number("h");
}

namespace detail {

// The rule `name` (one of base_rules) with its parameters from r.
inline base_rule base_rule_from(const std::string& m, const request& r, double h) {
  const double scale = r.number("h-d", h) / h;
  const alternation order{.ng = static_cast<int>(r.integer("ng", 1)),
                          .nd = static_cast<int>(r.integer("nd", 1)),
                          .discriminator_first = r.flag("d-first")};
  const bool alternating = r.has("ng") || r.has("nd") || r.flag("d-first");
  const std::optional<alternation> alternate = alternating ? std::optional(order) : std::nullopt;
  const double eps = r.number("eps", 1e-8);
  const std::optional<double> look_ahead = r.optional_number("la-alpha");
  if (m == "simgd") return simgd{.discriminator_scale = scale};
  if (m == "extragradient") return extragradient{.discriminator_scale = scale};
  if (m == "optimistic") return optimistic{.discriminator_scale = scale};
  if (m == "altgd") return altgd{.order = order, .discriminator_scale = scale};
  if (m == "momentum") return momentum{.beta = r.number("beta", 0.5), .discriminator_scale = scale};
  if (m == "adam")
    return adam{.beta1 = r.number("beta1", 0.9),
                .beta2 = r.number("beta2", 0.999),
                .eps = eps,
                .alternate = alternate,
                .discriminator_scale = scale};
  if (m == "rmsprop") return rmsprop{.alpha = r.number("alpha", 0.99), .eps = eps, .alternate = alternate, .discriminator_scale = scale};
  if (m == "sga") return sga{.lambda = r.number("sga-lambda", 1), .align = !r.flag("no-align")};
  if (m == "cgd") return cgd{};
  if (m == "lcgd") return lcgd{};
  if (m == "hgd") return hgd{};
  if (m == "la") return la{.alpha = look_ahead};
  if (m == "lola") return lola{.alpha = look_ahead, .discriminator_scale = scale};
  if (m == "sos") return sos{.alpha = look_ahead, .discriminator_scale = scale};
  if (m == "past-extragradient") return past_extragradient{};
  if (m == "unrolled") return unrolled{.steps = static_cast<int>(r.integer("unroll-steps", 5)), .discriminator_scale = scale};
  return optimistic_adam{.beta1 = r.number("beta1", 0.9), .beta2 = r.number("beta2", 0.999), .eps = eps};
}

}  // namespace detail

// The method named by r's "method", among `allowed`, with its parameters.
inline any_method method_from(const request& r, const std::vector<std::string>& allowed) {
  const method_info& info = find_method(r.required("method"), allowed);
  const std::string m(info.name);
  // lookahead takes its base rule's parameters too.
  std::vector<std::string> takes = info.parameters;
  const method_info* base = nullptr;
  if (m == "lookahead") {
    std::vector<std::string> bases = base_rules;
    if (std::find(allowed.begin(), allowed.end(), "adam") == allowed.end())
      std::erase_if(bases, [](const std::string& b) { return b == "adam" || b == "rmsprop" || b == "optimistic-adam"; });
    if (r.text("base", "simgd") == "lookahead") throw parameter_error("base", "{base} cannot be lookahead itself");
    base = &find_method(r.text("base", "simgd"), bases, "base");
    for (const auto& p : base->parameters) takes.push_back(p);
  }
  for (const std::string& p : all_method_parameters()) {
    if (!r.has(p)) continue;
    if (std::find(takes.begin(), takes.end(), p) == takes.end())
      throw parameter_error(p, "{" + p + "} does not apply to method " + m + (base ? " over " + std::string(base->name) : ""));
  }
  if (m == "flow") {
    if (r.has("h")) throw parameter_error("h", "{h} does not apply to method flow");
    return flow_method{};
  }
  const double h = step_size(r);
  if (m == "rk4") return rk4_flow{};
  if (m == "dopri5") return dopri5_flow{{.rtol = r.number("rtol", 1e-8), .atol = r.number("atol", 1e-8)}};
  if (base) {
    const auto steps = static_cast<int>(r.integer("lookahead-steps", 5));
    const double alpha = r.number("lookahead-alpha", 0.5);
    return std::visit(
        [&](const auto& b) -> any_method {
          using B = std::decay_t<decltype(b)>;
          return any_rule{lookahead<B>{.base = b, .steps = steps, .alpha = alpha}};
        },
        detail::base_rule_from(std::string(base->name), r, h));
  }
  return std::visit([](const auto& rule) -> any_method { return any_rule{rule}; }, detail::base_rule_from(m, r, h));
}

// A rule that needs the players' losses refuses a game without them (by name, not at compile
// time: the program's game is chosen at run time).
template <class GameVariant>
void require_losses(const any_method& method, const GameVariant& game, const std::string& game_name) {
  const auto* rule = std::get_if<any_rule>(&method);
  if (!rule) return;
  const bool needs = std::visit([](const auto& r) { return needs_losses<std::decay_t<decltype(r)>>; }, *rule);
  const bool has = std::visit([](const auto& g) { return game_with_losses<std::decay_t<decltype(g)>>; }, game);
  if (needs && !has)
    throw parameter_error("method", "{method} needs the players' losses, which game '" + game_name + "' does not expose");
}

}  // namespace gandyn::registry
