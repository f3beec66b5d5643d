// Definition of the sweep's simulated quantities in lanes (commands.hpp; docs/program.md,
// "sweep"; docs/batched.md): final-distance and basin over a grid run their cells W at a time
// through gandyn::iterate_lanes, every game's field and every update rule (and RK4) on a batch
// scalar, instead of one simulate per cell; a basin cell's lane is recorded as simulate records
// it and labelled from those rows (analysis/basin_lanes.hpp). Include in exactly one
// translation unit.
//
// Cells that differ only in their start (the axes theta0 and psi0) share the game and the
// method: they form one group, prepared once. A cell's number depends only on its own start:
// lanes do not mix, the last chunk of a group is padded with copies of its last start, and
// the grouping is a function of the grid alone, so shards and chunks of a grid give the
// numbers of the whole grid exactly. Where a group cannot run in lanes (consensus, dopri5, a
// convergence tolerance, RK4 with a shortened last step, n > 1, and the rules other than simgd
// and altgd, which the program does not compile in lanes) its cells take the single-run path.
#pragma once

#include "gandyn/analysis/basin_lanes.hpp"
#include "gandyn/dynamics/iterate_lanes.hpp"
#include "gandyn/registry/basin_value.hpp"
#include "gandyn/registry/commands.hpp"
#include "gandyn/registry/lanes_method.hpp"
#include "gandyn/registry/parallel_chunks.hpp"
#include "gandyn/registry/prepared_simulation.hpp"

#ifdef _OPENMP
#include <omp.h>
#endif

#include <atomic>
#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

namespace gandyn::registry {

namespace detail {

// The largest Lyapunov exponents of the starts (at most a batch), as cells: defined in its own
// translation unit (registry/lyapunov_cells.hpp).
std::vector<cell_value> lyapunov_cells_in_lanes(const prepared_simulation& p, const dirac_game<1>& game,
                                                const Eigen::MatrixXd& starts);

// The cells of one group (same non-start axis values) and the group's prepared simulation.
struct lanes_group {
  std::vector<std::size_t> positions;  // indices into the shard's list of cells
};

// Runs `method` (an update rule or rk4_method) on the starts, W at a time, in parallel;
// fills values (the final distance, the basin label, or the largest Lyapunov exponent) at the
// group's positions. Returns false if the progress hook said stop.
template <int N, class Method>
bool run_group_in_lanes(const std::string& quantity, const prepared_simulation& p, const dirac_game<N>& game,
                        const Method& method, const Eigen::MatrixXd& starts, const std::vector<std::size_t>& positions,
                        std::vector<cell_value>& values, long threads, std::atomic<long>& done, long total,
                        const progress_hook& progress) {
  constexpr int W = default_lanes;
  const Eigen::Index count = starts.cols();
  const Eigen::Index chunks = (count + W - 1) / W;
  std::atomic<bool> stop{false};
  std::visit(
      [&](const auto& g) {
        if constexpr (is_consensus<std::decay_t<decltype(g)>>) {  // never sent here
          return;
        } else {
#ifdef _OPENMP
          const int t = threads > 0 ? static_cast<int>(threads) : omp_get_max_threads();
#pragma omp parallel for schedule(dynamic) num_threads(t)
#endif
          for (Eigen::Index c = 0; c < chunks; ++c) {
            if (stop.load(std::memory_order_relaxed)) continue;
            const Eigen::Index first = c * W, m = std::min<Eigen::Index>(W, count - first);
            Eigen::MatrixXd x = starts.middleCols(first, m);
            if (quantity == "basin") {
              const bool flow = std::is_same_v<Method, rk4_method>;
              const lanes_basin_run run{.steps = p.settings.steps, .h = p.settings.h, .every = p.settings.every,
                                        .bound = p.settings.bound, .flow = flow};
              const std::vector<basin_result> labels = basin_labels_in_lanes<W>(method, g, x, p.equilibrium, run);
              for (Eigen::Index j = 0; j < m; ++j)
                values[positions[static_cast<std::size_t>(first + j)]] =
                    basin_value(labels[static_cast<std::size_t>(j)], flow, p.settings.every);
            } else if (quantity == "lyapunov") {
              const std::vector<cell_value> largest = lyapunov_cells_in_lanes(p, game, x);
              for (Eigen::Index j = 0; j < m; ++j)
                values[positions[static_cast<std::size_t>(first + j)]] = largest[static_cast<std::size_t>(j)];
            } else {
              const lanes_result r = iterate_lanes<W>(method, g, x, p.settings.steps, p.settings.h, p.settings.bound);
              for (Eigen::Index j = 0; j < m; ++j) {
                cell_value& v = values[positions[static_cast<std::size_t>(first + j)]];
                if (r.diverged[j]) {
                  v = {cell_status::diverged, 0, ""};
                } else {
                  v = {cell_status::ok, (Eigen::VectorXd(x.col(j)) - p.equilibrium).norm(), ""};
                }
              }
            }
            const long finished = done += m;
#ifdef _OPENMP
            const bool reporter = omp_get_thread_num() == 0;
#else
            const bool reporter = true;
#endif
            if (progress && reporter && !progress(finished, total)) stop = true;
          }
        }
      },
      game);
  return !stop;
}

}  // namespace detail

std::optional<std::vector<cell_value>> simulated_cells(const sweep_plan& plan, const std::vector<long>& cells,
                                                       const progress_hook& progress) {
  if (plan.quantity != "final-distance" && plan.quantity != "basin" && plan.quantity != "lyapunov") return std::nullopt;
  // Groups by the values of the axes other than theta0 and psi0.
  std::vector<std::size_t> other_axes, start_axes;
  for (std::size_t a = 0; a < plan.axes.size(); ++a)
    (plan.axes[a].parameter == "theta0" || plan.axes[a].parameter == "psi0" ? start_axes : other_axes).push_back(a);
  std::map<std::vector<long>, detail::lanes_group> groups;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const std::vector<long> index = plan.index(cells[i]);
    std::vector<long> key;
    for (std::size_t a : other_axes) key.push_back(index[a]);
    groups[key].positions.push_back(i);
  }
  std::vector<cell_value> values(cells.size());
  std::atomic<long> done{0};
  const long total = static_cast<long>(cells.size());
  for (const auto& entry : groups) {
    const auto& group = entry.second;  // a named reference: Clang 14 cannot capture a structured binding
    const long named = cells[group.positions.front()];
    const request first = plan.cell_request(named);
    const detail::prepared_simulation p = [&] {
      try {
        return plan.quantity == "lyapunov" ? detail::prepare_lyapunov(first) : detail::prepare_simulation(first);
      } catch (const parameter_error& e) {  // bad input only this group shows: name its cell
        throw parameter_error(e.parameter(), e.message() + " (cell " + std::to_string(named) + ")");
      }
    }();
    const Eigen::Index n = p.x0.size() / 2;
    const bool consensus = std::visit([](const auto& g) { return is_consensus<std::decay_t<decltype(g)>>; }, p.game);
    // The starts: the group's start with each cell's theta0 / psi0 put in (the numbers
    // cell_request writes at 17 digits read back exactly).
    Eigen::MatrixXd starts(p.x0.size(), static_cast<Eigen::Index>(group.positions.size()));
    for (std::size_t j = 0; j < group.positions.size(); ++j) {
      Eigen::VectorXd x = p.x0;
      const std::vector<long> index = plan.index(cells[group.positions[j]]);
      for (std::size_t a : start_axes) x[plan.axes[a].parameter == "theta0" ? 0 : n] = plan.axes[a].value(index[a]);
      starts.col(static_cast<Eigen::Index>(j)) = x;
    }
    bool ran = false, go_on = true;
    if (!consensus && n == 1) {
      ran = detail::with_lanes_method(p, [&](const auto& method) {
        const dirac_game<1> game = make_game<1>(first.required("game"), detail::game_parameters_from(first), 1);
        go_on = detail::run_group_in_lanes<1>(plan.quantity, p, game, method, starts, group.positions, values, plan.threads, done,
                                              total, progress);
      });
    }
    if (!go_on) throw cancelled();
    if (!ran) return std::nullopt;  // the single-run path for the whole grid (the same for every shard)
  }
  if (progress) progress(total, total);
  return values;
}

bool field_in_lanes(const request& r, const points_view& points, row_matrix& out, const progress_hook& progress) {
  constexpr int W = default_lanes;
  using S = batch<W>;
  const dirac_game<1> game = make_game<1>(r.required("game"), detail::game_parameters_from(r), 1);
  return std::visit(
      [&](const auto& g) {
        using G = std::decay_t<decltype(g)>;
        if constexpr (is_consensus<G>) {
          return false;
        } else {
          using State = state<S, state_size_v<G>>;
          detail::parallel_chunks(points.rows(), W, progress, [&](Eigen::Index first, Eigen::Index count) {
            // The chunk's points in the lanes, the tail padded with copies of its last point.
            alignas(64) double lane[W];
            const Eigen::Index size = points.cols();
            State x(size), v(size);
            for (Eigen::Index i = 0; i < size; ++i) {
              for (int l = 0; l < W; ++l) lane[l] = points(first + std::min<Eigen::Index>(l, count - 1), i);
              x[i] = S::load(lane);
            }
            evaluate(g, x, v);
            for (Eigen::Index i = 0; i < size; ++i) {
              v[i].store(lane);
              for (Eigen::Index l = 0; l < count; ++l) out(first + l, i) = lane[l];
            }
          });
          return true;
        }
      },
      game);
}

}  // namespace gandyn::registry
