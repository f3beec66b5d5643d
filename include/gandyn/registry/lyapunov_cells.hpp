// Definition of the sweep's lyapunov cells in SIMD lanes (simulated_cells.hpp; docs/batched.md,
// "What runs in lanes"): the largest Lyapunov exponents of a batch of starts of one group at
// n = 1, by map_lyapunov_lanes (simgd, altgd) or flow_lyapunov_lanes (the flow, on its RK4
// steps). Include in exactly one translation unit: it compiles every game's step and step
// Jacobian on dual numbers over batches, apart from the other simulated quantities so that the
// two compile in parallel.
//
// The lanes are lyapunov_width wide. Here the frame's QR factorisation, lane by lane in plain
// doubles, takes most of the time, not the step on the batch: map_lyapunov_lanes on nsgan-r1
// (900 starts, 2000 steps, one thread, -O3) took 0.31, 0.30 and 0.30 s with W = 2, 4 and 8,
// while this unit compiled in 90 s more with W = 2 than without it, and in 170 s more with W = 8.
#pragma once

#include "gandyn/analysis/lyapunov_lanes.hpp"
#include "gandyn/registry/commands.hpp"
#include "gandyn/registry/lanes_method.hpp"
#include "gandyn/registry/prepared_simulation.hpp"

#include <type_traits>
#include <variant>
#include <vector>

namespace gandyn::registry::detail {

inline constexpr int lyapunov_width = 2;

std::vector<cell_value> lyapunov_cells_in_lanes(const prepared_simulation& p, const dirac_game<1>& game,
                                                const Eigen::MatrixXd& starts) {
  const lyapunov_options o{.steps = p.settings.steps, .transient = p.settings.transient, .bound = p.settings.bound};
  std::vector<lyapunov_result> spectra;
  std::visit(
      [&](const auto& g) {
        if constexpr (!is_consensus<std::decay_t<decltype(g)>>) {  // consensus is never sent here
          with_lanes_method(p, [&](const auto& method) {
            if constexpr (std::is_same_v<std::decay_t<decltype(method)>, rk4_method>) {
              spectra = flow_lyapunov_lanes<lyapunov_width>(g, starts, p.settings.h, o);
            } else {
              spectra = map_lyapunov_lanes<lyapunov_width>(method, g, starts, p.settings.h, o);
            }
          });
        }
      },
      game);
  // As a single lyapunov cell (sweep.hpp, compute_cell): the largest exponent, or diverged.
  std::vector<cell_value> cells;
  for (const lyapunov_result& l : spectra)
    cells.push_back(l.ended.status == run_status::diverged || l.exponents.size() == 0
                        ? cell_value{cell_status::diverged, 0, ""}
                        : cell_value{cell_status::ok, l.exponents[0], ""});
  return cells;
}

}  // namespace gandyn::registry::detail
