// The long-run behaviour of a trajectory (docs/analysis.md, "The trajectory classifier"),
// read off its last part (the tail, a fraction of the recorded states):
//   diverged     the run diverged (run_result), or the tail's distance exceeds `bound`;
//   converged    the tail has stopped moving (every tail state within `tol` of the last
//                one), or is still settling geometrically onto its last point (the largest
//                distance to it over the tail's second half is at most `settling` times
//                that over its first half); the last state is reported as the point;
//   circle       still moving at a constant distance from the centre (relative spread of
//                the distance <= `circle_tol`): a limit set on a sphere of that radius,
//                such as the gan flow's closed orbits or WGAN-GP's ||psi|| = 1;
//   oscillating  moving, with the distance in a range [min, max].
#pragma once

#include "gandyn/observers/run_result.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <string_view>
#include <vector>

namespace gandyn {

enum class behaviour_kind { converged, circle, oscillating, diverged };

constexpr std::string_view to_string(behaviour_kind k) {
  switch (k) {
    case behaviour_kind::converged:
      return "converged";
    case behaviour_kind::circle:
      return "circle";
    case behaviour_kind::oscillating:
      return "oscillating";
    case behaviour_kind::diverged:
      return "diverged";
  }
  return "diverged";
}

struct behaviour {
  behaviour_kind kind = behaviour_kind::converged;
  Eigen::VectorXd point{};  // converged: the point reached
  double radius_min = 0;    // distance from the centre over the tail
  double radius_max = 0;
};

struct behaviour_options {
  double tail_fraction = 0.25;
  double tol = 1e-6;
  double circle_tol = 1e-3;
  double settling = 0.5;
  double bound = 1e10;
};

template <class State>
behaviour classify(const std::vector<State>& states, const State& centre, const run_result& result = {},
                   const behaviour_options& options = {}) {
  behaviour b;
  if (result.status == run_status::diverged || states.empty()) {
    b.kind = behaviour_kind::diverged;
    return b;
  }
  const std::size_t first = static_cast<std::size_t>(std::floor((1 - options.tail_fraction) * (states.size() - 1)));
  const State& last = states.back();
  double movement = 0, early = 0, late = 0;
  const std::size_t middle = first + (states.size() - first) / 2;
  b.radius_min = INFINITY;
  for (std::size_t k = first; k < states.size(); ++k) {
    const double r = (states[k] - centre).norm();
    b.radius_min = std::min(b.radius_min, r);
    b.radius_max = std::max(b.radius_max, r);
    const double to_last = (states[k] - last).norm();
    movement = std::max(movement, to_last);
    (k < middle ? early : late) = std::max(k < middle ? early : late, to_last);
  }
  if (!(b.radius_max <= options.bound)) {
    b.kind = behaviour_kind::diverged;
  } else if (movement <= options.tol || late <= options.settling * early) {
    b.kind = behaviour_kind::converged;
    b.point = last.template cast<double>();
  } else if (b.radius_max - b.radius_min <= options.circle_tol * b.radius_max) {
    b.kind = behaviour_kind::circle;
  } else {
    b.kind = behaviour_kind::oscillating;
  }
  return b;
}

}  // namespace gandyn
