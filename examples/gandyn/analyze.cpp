#include "analyze.hpp"

#include "game_flags.hpp"
#include "output_file.hpp"
#include "rules.hpp"

#include <gandyn/analysis/differentiability.hpp>
#include <gandyn/analysis/max_stable_step.hpp>
#include <gandyn/analysis/simgd_step_bound.hpp>
#include <gandyn/analysis/step_jacobian.hpp>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <string>
#include <vector>

namespace cli {

namespace {

using vec = Eigen::VectorXd;

// The point: --theta/--psi, or the equilibrium theta = x*, psi = 0 of dimension --dim.
vec analysis_point(const flag_set& f, const gandyn::game_parameters& p, Eigen::Index& n) {
  const bool has_dim = f.has("--dim");
  n = f.integer("--dim", 1, 1);
  if (f.has("--theta") != f.has("--psi")) throw usage_error("give both --theta and --psi, or neither");
  if (!f.has("--theta")) {
    vec x = vec::Zero(2 * n);
    if (!p.data.empty()) {
      if (static_cast<Eigen::Index>(p.data.size()) != n)
        throw usage_error("--data has " + std::to_string(p.data.size()) + " values but --dim is " + std::to_string(n));
      for (Eigen::Index i = 0; i < n; ++i) x[i] = p.data[i];
    }
    return x;
  }
  const vec x = start_state(f);
  if (has_dim && x.size() / 2 != n)
    throw usage_error("--theta has " + std::to_string(x.size() / 2) + " values but --dim is " + std::to_string(n));
  n = x.size() / 2;
  return x;
}

}  // namespace

void add_analyze_flags(flag_registry& r) {
  add_game_flags(r);
  r.add("--method", "flow|simgd|altgd|extragradient|optimistic|momentum", true);
  r.add("--h", "step size h (the generator's), > 0 (maps)");
  r.add("--h-d", "the discriminator's step size, > 0 (default: --h)");
  r.add("--ng", "generator steps per alternating block, integer >= 1 (1)");
  r.add("--nd", "discriminator steps per alternating block, integer >= 1 (1)");
  r.add_switch("--d-first", "altgd: discriminator first");
  r.add("--beta", "momentum, in (-1, 1) (0.5)");
  r.add("--dim", "dimension n of theta and psi, integer >= 1 (1)");
  r.add("--theta", "analyse at this theta instead of the equilibrium, comma list");
  r.add("--psi", "analyse at this psi instead of the equilibrium, comma list");
  r.add("--format", "json|text (json)");
  r.add("--out", "output file, written atomically (default: standard output)");
}

analysis_report analyze_from(const flag_set& f, bool with_max_stable_h) {
  const gandyn::game_parameters parameters = game_parameters_from(f);
  Eigen::Index n = 1;
  const vec x = analysis_point(f, parameters, n);
  const gandyn::dirac_game<> game = gandyn::make_game(f.text("--game"), parameters, n);
  const any_method method = method_from(f, {"flow", "simgd", "altgd", "extragradient", "optimistic", "momentum"});
  if (f.has("--format") && f.text("--format") != "json" && f.text("--format") != "text")
    throw usage_error("--format must be json or text, got '" + f.text("--format") + "'");

  analysis_report report;
  report.point = x;
  std::visit(
      [&](const auto& g) {
        gandyn::require_differentiable(g, x);
        if (std::holds_alternative<flow_method>(method)) {
          report.jacobian = gandyn::jacobian(g, x);
        } else {
          const double h = step_size(f);
          std::visit(
              [&](const auto& rule) {
                using rule_type = std::decay_t<decltype(rule)>;
                if constexpr (requires { rule.alternating; }) {
                  throw usage_error("analyze has no adam or rmsprop");  // not reachable: method_from refuses
                } else {
                  const auto z = gandyn::analysed_point<rule_type>(g, x);
                  report.jacobian = gandyn::step_jacobian(rule, g, z, h);
                  if (!with_max_stable_h) return;
                  if constexpr (std::is_same_v<rule_type, gandyn::simgd>) {
                    if (rule.discriminator_scale == 1) {
                      report.max_stable_h = gandyn::simgd_max_stable_h(gandyn::jacobian(g, x));
                      return;
                    }
                  }
                  report.max_stable_h = gandyn::max_stable_step(rule, g, x);
                }
              },
              std::get<any_rule>(method));
        }
      },
      game);
  if (!report.jacobian.allFinite())
    throw std::domain_error("the Jacobian at the point has non-finite entries (the field is not differentiable there)");
  report.eigenvalues = gandyn::eigenvalues(report.jacobian);
  report.spectral_radius = gandyn::spectral_radius(report.eigenvalues);
  report.spectral_abscissa = gandyn::spectral_abscissa(report.eigenvalues);
  report.verdict = std::holds_alternative<flow_method>(method) ? gandyn::flow_verdict(report.spectral_abscissa)
                                                                : gandyn::map_verdict(report.spectral_radius);
  return report;
}

int run_analyze(const flag_set& f) {
  const analysis_report r = analyze_from(f);
  output_file out(f.get("--out").value_or(""));
  std::string text;
  if (f.get("--format").value_or("json") == "json") {
    nlohmann::ordered_json j;
    j["equilibrium"] = std::vector<double>(r.point.data(), r.point.data() + r.point.size());
    nlohmann::json rows = nlohmann::json::array();
    for (Eigen::Index i = 0; i < r.jacobian.rows(); ++i) {
      nlohmann::json row = nlohmann::json::array();
      for (Eigen::Index k = 0; k < r.jacobian.cols(); ++k) row.push_back(r.jacobian(i, k));
      rows.push_back(row);
    }
    j["jacobian"] = rows;
    nlohmann::json eig = nlohmann::json::array();
    for (const auto& e : r.eigenvalues) eig.push_back({{"re", e.real()}, {"im", e.imag()}});
    j["eigenvalues"] = eig;
    j["spectral_radius"] = r.spectral_radius;
    j["spectral_abscissa"] = r.spectral_abscissa;
    j["verdict"] = std::string(gandyn::to_string(r.verdict));
    j["max_stable_h"] = r.max_stable_h ? nlohmann::json(*r.max_stable_h) : nlohmann::json(nullptr);
    text = j.dump(2) + "\n";
  } else {
    text += "game " + f.text("--game") + ", method " + f.text("--method") + "\npoint [theta; psi]:";
    for (double v : r.point) text += " " + full_precision(v);
    text += "\njacobian:\n";
    for (Eigen::Index i = 0; i < r.jacobian.rows(); ++i) {
      text += " ";
      for (Eigen::Index k = 0; k < r.jacobian.cols(); ++k) text += " " + full_precision(r.jacobian(i, k));
      text += "\n";
    }
    text += "eigenvalues:\n";
    for (const auto& e : r.eigenvalues) text += "  " + full_precision(e.real()) + (e.imag() < 0 ? " - " : " + ") + full_precision(std::abs(e.imag())) + "i\n";
    text += "spectral radius " + full_precision(r.spectral_radius) + "\nspectral abscissa " + full_precision(r.spectral_abscissa) +
            "\nverdict " + std::string(gandyn::to_string(r.verdict)) + "\nmax stable h " +
            (r.max_stable_h ? full_precision(*r.max_stable_h) : std::string("null")) + "\n";
  }
  out.commit(text);
  return 0;
}

}  // namespace cli
