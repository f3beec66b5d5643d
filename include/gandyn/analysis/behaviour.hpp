// The long-run behaviour of a trajectory (docs/analysis.md, "The trajectory classifier"),
// read off its tail (the last quarter of the recorded states), with r_k = ||x_k - centre||:
//   diverged       the run diverged (run_result), or some r_k exceeds `bound` or is not finite;
//   converged      at the centre (the last r_k <= tol), or stopped elsewhere (every tail state
//                  within tol of the last one); the last state is reported as the point;
//   circle         still moving at a constant distance (max r - min r <= circle_tol max r over
//                  the tail): a limit set on a sphere, such as the gan flow's closed orbits or
//                  WGAN-GP's ||psi|| = 1;
//   closed_curve   a bounded oscillation that repeats: the tail's two halves have the same
//                  largest and smallest r to `repeat_tol` (relative to the largest);
//   converging     the largest r over the tail's second half is below `settling` times that
//                  over its first half (geometric approach to the centre);
//   spiralling_in  it is below, but not by that factor (a slow approach);
//   growing        the distance keeps rising and the last r is at least `growth` times the
//                  first state's;
//   oscillating    anything else that stays bounded.
// The tail should span several periods of any oscillation.
#pragma once

#include "gandyn/observers/run_result.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <string_view>
#include <vector>

namespace gandyn {

enum class behaviour_kind { converged, converging, spiralling_in, circle, closed_curve, growing, oscillating, diverged };

constexpr std::string_view to_string(behaviour_kind k) {
  switch (k) {
    case behaviour_kind::converged:
      return "converged";
    case behaviour_kind::converging:
      return "converging";
    case behaviour_kind::spiralling_in:
      return "spiralling in";
    case behaviour_kind::circle:
      return "circle";
    case behaviour_kind::closed_curve:
      return "closed curve";
    case behaviour_kind::growing:
      return "growing";
    case behaviour_kind::oscillating:
      return "oscillating";
    case behaviour_kind::diverged:
      return "diverged";
  }
  return "diverged";
}

struct behaviour {
  behaviour_kind kind = behaviour_kind::converged;
  Eigen::VectorXd point{};   // converged: the point reached
  double radius_min = 0;     // distance from the centre over the tail
  double radius_max = 0;
  double radius_first = 0;   // at the first state
  double radius_last = 0;    // at the last state
};

struct behaviour_options {
  double tail_fraction = 0.25;
  double tol = 1e-6;
  double circle_tol = 1e-3;
  double repeat_tol = 0.01;
  double settling = 0.5;
  double growth = 1.5;
  double bound = 1e10;
};

// `row(k)` is the k-th recorded state (k < count), as an Eigen vector expression.
template <class Row, class Centre>
behaviour classify_rows(std::size_t count, Row&& row, const Centre& centre, const run_result& result = {},
                        const behaviour_options& options = {}) {
  behaviour b;
  if (result.status == run_status::diverged || count == 0) {
    b.kind = behaviour_kind::diverged;
    return b;
  }
  const std::size_t first = static_cast<std::size_t>(std::floor((1 - options.tail_fraction) * static_cast<double>(count - 1)));
  const std::size_t middle = first + (count - first) / 2;
  const auto radius = [&](std::size_t k) { return (row(k) - centre).norm(); };
  b.radius_first = radius(0);
  b.radius_last = radius(count - 1);
  b.radius_min = INFINITY;
  double movement = 0;
  double early_max = 0, early_min = INFINITY, late_max = 0, late_min = INFINITY;
  for (std::size_t k = first; k < count; ++k) {
    const double r = radius(k);
    if (!(r <= options.bound)) {
      b.kind = behaviour_kind::diverged;
      return b;
    }
    b.radius_min = std::min(b.radius_min, r);
    b.radius_max = std::max(b.radius_max, r);
    movement = std::max(movement, (row(k) - row(count - 1)).norm());
    if (k < middle || middle + 1 >= count) {
      early_max = std::max(early_max, r);
      early_min = std::min(early_min, r);
    }
    if (k >= middle) {
      late_max = std::max(late_max, r);
      late_min = std::min(late_min, r);
    }
  }
  if (b.radius_last <= options.tol || movement <= options.tol) {
    b.kind = behaviour_kind::converged;
    b.point = row(count - 1).template cast<double>();
  } else if (b.radius_max - b.radius_min <= options.circle_tol * b.radius_max) {
    b.kind = behaviour_kind::circle;
  } else if (std::abs(early_max - late_max) <= options.repeat_tol * late_max &&
             std::abs(early_min - late_min) <= options.repeat_tol * late_max) {
    b.kind = behaviour_kind::closed_curve;
  } else if (late_max < options.settling * early_max) {
    b.kind = behaviour_kind::converging;
  } else if (late_max < early_max) {
    b.kind = behaviour_kind::spiralling_in;
  } else if (b.radius_last >= options.growth * b.radius_first) {
    b.kind = behaviour_kind::growing;
  } else {
    b.kind = behaviour_kind::oscillating;
  }
  return b;
}

template <class State>
behaviour classify(const std::vector<State>& states, const State& centre, const run_result& result = {},
                   const behaviour_options& options = {}) {
  return classify_rows(states.size(), [&](std::size_t k) -> const State& { return states[k]; }, centre, result,
                       options);
}

}  // namespace gandyn
