// Definitions of simulate, field and their formats (commands.hpp; docs/program.md,
// "simulate"). Include in exactly one translation unit: the dispatch over every game and rule
// is compiled there.
#pragma once

#include "gandyn/analysis/equilibrium.hpp"
#include "gandyn/registry/commands.hpp"
#include "gandyn/registry/erased_game.hpp"
#include "gandyn/registry/make_game.hpp"
#include "gandyn/registry/methods.hpp"
#include "gandyn/registry/parallel_chunks.hpp"
#include "gandyn/registry/prepared_simulation.hpp"
#include "gandyn/registry/rows_in_blocks.hpp"
#include "gandyn/registry/run_simulation.hpp"
#include "gandyn/registry/simulate_request.hpp"

#include <nlohmann/json.hpp>

#include <charconv>
#include <cmath>
#include <functional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace gandyn::registry {

namespace detail {

// The program's hot path at the library's fixed-size speed (docs/program.md, "simulate"):
// n = 1 with simgd or rk4 on a game without consensus runs in a fixed-size state (no heap
// vector per stage, the field inlined at its compile-time size); anything else returns
// nullopt and runs at run-time size. Only n = 1 and these two methods: each fixed size
// compiles every game once more (the program's build time, docs/program.md).
inline std::optional<trajectory> simulate_at_fixed_size(const request& r, const prepared_simulation& p,
                                                        const progress_hook& progress) {
  const auto* rule = std::get_if<any_rule>(&p.method);
  const bool hot = (rule && std::holds_alternative<simgd>(*rule)) || std::holds_alternative<rk4_flow>(p.method);
  if (p.x0.size() != 2 || !hot) return std::nullopt;
  const dirac_game<1> game = make_game<1>(r.required("game"), game_parameters_from(r), 1);
  return std::visit(
      [&](const auto& g) -> std::optional<trajectory> {
        using G = std::decay_t<decltype(g)>;
        if constexpr (is_consensus<G>) {  // run-time size, behind the erased game
          return std::nullopt;
        } else {
          return run_simulation<state_of<G>>(g, p, progress);
        }
      },
      game);
}

}  // namespace detail

trajectory simulate(const request& r, const progress_hook& progress) {
  const detail::prepared_simulation p = detail::prepare_simulation(r);
  if (auto fixed = detail::simulate_at_fixed_size(r, p, progress)) return std::move(*fixed);
  // Concrete game types for simgd and altgd (their loops inline the field); the erased game
  // (registry/erased_game.hpp; its run is compiled in registry/simulate_erased.hpp) for every
  // other rule, for RK4 and Dopri5 at run-time size and
  // for the consensus games (whose field is a vector-Jacobian product). RK4 on heap vectors
  // ran through the erased game within the spread of its times on the concrete types (whole
  // processes, n = 2 and 3, docs/program.md "Building"), and compiling it on every concrete
  // game took 18 s of this unit's build; consensus on the concrete types under RK4 and Dopri5 alone took 3.5 minutes.
  const auto* rule = std::get_if<any_rule>(&p.method);
  const bool concrete_method =
      rule && std::visit([](const auto& r) { return runs_on_concrete_games<std::decay_t<decltype(r)>>; }, *rule);
  const bool consensus = std::visit([](const auto& g) { return is_consensus<std::decay_t<decltype(g)>>; }, p.game);
  if (!concrete_method || consensus) return detail::simulate_on_erased_game(p, progress);
  return std::visit(
      [&](const auto& g) {
        if constexpr (is_consensus<std::decay_t<decltype(g)>>) {
          return trajectory{};  // ran on the erased game above
        } else {
          return detail::run_simulation<detail::vec>(g, p, progress);
        }
      },
      p.game);
}

std::vector<game_info> game_catalogue() {
  // v_psi, v_theta and sources per base (docs/games.md), r = theta - x*, u = psi/||psi||,
  // f'(t) = sigmoid(-t) for the logistic loss.
  struct base_entry {
    std::string_view name, formula, source;
  };
  static const base_entry bases[] = {
      {"gan", "v_psi = f'(psi.theta) theta - f'(-psi.x*) x*, v_theta = -f'(psi.theta) psi",
       "Goodfellow et al. 2014; gan-training-convergence-analysis.fa.txt"},
      {"nsgan", "v_psi as gan, v_theta = -f'(-psi.theta) psi", "Goodfellow et al. 2014; dirac-gan-convergence.zh.txt"},
      {"nsgan-fm", "v_psi as gan, v_theta = -2 (psi.r) psi", "Salimans et al. 2016; gan-tutorial-improved-fgan-wgan.zh.txt"},
      {"wgan", "v_psi = r, then psi clipped to [-clip, clip]; v_theta = -psi", "Arjovsky et al. 2017; wgan-wasserstein-gp.zh.txt"},
      {"wgan-norm", "v_psi = (r - (u.r) u)/||psi||, v_theta = -u", "Miyato et al. 2018; dirac-gan-convergence.zh.txt"},
      {"wgan-gp", "v_psi = r - 2 lambda (1 - c/||psi||) psi, v_theta = -psi", "Gulrajani et al. 2017; dirac-gan-convergence.zh.txt"},
      {"wgan-div", "v_psi = r - 2 lambda psi, v_theta = -psi", "Wu et al. 2018; dirac-gan-convergence.zh.txt"},
      {"wgan-lp", "v_psi = r - 2 lambda max(0, ||psi|| - 1) u, v_theta = -psi", "Petzka et al. 2018"},
      {"wgan-qc",
       "v_psi = -[(psi.x* - c/2) x* + (psi.theta + c/2) theta + lambda (||psi|| - ||r||) u], c = ||r||^2/2; v_theta = psi",
       "Liu et al. 2019; gan-training-convergence-analysis.fa.txt"},
      {"hinge", "v_psi = [psi.theta < 1] theta - [-psi.x* < 1] x*, v_theta = -psi (f(t) = -max(0, 1 - t))",
       "Lim & Ye 2017; Miyato et al. 2018"},
      {"lsgan", "v_psi = (1 - psi.theta) theta - (1 + psi.x*) x*, v_theta = -(psi.theta) psi (f(t) = -(1 - t)^2/2, c = 0)",
       "Mao et al. 2017 (a = -1, b = 1, c = 0)"},
      {"bilinear", "L = coupling theta.psi: v_theta = -coupling psi, v_psi = coupling theta",
       "Schafer & Anandkumar 2019 (CGD), Figure 2"},
      {"linear-wgan-mean", "L = psi.(x* - theta): v_theta = psi, v_psi = x* - theta", "Daskalakis et al. 2018"},
      {"tandem", "L_G = (theta + psi)^2 - 2 theta, L_D = -(theta + psi)^2 + 2 psi: v = (2 - 2 (theta + psi)) (1, 1)",
       "Letcher et al. 2019 (Stable Opponent Shaping)"},
      {"matching-pennies",
       "L_G = L_D = (2 sigmoid(theta) - 1)(2 sigmoid(psi) - 1): v_theta = -dL/dtheta, v_psi = dL/dpsi",
       "Letcher et al. 2019 (Stable Opponent Shaping)"},
  };
  std::vector<game_info> out;
  for (const std::string& name : all_game_names()) {
    const game_name g = parse_game_name(name);
    game_info info;
    info.name = name;
    for (const auto& [key, value] : resolve_game(name, {}).parameters) info.parameters.emplace_back(key, value);
    for (const base_entry& b : bases)
      if (b.name == g.base) {
        info.formula = std::string(b.formula);
        info.source = std::string(b.source);
      }
    if (g.r1) {
      info.formula += "; R1: v_psi -= gamma psi";
      info.source += "; Mescheder et al. 2018 (R1)";
    }
    if (g.noise) {
      info.formula += "; instance noise N(0, sigma^2 I), exact expectation";
      info.source += "; gan-training-convergence-analysis.fa.txt, Lemma 4";
    }
    if (g.consensus) {
      info.formula += "; consensus: v - consensus_gamma J^T v";
      info.source += "; Mescheder et al. 2017 (The Numerics of GANs)";
    }
    out.push_back(std::move(info));
  }
  return out;
}

void check_simulation(const request& r) { (void)detail::prepare_simulation(r); }

std::vector<std::string> trajectory_columns(Eigen::Index n, bool with_ema) {
  std::vector<std::string> columns{"step", "t", "evals"};
  for (const char* part : {"theta", "psi"})
    for (Eigen::Index i = 0; i < n; ++i) columns.push_back(std::string(part) + "_" + std::to_string(i));
  if (with_ema)
    for (const char* part : {"ema_theta", "ema_psi"})
      for (Eigen::Index i = 0; i < n; ++i) columns.push_back(std::string(part) + "_" + std::to_string(i));
  return columns;
}

void write_trajectory_csv(const trajectory& t, const std::function<void(std::string_view)>& write) {
  const auto format_row = [&](std::string& text, std::size_t k) {
    const auto i = static_cast<Eigen::Index>(k);
    char digits[24];
    text.append(digits, std::to_chars(digits, digits + sizeof digits, t.steps[k]).ptr);
    text += ',';
    append_full_precision(text, t.times[k]);
    text += ',';
    text.append(digits, std::to_chars(digits, digits + sizeof digits, t.evals[k]).ptr);
    for (Eigen::Index c = 0; c < t.states.cols(); ++c) {
      text += ',';
      append_full_precision(text, t.states(i, c));
    }
    for (Eigen::Index c = 0; c < t.averages.cols(); ++c) {
      text += ',';
      append_full_precision(text, t.averages(i, c));
    }
    text += '\n';
  };
  write(detail::csv_header(trajectory_columns(t.states.cols() / 2, t.averages.size() > 0)));
  const auto numbers_per_row = static_cast<std::size_t>(t.states.cols() + t.averages.cols());
  detail::write_rows_in_blocks(t.steps.size(), 0, 40 + 25 * numbers_per_row, format_row, write);
}

void write_trajectory_json(const request& r, const trajectory& t, const std::function<void(std::string_view)>& write) {
  nlohmann::ordered_json j;
  j["game"] = r.text("game");
  j["method"] = r.text("method");
  nlohmann::ordered_json p = nlohmann::ordered_json::object();
  const game_parameters parameters = detail::game_parameters_from(r);
  for (const auto& [key, value] : resolve_game(r.text("game"), parameters).parameters) p[key] = value;
  for (const auto& [name, value] : r.values) {
    if (name == "game" || name == "method" || name == "format" || name == "out" || name == "theta" || name == "psi" ||
        name == "data" || p.contains(name))
      continue;
    if (name == "d-first") {
      p[name] = r.flag(name);
    } else if (const parameter_info* info = find_parameter(name); info && info->kind == value_kind::integer) {
      p[name] = r.integer(name, 0);
    } else {
      p[name] = gandyn::registry::detail::parse_number(name, value);
    }
  }
  p["theta"] = r.list("theta");
  p["psi"] = r.list("psi");
  if (!parameters.data.empty()) p["data"] = parameters.data;
  j["parameters"] = p;
  const bool with_ema = t.averages.size() > 0;
  j["columns"] = trajectory_columns(t.states.cols() / 2, with_ema);
  // The object up to its rows, then the rows in blocks (nlohmann-json formats each row as it
  // would within the whole document), then how the run ended.
  std::string head = j.dump();
  head.pop_back();  // the closing brace
  write(head + ",\"rows\":[");
  const auto format_row = [&](std::string& text, std::size_t k) {
    const auto i = static_cast<Eigen::Index>(k);
    nlohmann::json row = nlohmann::json::array({t.steps[k], t.times[k], t.evals[k]});
    for (Eigen::Index c = 0; c < t.states.cols(); ++c) row.push_back(t.states(i, c));
    for (Eigen::Index c = 0; c < t.averages.cols(); ++c) row.push_back(t.averages(i, c));
    if (k > 0) text += ',';
    text += row.dump();
  };
  const auto numbers_per_row = static_cast<std::size_t>(t.states.cols() + t.averages.cols());
  detail::write_rows_in_blocks(t.steps.size(), 0, 40 + 25 * numbers_per_row, format_row, write);
  const nlohmann::ordered_json ended = {{"status", std::string(to_string(t.ended.status))}, {"step", t.ended.step}};
  write("],\"ended\":" + ended.dump() + "}");
}

std::string trajectory_json(const request& r, const trajectory& t) {
  std::string text;
  write_trajectory_json(r, t, [&](std::string_view part) { text += part; });
  return text;
}

namespace detail {
// v(x) row by row on the erased game (registry/erased_game.hpp), in parallel over large grids:
// every game's field on plain numbers is compiled once, in registry/erase_game.hpp and
// registry/erase_consensus_game.hpp. Compiling each game's own field here as well took 28 s of
// this unit's build (docs/program.md, "Building") for one call through a pointer per point.
inline void field_rows(const erased_game& g, const points_view& points, row_matrix& out, const progress_hook& progress) {
  parallel_chunks(points.rows(), 1, progress, [&](Eigen::Index i, Eigen::Index) {
    vec x(points.cols());
    x << points.theta.row(i).transpose(), points.psi.row(i).transpose();
    vec v(x.size());
    evaluate(g, x, v);
    out.row(i) = v.transpose();
  });
}
}  // namespace detail

row_matrix field(const request& r, const points_view& points, const progress_hook& progress) {
  r.allow_only(detail::game_parameter_names, "field");
  if (points.theta.cols() != points.psi.cols() || points.theta.rows() != points.psi.rows() || points.cols() == 0)
    throw parameter_error("theta", "{theta} and {psi} must have the same length n >= 1 and the same number of points");
  if (!points.all_finite()) throw parameter_error("theta", "{theta} and {psi} must be finite");
  row_matrix out(points.rows(), points.cols());
  // n = 1 (the notebooks' stream plots) in SIMD lanes (simulated_cells.hpp) for every game but
  // the consensus ones; those and n >= 2 on the erased game.
  if (points.cols() == 2 && field_in_lanes(r, points, out, progress)) return out;
  const dirac_game<> game = make_game(r.required("game"), detail::game_parameters_from(r), points.cols() / 2);
  detail::field_rows(erase(game), points, out, progress);
  return out;
}

}  // namespace gandyn::registry
