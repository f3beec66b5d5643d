// --method and the rule flags (SPEC 5) -> a gandyn update rule, or a flow integrator.
#pragma once

#include "flag_set.hpp"

#include <gandyn/gandyn.hpp>

#include <initializer_list>
#include <string>
#include <variant>
#include <vector>

namespace cli {

using any_rule = std::variant<gandyn::simgd, gandyn::altgd, gandyn::extragradient, gandyn::optimistic,
                              gandyn::momentum, gandyn::adam, gandyn::rmsprop>;

struct flow_method {};  // analyze: the flow's own Jacobian
struct rk4_flow {};
struct dopri5_flow {
  gandyn::dopri5_tolerances tolerances;
};
using any_method = std::variant<any_rule, flow_method, rk4_flow, dopri5_flow>;

inline const std::vector<std::string> rule_flag_names = {"--h-d", "--ng",  "--nd",  "--beta", "--beta1",
                                                         "--beta2", "--alpha", "--eps", "--rtol", "--atol"};

inline void add_rule_flags(flag_registry& r, const std::string& methods) {
  r.add("--method", methods, true);
  r.add("--h", "step size h (the generator's), > 0");
  r.add("--h-d", "the discriminator's step size, > 0 (default: --h)");
  r.add("--ng", "generator steps per alternating block, integer >= 1 (1)");
  r.add("--nd", "discriminator steps per alternating block, integer >= 1 (1)");
  r.add_switch("--d-first", "alternating: discriminator first");
  r.add("--beta", "momentum, in (-1, 1) (0.5)");
  r.add("--beta1", "Adam beta1, in [0, 1) (0.9)");
  r.add("--beta2", "Adam beta2, in [0, 1) (0.999)");
  r.add("--alpha", "RMSProp alpha, in [0, 1) (0.99)");
  r.add("--eps", "Adam / RMSProp epsilon, > 0 (1e-8)");
  r.add("--rtol", "dopri5 relative tolerance, > 0 (1e-8)");
  r.add("--atol", "dopri5 absolute tolerance, > 0 (1e-8)");
}

// A flag given that the method does not use is an error: silently ignoring it would
// misreport an experiment.
inline void only(const flag_set& f, const std::string& method, std::initializer_list<const char*> allowed) {
  for (const std::string& flag : rule_flag_names) {
    if (!f.has(flag)) continue;
    bool ok = false;
    for (const char* a : allowed) ok = ok || flag == a;
    if (!ok) throw usage_error(flag + " does not apply to --method " + method);
  }
  if (f.has("--d-first")) {
    bool ok = false;
    for (const char* a : allowed) ok = ok || std::string("--d-first") == a;
    if (!ok) throw usage_error("--d-first does not apply to --method " + method);
  }
}

inline double step_size(const flag_set& f) {
  if (!f.has("--h")) throw usage_error("--h is required");
  return *number_in("--h", f.get("--h"), bound_kind::positive);
}

inline any_method method_from(const flag_set& f, const std::vector<std::string>& allowed_methods) {
  const std::string m = f.text("--method");
  bool known = false;
  for (const auto& a : allowed_methods) known = known || a == m;
  if (!known) {
    std::string list;
    for (const auto& a : allowed_methods) list += (list.empty() ? "" : "|") + a;
    throw usage_error("unknown --method '" + m + "' (expected " + list + ")");
  }
  if (m == "flow") {
    if (f.has("--h")) throw usage_error("--h does not apply to --method flow");
    only(f, m, {});
    return flow_method{};
  }
  const double h = step_size(f);
  const double scale = f.number("--h-d", bound_kind::positive, h) / h;
  const int ng = static_cast<int>(f.integer("--ng", 1, 1));
  const int nd = static_cast<int>(f.integer("--nd", 1, 1));
  const double eps = f.number("--eps", bound_kind::positive, 1e-8);
  const bool d_first = f.has("--d-first");
  const bool alternating = f.has("--ng") || f.has("--nd") || d_first;
  if (m == "simgd") {
    only(f, m, {"--h-d"});
    return any_rule{gandyn::simgd{.discriminator_scale = scale}};
  }
  if (m == "extragradient") {
    only(f, m, {"--h-d"});
    return any_rule{gandyn::extragradient{.discriminator_scale = scale}};
  }
  if (m == "optimistic") {
    only(f, m, {"--h-d"});
    return any_rule{gandyn::optimistic{.discriminator_scale = scale}};
  }
  if (m == "altgd") {
    only(f, m, {"--h-d", "--ng", "--nd", "--d-first"});
    return any_rule{gandyn::altgd{.ng = ng, .nd = nd, .discriminator_first = d_first, .discriminator_scale = scale}};
  }
  if (m == "momentum") {
    only(f, m, {"--h-d", "--beta"});
    return any_rule{gandyn::momentum{.beta = f.number("--beta", bound_kind::open_unit_ball, 0.5),
                                     .discriminator_scale = scale}};
  }
  if (m == "adam") {
    only(f, m, {"--h-d", "--ng", "--nd", "--d-first", "--beta1", "--beta2", "--eps"});
    return any_rule{gandyn::adam{.beta1 = f.number("--beta1", bound_kind::unit_interval_open_right, 0.9),
                                 .beta2 = f.number("--beta2", bound_kind::unit_interval_open_right, 0.999),
                                 .eps = eps, .alternating = alternating, .ng = ng, .nd = nd,
                                 .discriminator_first = d_first, .discriminator_scale = scale}};
  }
  if (m == "rmsprop") {
    only(f, m, {"--h-d", "--ng", "--nd", "--d-first", "--alpha", "--eps"});
    return any_rule{gandyn::rmsprop{.alpha = f.number("--alpha", bound_kind::unit_interval_open_right, 0.99),
                                    .eps = eps, .alternating = alternating, .ng = ng, .nd = nd,
                                    .discriminator_first = d_first, .discriminator_scale = scale}};
  }
  if (m == "rk4") {
    only(f, m, {});
    return rk4_flow{};
  }
  only(f, m, {"--rtol", "--atol"});  // dopri5
  return dopri5_flow{{.rtol = f.number("--rtol", bound_kind::positive, 1e-8),
                      .atol = f.number("--atol", bound_kind::positive, 1e-8)}};
}

}  // namespace cli
