#include "simulate.hpp"

#include "output_file.hpp"

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

struct trajectory {
  std::vector<long> steps;
  std::vector<double> times;
  std::vector<vec> states, averages;
  gandyn::run_result ended;
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
  } else {
    std::vector<double> times;
    for (long k = 1; k <= s.steps; ++k) times.push_back(time_of(k));
    const auto end = gandyn::integrate_dopri5(game, x, times, std::get<dopri5_flow>(method).tolerances, observe);
    if (end.failed) out.ended = {gandyn::run_status::diverged, end.row + 1};
  }
  record.finish();
  return out;
}

std::string number(double x) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.17g", x);
  return buffer;
}

}  // namespace

simulate_command::simulate_command(CLI::App& app) {
  command_ = app.add_subcommand("simulate", "one trajectory of a game under an update rule or a flow");
  game_.add(command_);
  rule_.add(command_, "simgd|altgd|extragradient|optimistic|momentum|adam|rmsprop|rk4|dopri5");
  ema_.add(command_, "--ema", "add the exponential moving average of the iterates, decay in [0, 1)");
  steps_.add(command_, "--steps", "iterations (maps) or RK4 steps, integer >= 1");
  t_end_.add(command_, "--t-end", "time to reach, > 0 (instead of --steps)");
  theta_.add(command_, "--theta", "initial generator parameters, comma list");
  theta_.option->required();
  psi_.add(command_, "--psi", "initial discriminator parameters, comma list");
  psi_.option->required();
  every_.add(command_, "--every", "write every K-th iterate (1); the last always");
  tol_.add(command_, "--tol", "stop at the first iterate within TOL of the equilibrium");
  bound_.add(command_, "--bound", "diverged when ||x|| > B (1e10)");
  format_.add(command_, "--format", "csv|json (csv)");
  out_.add(command_, "--out", "output file, written atomically (default: standard output)");
}

int simulate_command::run() const {
  // Everything is validated before anything runs or is written.
  const std::string game_name = game_.game.text;
  const gandyn::game_parameters parameters = game_.parameters();
  const std::vector<double> theta = parse_list("--theta", theta_.text);
  const std::vector<double> psi = parse_list("--psi", psi_.text);
  if (theta.size() != psi.size())
    throw usage_error("--theta has " + std::to_string(theta.size()) + " values but --psi has " +
                      std::to_string(psi.size()));
  const auto n = static_cast<Eigen::Index>(theta.size());
  const gandyn::dirac_game<> game = gandyn::make_game(game_name, parameters, n);
  const any_method method =
      rule_.make({"simgd", "altgd", "extragradient", "optimistic", "momentum", "adam", "rmsprop", "rk4", "dopri5"});

  run_settings s;
  s.h = rule_.step();
  if (steps_.given() == t_end_.given()) throw usage_error("give exactly one of --steps and --t-end");
  if (steps_.given()) s.steps = parse_integer("--steps", steps_.text, 1);
  const bool flow = !std::holds_alternative<any_rule>(method);
  if (t_end_.given()) {
    s.t_end = number_in("--t-end", t_end_.value(), bound_kind::positive);
    const double ratio = *s.t_end / s.h;
    // maps: N = floor(T/h); RK4 and the Dopri5 output grid: ceil(T/h), the last step shortened.
    s.steps = flow ? static_cast<long>(std::ceil(ratio - 1e-9)) : static_cast<long>(std::floor(ratio + 1e-9));
    if (s.steps < 1) throw usage_error("--t-end " + t_end_.text + " is shorter than one step of --h " + rule_.h.text);
  }
  if (every_.given()) s.every = parse_integer("--every", every_.text, 1);
  s.tol = number_in("--tol", tol_.value(), bound_kind::positive);
  if (bound_.given()) s.bound = *number_in("--bound", bound_.value(), bound_kind::positive);
  s.ema = number_in("--ema", ema_.value(), bound_kind::unit_interval_open_right);
  const std::string format = format_.given() ? format_.text : "csv";
  if (format != "csv" && format != "json") throw usage_error("--format must be csv or json, got '" + format + "'");
  s.equilibrium = vec::Zero(2 * n);
  if (!parameters.data.empty())
    for (Eigen::Index i = 0; i < n; ++i) s.equilibrium[i] = parameters.data[i];

  vec x0(2 * n);
  for (Eigen::Index i = 0; i < n; ++i) {
    x0[i] = theta[i];
    x0[n + i] = psi[i];
  }
  output_file out(out_.given() ? out_.text : "");

  const trajectory tr = std::visit([&](const auto& g) { return simulate(g, method, s, x0); }, game);

  std::vector<std::string> columns{"step", "t"};
  for (const char* part : {"theta", "psi"})
    for (Eigen::Index i = 0; i < n; ++i) columns.push_back(std::string(part) + "_" + std::to_string(i));
  if (s.ema)
    for (const char* part : {"ema_theta", "ema_psi"})
      for (Eigen::Index i = 0; i < n; ++i) columns.push_back(std::string(part) + "_" + std::to_string(i));

  std::string text;
  if (format == "csv") {
    for (std::size_t c = 0; c < columns.size(); ++c) text += (c ? "," : "") + columns[c];
    text += "\n";
    for (std::size_t r = 0; r < tr.steps.size(); ++r) {
      text += std::to_string(tr.steps[r]) + "," + number(tr.times[r]);
      for (double v : tr.states[r]) text += "," + number(v);
      for (double v : tr.averages[r]) text += "," + number(v);
      text += "\n";
    }
  } else {
    nlohmann::json j;
    j["game"] = game_name;
    j["method"] = rule_.method.text;
    nlohmann::json p = nlohmann::json::object();
    for (const auto& [key, value] : gandyn::resolve_game(game_name, parameters).parameters) p[key] = value;
    p["h"] = s.h;
    for (const text_flag* f : {&rule_.h_d, &rule_.ng, &rule_.nd, &rule_.beta, &rule_.beta1, &rule_.beta2,
                               &rule_.alpha, &rule_.eps, &rule_.rtol, &rule_.atol, &ema_, &tol_, &bound_})
      if (f->given()) p[f->name.substr(2)] = parse_number(f->name, f->text);
    if (rule_.d_first) p["d-first"] = true;
    p["steps"] = s.steps;
    if (s.t_end) p["t-end"] = *s.t_end;
    p["every"] = s.every;
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
