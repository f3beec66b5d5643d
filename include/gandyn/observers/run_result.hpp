// How a run ended (docs/program.md, "How a run ends"): it finished its steps, converged at
// step k (within a tolerance of the equilibrium), or diverged at step k (a non-finite
// coordinate or ||x|| > bound).
#pragma once

#include <string_view>

namespace gandyn {

enum class run_status { finished, converged, diverged };

struct run_result {
  run_status status = run_status::finished;
  long step = 0;  // the last iterate computed (for diverged: the step that diverged)
};

constexpr std::string_view to_string(run_status s) {
  switch (s) {
    case run_status::finished:
      return "finished";
    case run_status::converged:
      return "converged";
    case run_status::diverged:
      return "diverged";
  }
  return "finished";
}

}  // namespace gandyn
