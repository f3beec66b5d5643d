// Where one trajectory ends: its basin label (docs/analysis.md, "Basins"), read off the
// recorded states by the trajectory classifier (analysis/behaviour.hpp) and the period
// estimators (analysis/recurrence.hpp), with the distance from the centre (the equilibrium)
// at the last state:
//
//   diverged             the run diverged (a coordinate not finite or ||x|| > bound), or the
//                        classifier saw a tail state beyond its bound;
//   converged            at the centre: the last distance <= tol, or a geometric approach to it
//                        (the classifier's `converging`: the largest distance over the tail's
//                        second half below half that over its first half);
//   converged-elsewhere  at rest away from the centre: every tail state within tol of the last
//                        (another fixed point of the map or root of the field);
//   cycle                bounded, recurrent and not converging: the classifier's `circle` or
//                        `closed curve`, or an `oscillating` tail that recurs, with the period
//                        when the last state recurs (a period-p orbit of a map, a periodic orbit
//                        of a flow); an invariant circle of a map has none;
//   undecided            anything else, with the reason: a slow approach (`spiralling in`), a
//                        distance still growing within the bound, an irregular bounded tail
//                        (for a map without a period: nearby tail states separating by more
//                        than a factor 10 in 16 iterations, detail::separation_growth).
// The tail (the last quarter of the states) must span several turns of any oscillation.
#pragma once

#include "gandyn/analysis/behaviour.hpp"
#include "gandyn/analysis/recurrence.hpp"
#include "gandyn/observers/run_result.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace gandyn {

enum class basin_label { converged, converged_elsewhere, cycle, diverged, undecided };

constexpr std::string_view to_string(basin_label l) {
  switch (l) {
    case basin_label::converged:
      return "converged";
    case basin_label::converged_elsewhere:
      return "converged-elsewhere";
    case basin_label::cycle:
      return "cycle";
    case basin_label::diverged:
      return "diverged";
    case basin_label::undecided:
      return "undecided";
  }
  return "undecided";
}

struct basin_options {
  behaviour_options behaviour{};  // tail, tol (1e-6), circle and repeat tolerances, bound
  long max_period = 64;           // maps: periods searched, in iterations
  double map_period_tol = 1e-6;   // maps: ||x_N - x_{N-p}|| <= tol (1 + ||x_N||)
  double flow_period_tol = 1e-3;  // flows: the return's distance, relative as above
  // maps without a period: irregular (undecided, not a cycle) when nearby tail states separate
  // by more than this factor in separation_steps iterations
  std::size_t separation_steps = 16;
  double separation_growth = 10;
};

struct basin_result {
  basin_label label = basin_label::undecided;
  double final_distance = 0;     // ||x_last - centre|| at the last finite recorded state
  std::optional<double> period;  // a cycle's: iterations (map) or time (flow)
  behaviour_kind behaviour = behaviour_kind::oscillating;  // the classifier's kind
  std::string reason;            // why, for undecided and diverged
};

namespace detail {

// How much two nearby tail states of a map separate in `ahead` iterations (the method of
// Rosenstein, Collins & De Luca 1993, Physica D 65, for the largest Lyapunov exponent): for
// each of five query states x_q near the end, the nearest tail state x_j that is not within
// `ahead` iterations of it, and the ratio ||x_{j+ahead} - x_{q+ahead}|| / ||x_j - x_q||; the
// median. On a periodic orbit or an invariant circle (zero or negative exponents) it stays of
// order one; on a chaotic attractor it grows like exp(lambda ahead) until the attractor's size.
template <class Row>
double separation_growth(std::size_t first, std::size_t count, Row&& row, std::size_t ahead) {
  std::array<double, 5> ratios{};
  std::size_t found = 0;
  for (std::size_t i = 0; i < ratios.size(); ++i) {
    if (count < first + 4 * ahead + 7 * i + 2) break;
    const std::size_t q = count - 1 - ahead - 7 * i;
    const auto xq = row(q).eval();  // the row's own vector type: no heap at fixed size
    double best = INFINITY;
    std::size_t nearest = 0;
    for (std::size_t j = first; j + ahead < count; ++j) {
      if (j + ahead >= q && j <= q + ahead) continue;
      const double d = (row(j) - xq).norm();
      if (d < best) {
        best = d;
        nearest = j;
      }
    }
    if (!(best > 0) || !std::isfinite(best)) continue;
    ratios[found++] = (row(nearest + ahead) - row(q + ahead)).norm() / best;
  }
  if (found == 0) return 1;
  std::sort(ratios.begin(), ratios.begin() + static_cast<std::ptrdiff_t>(found));
  return ratios[found / 2];
}

}  // namespace detail

// The label of the recorded states row(0..count-1) around `centre`. `flow_dt`: the time
// between recorded states of a flow; nullopt for a map (one recorded state per iteration).
template <class Row, class Centre>
basin_result label_rows(std::size_t count, Row&& row, const Centre& centre, const run_result& result,
                        std::optional<double> flow_dt, const basin_options& options = {}) {
  basin_result out;
  if (count > 0) {
    const double d = (row(count - 1) - centre).norm();
    out.final_distance = std::isfinite(d) ? d : 0;
  }
  const behaviour b = classify_rows(count, row, centre, result, options.behaviour);
  out.behaviour = b.kind;
  std::ostringstream why;
  why.precision(6);
  const auto period = [&]() -> std::optional<double> {
    if (flow_dt) return flow_period(count, row, *flow_dt, options.flow_period_tol);
    const auto p = map_period(count, row, options.max_period, options.map_period_tol);
    return p ? std::optional<double>(static_cast<double>(*p)) : std::nullopt;
  };
  switch (b.kind) {
    case behaviour_kind::diverged:
      out.label = basin_label::diverged;
      if (result.status == run_status::diverged) {
        why << "diverged at step " << result.step;
      } else {
        why << "left the bound " << options.behaviour.bound;
      }
      break;
    case behaviour_kind::converged:
      out.label = b.radius_last <= options.behaviour.tol ? basin_label::converged : basin_label::converged_elsewhere;
      break;
    case behaviour_kind::converging:
      out.label = basin_label::converged;
      break;
    case behaviour_kind::circle:
    case behaviour_kind::closed_curve:
    case behaviour_kind::oscillating:
      out.period = period();
      if (out.period) {
        out.label = basin_label::cycle;
        break;
      }
      // A map's tail without a period: an invariant circle, unless nearby states fly apart.
      if (!flow_dt) {
        const std::size_t first =
            static_cast<std::size_t>(std::floor((1 - options.behaviour.tail_fraction) * static_cast<double>(count - 1)));
        const double growth = detail::separation_growth(first, count, row, options.separation_steps);
        if (growth > options.separation_growth) {
          why << "bounded but irregular: nearby states separate by a factor " << growth << " in "
              << options.separation_steps << " iterations (a positive Lyapunov exponent)";
          break;
        }
      }
      if (b.kind != behaviour_kind::oscillating) {
        out.label = basin_label::cycle;
      } else {
        why << "bounded but neither settling nor recurring within the run (distance " << out.final_distance
            << "): a longer transient or an irregular motion";
      }
      break;
    case behaviour_kind::spiralling_in:
      why << "approaching the centre slower than geometrically (distance " << out.final_distance
          << "): more steps would decide";
      break;
    case behaviour_kind::growing:
      why << "still growing within the bound (distance " << out.final_distance << "): more steps would decide";
      break;
  }
  out.reason = why.str();
  return out;
}

// The label of a recorded trajectory (states in order, the first the start).
template <class State, class Centre>
basin_result label_trajectory(const std::vector<State>& states, const Centre& centre, const run_result& result = {},
                              std::optional<double> flow_dt = std::nullopt, const basin_options& options = {}) {
  return label_rows(states.size(), [&](std::size_t k) -> const State& { return states[k]; }, centre, result, flow_dt,
                    options);
}

}  // namespace gandyn
