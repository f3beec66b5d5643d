// One simulate run in states of type State on a game of type Game (docs/program.md,
// "simulate"), shared by the units that compile its instances: registry/simulate.hpp (the
// concrete games) and registry/simulate_erased.hpp (the erased game).
#pragma once

#include "gandyn/core/counting_game.hpp"
#include "gandyn/dynamics/adaptive_flow.hpp"
#include "gandyn/dynamics/iterate.hpp"
#include "gandyn/dynamics/rule_stepper.hpp"
#include "gandyn/dynamics/runge_kutta.hpp"
#include "gandyn/observers/run_recorder.hpp"
#include "gandyn/registry/commands.hpp"
#include "gandyn/registry/erased_game.hpp"
#include "gandyn/registry/methods.hpp"
#include "gandyn/registry/prepared_simulation.hpp"

#include <algorithm>
#include <variant>
#include <vector>

namespace gandyn::registry::detail {

// The run in states of type State: vec, or a fixed-size state for the hot paths
// (simulate_at_fixed_size: then the method is simgd or rk4, the only ones compiled there).
template <class State, class Game>
trajectory run_simulation(const Game& game, const prepared_simulation& p, const progress_hook& progress) {
  constexpr bool fixed = State::SizeAtCompileTime != Eigen::Dynamic;
  const run_settings& s = p.settings;
  State x = p.x0;
  run_recorder<State> record(s.every, s.ema, s.bound, State(p.equilibrium), s.tol);
  const auto time_of = [&](long k) { return s.t_end ? std::min(static_cast<double>(k) * s.h, *s.t_end) : static_cast<double>(k) * s.h; };
  // Inline in the driver's loop (observers.hpp, inline_observer): the recorder keeps its rare
  // work out of line itself.
  const inline_observer observe{[&](const State& y, long k, double) {
    if (progress && k % 4096 == 0 && k > 0 && !progress(k, s.steps)) throw cancelled();
    return record(y, k, time_of(k));
  }};
  long end_step = s.steps;
  trajectory out;
  std::vector<long> counted;  // Dopri5: evaluations at each output time
  if (const auto* rule = std::get_if<any_rule>(&p.method)) {
    if constexpr (fixed) {
      auto stepper = make_stepper<State>(std::get<simgd>(*rule));
      end_step = iterate(stepper, game, x, s.steps, s.h, observe).step;
    } else {
      std::visit(
          [&](const auto& r) {
            // The erased game runs every rule; the concrete games only the cheap ones.
            if constexpr (runs_on_concrete_games<std::decay_t<decltype(r)>> || std::is_same_v<Game, erased_game>) {
              auto stepper = make_stepper<State>(r);
              end_step = iterate(stepper, game, x, s.steps, s.h, observe).step;
            }
          },
          *rule);
    }
  } else {
    if (std::holds_alternative<rk4_flow>(p.method)) {
      // RK4 at run-time size runs on the erased game (registry/simulate.hpp, simulate).
      if constexpr (fixed || std::is_same_v<Game, erased_game>) {
        rk4<State> runge_kutta;
        // With t-end the last step is shortened to land on T.
        const auto schedule = [&](long k) {
          return k < s.steps || !s.t_end ? s.h : *s.t_end - static_cast<double>(s.steps - 1) * s.h;
        };
        end_step = iterate(runge_kutta, game, x, s.steps, schedule, observe).step;
      }
    } else if (const auto* dopri5 = std::get_if<dopri5_flow>(&p.method)) {
      if constexpr (std::is_same_v<Game, erased_game>) {
        std::vector<double> times;
        for (long k = 1; k <= s.steps; ++k) times.push_back(time_of(k));
        long calls = 0;
        counted.assign(static_cast<std::size_t>(s.steps) + 1, 0);
        const counting_game<Game> counting{game, calls};
        const auto observe_count = [&](const State& y, long k, double t) {
          counted[static_cast<std::size_t>(k)] = calls;
          return observe(y, k, t);
        };
        const auto end = integrate_dopri5(counting, x, times, dopri5->tolerances, observe_count);
        end_step = end.row;
        if (end.failed) record.divergence = {.bound = s.bound, .diverged = true, .step = end.row + 1};
      }
    }
  }
  out.ended = record.finish(end_step);
  // Field evaluations: a rule's per iteration, RK4's four per step, Dopri5's as counted.
  long per_step = 4;
  if (const auto* rule = std::get_if<any_rule>(&p.method)) per_step = std::visit([](const auto& r) -> long { return r.evaluations(); }, *rule);
  for (const long k : record.rows.steps) out.evals.push_back(counted.empty() ? per_step * k : counted[static_cast<std::size_t>(k)]);
  const auto rows = static_cast<Eigen::Index>(record.rows.states.size());
  const Eigen::Index m = p.x0.size();
  out.steps = record.rows.steps;
  out.times = record.rows.times;
  out.states.resize(rows, m);
  for (Eigen::Index i = 0; i < rows; ++i) out.states.row(i) = record.rows.states[i].transpose();
  if (s.ema) {
    out.averages.resize(rows, m);
    for (Eigen::Index i = 0; i < rows; ++i) out.averages.row(i) = record.averages.states[i].transpose();
  }
  out.equilibrium = p.equilibrium;
  return out;
}

// The run on the erased game at run-time size: every rule but simgd and altgd, RK4, Dopri5 and
// the consensus games (defined once, in registry/simulate_erased.hpp).
trajectory simulate_on_erased_game(const prepared_simulation& p, const progress_hook& progress);

}  // namespace gandyn::registry::detail
