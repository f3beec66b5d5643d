#include "simulate.hpp"

#include "game_flags.hpp"
#include "output_file.hpp"
#include "rules.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace cli {

namespace {

using vec = Eigen::VectorXd;

struct run_settings {
  double h = 0;
  long steps = 0;                   // iterations (maps), RK4 steps, or output grid points (dopri5)
  std::optional<double> t_end;      // --t-end
  long every = 1;
  std::optional<double> tol;
  double bound = 1e10;
  std::optional<double> ema;
  vec equilibrium;
};

// Records what SPEC 5 asks for from every iterate: divergence (a non-finite coordinate or
// ||x|| > bound), convergence (--tol), every K-th row and always the last, the EMA.
class recorder {
 public:
  recorder(const run_settings& s, trajectory& out) : s_(s), out_(out) {}

  bool operator()(const vec& x, long k, double t) {
    const bool finite = x.allFinite();
    if (!finite || x.norm() > s_.bound) {
      out_.ended = {gandyn::run_status::diverged, k};
      if (finite) last_ = {x, next_average(x), k, t};  // large but finite: still a row
      return false;
    }
    last_ = {x, next_average(x), k, t};
    if (k % s_.every == 0) push(*last_);
    if (s_.tol && (x - s_.equilibrium).norm() <= *s_.tol) {
      out_.ended = {gandyn::run_status::converged, k};
      return false;
    }
    return true;
  }

  // The last finite iterate is always a row.
  void finish() {
    if (!last_) return;
    if (out_.steps.empty() || out_.steps.back() != last_->k) push(*last_);
    if (out_.ended.status == gandyn::run_status::finished) out_.ended.step = last_->k;
  }

 private:
  struct row {
    vec x, average;
    long k;
    double t;
  };
  vec next_average(const vec& x) {
    if (!s_.ema) return {};
    average_ = average_.size() == 0 ? x : vec(*s_.ema * average_ + (1 - *s_.ema) * x);
    return average_;
  }
  void push(const row& r) {
    out_.steps.push_back(r.k);
    out_.times.push_back(r.t);
    out_.states.push_back(r.x);
    out_.averages.push_back(r.average);
  }
  const run_settings& s_;
  trajectory& out_;
  vec average_;
  std::optional<row> last_;
};

template <class Game>
trajectory simulate(const Game& game, const any_method& method, const run_settings& s, vec x) {
  trajectory out;
  recorder record(s, out);
  const auto time_of = [&](long k) { return s.t_end ? std::min(k * s.h, *s.t_end) : k * s.h; };
  const auto observe = [&](const vec& y, long k, double) { return record(y, k, time_of(k)); };
  if (const auto* rule = std::get_if<any_rule>(&method)) {
    std::visit(
        [&](const auto& r) {
          auto stepper = gandyn::make_stepper<vec>(r);
          gandyn::iterate(stepper, game, x, s.steps, s.h, observe);
        },
        *rule);
  } else if (std::holds_alternative<rk4_flow>(method)) {
    gandyn::rk4<vec> rk4;
    // With --t-end the last step is shortened to land on T (SPEC 3).
    const auto schedule = [&](long k) { return k < s.steps || !s.t_end ? s.h : *s.t_end - (s.steps - 1) * s.h; };
    gandyn::iterate(rk4, game, x, s.steps, schedule, observe);
  } else if (std::holds_alternative<dopri5_flow>(method)) {
    std::vector<double> times;
    for (long k = 1; k <= s.steps; ++k) times.push_back(time_of(k));
    const auto end = gandyn::integrate_dopri5(game, x, times, std::get<dopri5_flow>(method).tolerances, observe);
    if (end.failed) out.ended = {gandyn::run_status::diverged, end.row + 1};
  }
  record.finish();
  out.equilibrium = s.equilibrium;
  return out;
}

struct prepared_simulation {
  gandyn::dirac_game<> game;
  any_method method;
  run_settings settings;
  vec x0;
};

}  // namespace

void add_simulate_flags(flag_registry& r) {
  add_game_flags(r);
  add_rule_flags(r, "simgd|altgd|extragradient|optimistic|momentum|adam|rmsprop|rk4|dopri5");
  r.add("--ema", "add the exponential moving average of the iterates, decay in [0, 1)");
  r.add("--steps", "iterations (maps) or RK4 steps, integer >= 1");
  r.add("--t-end", "time to reach, > 0 (instead of --steps)");
  r.add("--theta", "initial generator parameters, comma list", true);
  r.add("--psi", "initial discriminator parameters, comma list", true);
  r.add("--every", "write every K-th iterate, integer >= 1 (1); the last always");
  r.add("--tol", "stop at the first iterate within TOL of the equilibrium, > 0");
  r.add("--bound", "diverged when ||x|| > B, > 0 (1e10)");
  r.add("--format", "csv|json (csv)");
  r.add("--out", "output file, written atomically (default: standard output)");
}

namespace {

// Every flag validated and turned into library types; nothing has run yet.
prepared_simulation prepare(const flag_set& f) {
  const std::string game_name = f.text("--game");
  const gandyn::game_parameters parameters = game_parameters_from(f);
  const vec x0 = start_state(f);
  const Eigen::Index n = x0.size() / 2;
  const gandyn::dirac_game<> game = gandyn::make_game(game_name, parameters, n);
  const any_method method =
      method_from(f, {"simgd", "altgd", "extragradient", "optimistic", "momentum", "adam", "rmsprop", "rk4", "dopri5"});

  run_settings s;
  s.h = step_size(f);
  if (f.has("--steps") == f.has("--t-end")) throw usage_error("give exactly one of --steps and --t-end");
  if (f.has("--steps")) s.steps = parse_integer("--steps", f.text("--steps"), 1);
  const bool flow = !std::holds_alternative<any_rule>(method);
  if (f.has("--t-end")) {
    s.t_end = f.optional_number("--t-end", bound_kind::positive);
    const double ratio = *s.t_end / s.h;
    // maps: N = floor(T/h); RK4 and the Dopri5 output grid: ceil(T/h), the last step shortened.
    s.steps = flow ? static_cast<long>(std::ceil(ratio - 1e-9)) : static_cast<long>(std::floor(ratio + 1e-9));
    if (s.steps < 1) throw usage_error("--t-end " + f.text("--t-end") + " is shorter than one step of --h");
  }
  s.every = f.integer("--every", 1, 1);
  s.tol = f.optional_number("--tol", bound_kind::positive);
  s.bound = f.number("--bound", bound_kind::positive, 1e10);
  s.ema = f.optional_number("--ema", bound_kind::unit_interval_open_right);
  if (f.has("--format") && f.text("--format") != "csv" && f.text("--format") != "json")
    throw usage_error("--format must be csv or json, got '" + f.text("--format") + "'");
  s.equilibrium = vec::Zero(2 * n);
  if (!parameters.data.empty())
    for (Eigen::Index i = 0; i < n; ++i) s.equilibrium[i] = parameters.data[i];
  return {game, method, s, x0};
}

trajectory execute(const prepared_simulation& p) {
  return std::visit([&](const auto& g) { return simulate(g, p.method, p.settings, p.x0); }, p.game);
}

}  // namespace

trajectory simulate_from(const flag_set& f) { return execute(prepare(f)); }

int run_simulate(const flag_set& f) {
  const prepared_simulation prepared = prepare(f);  // all bad input is found here
  output_file out(f.get("--out").value_or(""));
  const trajectory tr = execute(prepared);
  const auto n = tr.equilibrium.size() / 2;
  const bool with_ema = f.has("--ema");
  std::vector<std::string> columns{"step", "t"};
  for (const char* part : {"theta", "psi"})
    for (Eigen::Index i = 0; i < n; ++i) columns.push_back(std::string(part) + "_" + std::to_string(i));
  if (with_ema)
    for (const char* part : {"ema_theta", "ema_psi"})
      for (Eigen::Index i = 0; i < n; ++i) columns.push_back(std::string(part) + "_" + std::to_string(i));

  std::string text;
  if (f.get("--format").value_or("csv") == "csv") {
    for (std::size_t c = 0; c < columns.size(); ++c) text += (c ? "," : "") + columns[c];
    text += "\n";
    for (std::size_t r = 0; r < tr.steps.size(); ++r) {
      text += std::to_string(tr.steps[r]) + "," + full_precision(tr.times[r]);
      for (double v : tr.states[r]) text += "," + full_precision(v);
      for (double v : tr.averages[r]) text += "," + full_precision(v);
      text += "\n";
    }
  } else {
    nlohmann::ordered_json j;
    j["game"] = f.text("--game");
    j["method"] = f.text("--method");
    nlohmann::ordered_json p = nlohmann::ordered_json::object();
    const gandyn::game_parameters parameters = game_parameters_from(f);
    for (const auto& [key, value] : gandyn::resolve_game(f.text("--game"), parameters).parameters) p[key] = value;
    for (const auto& [flag, value] : f.values) {
      const std::string key = flag.substr(2);
      if (flag == "--game" || flag == "--method" || flag == "--format" || flag == "--out" || flag == "--theta" ||
          flag == "--psi" || flag == "--data" || p.contains(key))
        continue;
      if (flag == "--d-first") {
        p[key] = true;
      } else {
        p[key] = parse_number(flag, value);
      }
    }
    p["theta"] = parse_list("--theta", f.text("--theta"));
    p["psi"] = parse_list("--psi", f.text("--psi"));
    if (!parameters.data.empty()) p["data"] = parameters.data;
    j["parameters"] = p;
    j["columns"] = columns;
    nlohmann::json rows = nlohmann::json::array();
    for (std::size_t r = 0; r < tr.steps.size(); ++r) {
      nlohmann::json row = nlohmann::json::array({tr.steps[r], tr.times[r]});
      for (double v : tr.states[r]) row.push_back(v);
      for (double v : tr.averages[r]) row.push_back(v);
      rows.push_back(std::move(row));
    }
    j["rows"] = std::move(rows);
    j["ended"] = {{"status", std::string(gandyn::to_string(tr.ended.status))}, {"step", tr.ended.step}};
    text = j.dump() + "\n";
  }
  out.commit(text);
  if (tr.ended.status == gandyn::run_status::diverged) {
    std::cerr << "gandyn: diverged at step " << tr.ended.step << "\n";
    return 3;
  }
  return 0;
}

}  // namespace cli
