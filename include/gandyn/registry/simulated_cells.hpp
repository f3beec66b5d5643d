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
#include <utility>
#include <variant>
#include <vector>

namespace gandyn::registry {

namespace detail {

// The largest Lyapunov exponents of the starts (at most a batch), as cells: defined in its own
// translation unit (registry/lyapunov_cells.hpp).
std::vector<cell_value> lyapunov_cells_in_lanes(const prepared_simulation& p, const dirac_game<1>& game,
                                                const Eigen::MatrixXd& starts);

// The starts of a group of cells (the same values on the axes other than theta0 and psi0),
// built chunk by chunk in the lanes' threads: the group's start with each cell's theta0 /
// psi0 put in (the numbers cell_request writes at 17 digits read back exactly).
struct group_starts {
  const sweep_plan& plan;
  const std::vector<long>& cells;
  const std::vector<std::size_t>& positions;  // the group's cells: indices into `cells`
  const Eigen::VectorXd& x0;
  std::vector<std::pair<std::size_t, Eigen::Index>> start_axes;  // (axis, the state's row it sets)

  Eigen::Index count() const { return static_cast<Eigen::Index>(positions.size()); }
  // Columns [first, first + m) of the group's starts.
  Eigen::MatrixXd columns(Eigen::Index first, Eigen::Index m) const {
    Eigen::MatrixXd x(x0.size(), m);
    x.colwise() = x0;
    for (const auto& [axis, row] : start_axes)
      for (Eigen::Index j = 0; j < m; ++j)
        x(row, j) = plan.axes[axis].value(plan.coordinate(cells[positions[static_cast<std::size_t>(first + j)]], axis));
    return x;
  }
};

// Runs `method` (an update rule or rk4_method) on the starts, W at a time, in parallel;
// fills values (the final distance, the basin label, or the largest Lyapunov exponent) at the
// group's positions. Returns false if the progress hook said stop.
template <int N, class Method>
bool run_group_in_lanes(const std::string& quantity, const prepared_simulation& p, const dirac_game<N>& game,
                        const Method& method, const group_starts& starts, std::vector<cell_value>& values, long threads,
                        std::atomic<long>& done, long total, const progress_hook& progress) {
  constexpr int W = default_lanes;
  const std::vector<std::size_t>& positions = starts.positions;
  const Eigen::Index count = starts.count();
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
            Eigen::MatrixXd x = starts.columns(first, m);
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
                v.status = r.diverged[j] ? cell_status::diverged : cell_status::ok;
                v.number = r.diverged[j] ? 0 : (x.col(j) - p.equilibrium).norm();
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
  // A group's key: its cells' index along the other axes, read as one row-major number. The
  // groups are counted first, so that each list of positions is allocated once.
  const auto key_of = [&](long cell) {
    long key = 0;
    for (std::size_t a : other_axes) key = key * plan.axes[a].n + plan.coordinate(cell, a);
    return key;
  };
  std::map<long, std::vector<std::size_t>> groups;
  {
    std::map<long, std::size_t> sizes;
    for (long cell : cells) ++sizes[key_of(cell)];
    for (const auto& [key, size] : sizes) groups[key].reserve(size);
  }
  for (std::size_t i = 0; i < cells.size(); ++i) groups[key_of(cells[i])].push_back(i);
  std::vector<cell_value> values(cells.size());
  std::atomic<long> done{0};
  const long total = static_cast<long>(cells.size());
  for (const auto& entry : groups) {
    const std::vector<std::size_t>& positions = entry.second;  // Clang 14 cannot capture a structured binding
    const long named = cells[positions.front()];
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
    detail::group_starts starts{plan, cells, positions, p.x0, {}};
    for (std::size_t a : start_axes) starts.start_axes.emplace_back(a, plan.axes[a].parameter == "theta0" ? 0 : n);
    bool ran = false, go_on = true;
    if (!consensus && n == 1) {
      ran = detail::with_lanes_method(p, [&](const auto& method) {
        const dirac_game<1> game = make_game<1>(first.required("game"), detail::game_parameters_from(first), 1);
        go_on = detail::run_group_in_lanes<1>(plan.quantity, p, game, method, starts, values, plan.threads, done, total,
                                              progress);
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
