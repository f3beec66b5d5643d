// Definitions of analyze and its JSON (commands.hpp; docs/program.md, "analyze"). Include in
// exactly one translation unit: the dispatch over every game and rule, with the exact
// Jacobians' dual numbers, is compiled there.
#pragma once

#include "gandyn/analysis/equilibrium.hpp"
#include "gandyn/analysis/stability_report.hpp"
#include "gandyn/registry/analysed_step.hpp"
#include "gandyn/registry/commands.hpp"
#include "gandyn/registry/erased_game.hpp"
#include "gandyn/registry/make_game.hpp"
#include "gandyn/registry/methods.hpp"
#include "gandyn/registry/simulate_request.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <variant>
#include <vector>

namespace gandyn::registry {

namespace detail {

// The point: theta and psi, or the equilibrium theta = x*, psi = 0 of dimension dim.
inline Eigen::Index analysed_dimension(const request& r) {
  if (r.has("theta") != r.has("psi")) throw parameter_error(r.has("theta") ? "psi" : "theta", "give both {theta} and {psi}, or neither");
  if (!r.has("theta")) return r.integer("dim", 1);
  const Eigen::Index n = start_state(r).size() / 2;
  if (r.has("dim") && r.integer("dim", 1) != n)
    throw parameter_error("dim", "{theta} has " + std::to_string(n) + " values but {dim} is " + r.text("dim"));
  return n;
}

template <class Report>
void copy_report(const Report& from, analysis& to) {
  to.jacobian = from.jacobian;
  to.eigenvalues = from.eigenvalues;
  to.spectral_radius = from.spectral_radius;
  to.spectral_abscissa = from.spectral_abscissa;
  to.verdict = from.verdict;
  to.max_stable_h = from.max_stable_h;
}

}  // namespace detail

analysis analyze(const request& r, bool with_max_stable_h) {
  r.allow_only(command_parameters({"h", "dim", "theta", "psi"}), "analyze");
  const Eigen::Index n = detail::analysed_dimension(r);
  const dirac_game<> game = make_game(r.required("game"), detail::game_parameters_from(r), n);
  const any_method method = method_from(r, analysed_methods);
  require_losses(method, game, r.required("game"));
  analysis out;
  out.point = r.has("theta") ? detail::start_state(r)
                             : std::visit([](const auto& g) -> Eigen::VectorXd { return dirac_equilibrium(g); }, game);
  // Every rule is compiled once, against the erased game (registry/erased_game.hpp).
  const erased_game any = erase(game);
  if (std::holds_alternative<flow_method>(method)) {
    detail::copy_report(analyze_flow(any, out.point), out);
    return out;
  }
  const double h = step_size(r);
  const any_rule& chosen = std::get<any_rule>(method);
  // The step's Jacobian by the rule's step shared with the attractor commands (analysed_step.hpp).
  const auto jacobian_at = [&](const Eigen::VectorXd& z, double step) {
    return analysed_step(chosen, any, step).with_jacobian(z).second;
  };
  std::visit(
      [&](const auto& rule) {
        if constexpr (analysable_rule<std::decay_t<decltype(rule)>>) {
          const map_analysis_options options{.max_stable_h = with_max_stable_h};
          detail::copy_report(analyze_map(rule, any, out.point, h, options, jacobian_at), out);
        }
      },
      chosen);
  return out;
}

std::string analysis_json(const analysis& a) {
  nlohmann::ordered_json j;
  j["equilibrium"] = std::vector<double>(a.point.data(), a.point.data() + a.point.size());
  nlohmann::json rows = nlohmann::json::array();
  for (Eigen::Index i = 0; i < a.jacobian.rows(); ++i) {
    nlohmann::json row = nlohmann::json::array();
    for (Eigen::Index k = 0; k < a.jacobian.cols(); ++k) row.push_back(a.jacobian(i, k));
    rows.push_back(row);
  }
  j["jacobian"] = rows;
  nlohmann::json eig = nlohmann::json::array();
  for (const auto& e : a.eigenvalues) eig.push_back({{"re", e.real()}, {"im", e.imag()}});
  j["eigenvalues"] = eig;
  j["spectral_radius"] = a.spectral_radius;
  j["spectral_abscissa"] = a.spectral_abscissa;
  j["verdict"] = std::string(to_string(a.verdict));
  j["max_stable_h"] = a.max_stable_h ? nlohmann::json(*a.max_stable_h) : nlohmann::json(nullptr);
  return j.dump(2);
}

}  // namespace gandyn::registry
