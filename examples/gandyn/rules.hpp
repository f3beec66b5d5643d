// --method and the rule flags (SPEC 5) -> a gandyn update rule, or a flow integrator.
#pragma once

#include "flags.hpp"

#include <gandyn/gandyn.hpp>

#include <string>
#include <variant>
#include <vector>

namespace cli {

using any_rule = std::variant<gandyn::simgd, gandyn::altgd, gandyn::extragradient, gandyn::optimistic,
                              gandyn::momentum, gandyn::adam, gandyn::rmsprop>;

struct rk4_flow {};
struct dopri5_flow {
  gandyn::dopri5_tolerances tolerances;
};
using any_method = std::variant<any_rule, rk4_flow, dopri5_flow>;

struct rule_flags {
  text_flag method, h, h_d, ng, nd, beta, beta1, beta2, alpha, eps, rtol, atol;
  bool d_first = false;
  CLI::Option* d_first_option = nullptr;

  void add(CLI::App* app, const std::string& methods) {
    method.add(app, "--method", methods);
    method.option->required();
    h.add(app, "--h", "step size h (generator's), > 0");
    h_d.add(app, "--h-d", "discriminator's step size, > 0 (default: --h)");
    ng.add(app, "--ng", "generator steps per alternating block (1)");
    nd.add(app, "--nd", "discriminator steps per alternating block (1)");
    d_first_option = app->add_flag("--d-first", d_first, "alternating: discriminator first");
    beta.add(app, "--beta", "momentum, in (-1, 1) (0.5)");
    beta1.add(app, "--beta1", "Adam beta1, in [0, 1) (0.9)");
    beta2.add(app, "--beta2", "Adam beta2, in [0, 1) (0.999)");
    alpha.add(app, "--alpha", "RMSProp alpha, in [0, 1) (0.99)");
    eps.add(app, "--eps", "Adam / RMSProp epsilon, > 0 (1e-8)");
    rtol.add(app, "--rtol", "dopri5 relative tolerance, > 0 (1e-8)");
    atol.add(app, "--atol", "dopri5 absolute tolerance, > 0 (1e-8)");
  }

  // The flags given that `method` does not use are errors: a silently ignored flag would
  // misreport an experiment.
  void only(const std::string& m, std::initializer_list<const text_flag*> allowed, bool allow_d_first) const {
    for (const text_flag* f : {&h_d, &ng, &nd, &beta, &beta1, &beta2, &alpha, &eps, &rtol, &atol}) {
      if (!f->given()) continue;
      bool ok = false;
      for (const text_flag* a : allowed) ok = ok || a == f;
      if (!ok) throw usage_error(f->name + " does not apply to --method " + m);
    }
    if (d_first && !allow_d_first) throw usage_error("--d-first does not apply to --method " + m);
  }

  double step() const {
    if (!h.given()) throw usage_error("--h is required");
    return *number_in("--h", h.value(), bound_kind::positive);
  }

  any_method make(const std::vector<std::string>& allowed_methods) const {
    const std::string m = method.text;
    bool known = false;
    for (const auto& a : allowed_methods) known = known || a == m;
    if (!known) {
      std::string list;
      for (const auto& a : allowed_methods) list += (list.empty() ? "" : "|") + a;
      throw usage_error("unknown --method '" + m + "' (expected " + list + ")");
    }
    const double hv = step();
    const double scale = h_d.given() ? *number_in("--h-d", h_d.value(), bound_kind::positive) / hv : 1.0;
    const int ngv = ng.given() ? static_cast<int>(parse_integer("--ng", ng.text, 1)) : 1;
    const int ndv = nd.given() ? static_cast<int>(parse_integer("--nd", nd.text, 1)) : 1;
    const double epsv = eps.given() ? *number_in("--eps", eps.value(), bound_kind::positive) : 1e-8;
    if (m == "simgd" || m == "extragradient" || m == "optimistic") {
      only(m, {&h_d}, false);
      if (m == "simgd") return any_rule{gandyn::simgd{.discriminator_scale = scale}};
      if (m == "extragradient") return any_rule{gandyn::extragradient{.discriminator_scale = scale}};
      return any_rule{gandyn::optimistic{.discriminator_scale = scale}};
    }
    if (m == "altgd") {
      only(m, {&h_d, &ng, &nd}, true);
      return any_rule{gandyn::altgd{.ng = ngv, .nd = ndv, .discriminator_first = d_first, .discriminator_scale = scale}};
    }
    if (m == "momentum") {
      only(m, {&h_d, &beta}, false);
      const double b = beta.given() ? *number_in("--beta", beta.value(), bound_kind::open_unit_ball) : 0.5;
      return any_rule{gandyn::momentum{.beta = b, .discriminator_scale = scale}};
    }
    const bool alternating = ng.given() || nd.given() || d_first;
    if (m == "adam") {
      only(m, {&h_d, &ng, &nd, &beta1, &beta2, &eps}, true);
      return any_rule{gandyn::adam{
          .beta1 = beta1.given() ? *number_in("--beta1", beta1.value(), bound_kind::unit_interval_open_right) : 0.9,
          .beta2 = beta2.given() ? *number_in("--beta2", beta2.value(), bound_kind::unit_interval_open_right) : 0.999,
          .eps = epsv, .alternating = alternating, .ng = ngv, .nd = ndv, .discriminator_first = d_first,
          .discriminator_scale = scale}};
    }
    if (m == "rmsprop") {
      only(m, {&h_d, &ng, &nd, &alpha, &eps}, true);
      return any_rule{gandyn::rmsprop{
          .alpha = alpha.given() ? *number_in("--alpha", alpha.value(), bound_kind::unit_interval_open_right) : 0.99,
          .eps = epsv, .alternating = alternating, .ng = ngv, .nd = ndv, .discriminator_first = d_first,
          .discriminator_scale = scale}};
    }
    if (m == "rk4") {
      only(m, {}, false);
      return rk4_flow{};
    }
    only(m, {&rtol, &atol}, false);  // dopri5
    return dopri5_flow{{.rtol = rtol.given() ? *number_in("--rtol", rtol.value(), bound_kind::positive) : 1e-8,
                        .atol = atol.given() ? *number_in("--atol", atol.value(), bound_kind::positive) : 1e-8}};
  }
};

}  // namespace cli
