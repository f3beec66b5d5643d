// A simulate request validated and turned into library types (docs/program.md, "simulate"):
// the game, the method, the run's settings, the start and the equilibrium; nothing has run
// yet. Shared by simulate (simulate.hpp) and the sweep's simulated cells
// (simulated_cells.hpp), each compiled in its own translation unit. A lyapunov request's
// settings are read here too, for `gandyn lyapunov` (attractors.hpp) and the sweep's
// lyapunov cells.
#pragma once

#include "gandyn/analysis/equilibrium.hpp"
#include "gandyn/registry/commands.hpp"
#include "gandyn/registry/make_game.hpp"
#include "gandyn/registry/methods.hpp"
#include "gandyn/registry/simulate_request.hpp"

#include <cmath>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace gandyn::registry::detail {

using vec = Eigen::VectorXd;

struct run_settings {
  double h = 0;
  long steps = 0;  // iterations (maps), RK4 steps, or output grid points (dopri5)
  std::optional<double> t_end;
  long every = 1;
  std::optional<double> tol;
  double bound = 1e10;
  std::optional<double> ema;
  long transient = -1;  // lyapunov: steps before the frame starts; -1: a tenth of steps
};

struct prepared_simulation {
  dirac_game<> game;
  any_method method;
  run_settings settings;
  vec x0;
  vec equilibrium;
};

// Every parameter validated and turned into library types; nothing has run yet.
inline prepared_simulation prepare_simulation(const request& r) {
  r.allow_only(command_parameters({"h", "steps", "t-end", "theta", "psi", "every", "tol", "bound", "ema"}), "simulate");
  const vec x0 = start_state(r);
  const Eigen::Index n = x0.size() / 2;
  dirac_game<> game = make_game(r.required("game"), game_parameters_from(r), n);
  any_method method = method_from(r, simulated_methods);
  require_losses(method, game, r.required("game"));

  run_settings s;
  s.h = step_size(r);
  if (r.has("steps") == r.has("t-end"))
    throw parameter_error("steps", "give exactly one of {steps} and {t-end}");
  if (r.has("steps")) s.steps = r.integer("steps", 1);
  const bool flow = !std::holds_alternative<any_rule>(method);
  if (r.has("t-end")) {
    s.t_end = r.optional_number("t-end");
    const double ratio = *s.t_end / s.h;
    // maps: N = floor(T/h); RK4 and the Dopri5 output grid: ceil(T/h), the last step shortened
    // (docs/rules.md, "Flows").
    s.steps = flow ? static_cast<long>(std::ceil(ratio - 1e-9)) : static_cast<long>(std::floor(ratio + 1e-9));
    if (s.steps < 1) throw parameter_error("t-end", "{t-end} " + r.text("t-end") + " is shorter than one step of {h}");
  }
  s.every = r.integer("every", 1);
  s.tol = r.optional_number("tol");
  s.bound = r.number("bound", 1e10);
  s.ema = r.optional_number("ema");
  vec equilibrium = std::visit([](const auto& g) -> vec { return dirac_equilibrium(g); }, game);
  return {std::move(game), std::move(method), s, x0, std::move(equilibrium)};
}

// The settings of a Lyapunov run (docs/program.md, "lyapunov"): steps, and for a map h, are
// required; the flow's h is its RK4 step, 0.01 unless given.
inline run_settings lyapunov_settings(const request& r, bool flow) {
  if (!r.has("steps")) throw parameter_error("steps", "{steps} is required");
  run_settings s;
  s.h = flow ? r.number("h", 0.01) : step_size(r);
  s.steps = r.integer("steps", 1);
  s.bound = r.number("bound", 1e10);
  if (r.has("transient")) {
    s.transient = r.integer("transient", 0);
    if (s.transient >= s.steps)
      throw parameter_error("transient", "{transient} " + r.text("transient") + " must be below {steps} " + r.text("steps"));
  }
  return s;
}

// A lyapunov request (validated by check_lyapunov) for the sweep's lanes: the flow's spectrum
// is taken along its RK4 steps, so its method is rk4 with the flow's h.
inline prepared_simulation prepare_lyapunov(const request& r) {
  const bool flow = r.required("method") == "flow";
  const vec x0 = start_state(r);
  dirac_game<> game = make_game(r.required("game"), game_parameters_from(r), x0.size() / 2);
  any_method method = flow ? any_method(rk4_flow{}) : method_from(r, analysed_methods);
  vec equilibrium = std::visit([](const auto& g) -> vec { return dirac_equilibrium(g); }, game);
  return {std::move(game), std::move(method), lyapunov_settings(r, flow), x0, std::move(equilibrium)};
}

}  // namespace gandyn::registry::detail
