// The cost of the attractor analyses (docs/analysis.md, "Attractors") per cell of a map:
//
//   attractors/basin_map: a 500 x 500 basin map of simgd on nsgan (h = 1, starts theta0, psi0
//     in [-2, 2]^2, 1000 steps a cell), against the final-distance map of the same grid. The
//     library side runs each cell, keeps the first state and the tail (the last quarter) and
//     labels it (analysis/basin.hpp: the trajectory classifier, the period search, the
//     separation test of irregular tails); the baseline runs the same steps and keeps the last
//     state only. ratio_vs_final_distance is what the labels cost on top of the runs.
//   attractors/lyapunov_cell: the Lyapunov spectrum of one cell (simgd on gan-r1, h = 0.1,
//     1000 steps, analysis/lyapunov.hpp: exact step Jacobian and a QR step per iteration),
//     against the same 1000 plain steps: the cost of a Lyapunov map's cell in plain steps.
// One unit is one cell; cells walk through the 500 x 500 grid row by row. Both sides return the
// final states' distances from the equilibrium, which must agree.
#include "support/compare.hpp"

#include <gandyn/analysis/basin.hpp>
#include <gandyn/analysis/lyapunov.hpp>
#include <gandyn/dynamics/rules/simgd.hpp>
#include <gandyn/games/f_gan.hpp>

#include <Eigen/Core>

#include <array>
#include <cmath>
#include <vector>

namespace {

using vec2 = Eigen::Vector2d;
constexpr long grid_side = 500, steps = 1000;
constexpr std::size_t tail_first = 750;  // floor(0.75 steps): the classifier's tail

vec2 grid_start(long cell) {
  const long i = cell % (grid_side * grid_side);
  const double step = 4.0 / static_cast<double>(grid_side - 1);
  return {-2 + step * static_cast<double>(i / grid_side), -2 + step * static_cast<double>(i % grid_side)};
}

// x <- x + h v(x), written out (the baseline's step; the library's simgd does the same).
template <class G>
[[gnu::always_inline]] inline bool plain_step(const G& g, vec2& x, double h) {
  x += h * g(x);
  return x.allFinite() && x.norm() <= 1e10;
}

struct final_distance_side {
  gandyn::f_gan<1> game;
  double h;
  long next = 0;
  Eigen::VectorXd distances = Eigen::VectorXd::Zero(1);

  void start() { next = 0; }
  void run(long cells) {
    distances.resize(cells);
    for (long c = 0; c < cells; ++c) {
      vec2 x = grid_start(next++);
      for (long k = 1; k <= steps; ++k) {
        const vec2 before = x;
        if (!plain_step(game, x, h)) {
          x = before;  // the last finite state
          break;
        }
      }
      distances[c] = x.norm();
      benchmark::DoNotOptimize(distances.data());
    }
  }
  Eigen::VectorXd result() const { return distances; }
};

struct basin_side {
  gandyn::f_gan<1> game;
  double h;
  long next = 0;
  Eigen::VectorXd distances = Eigen::VectorXd::Zero(1);
  std::array<long, 5> counts{};  // how many cells had each label (kept: not optimised away)
  std::vector<vec2> kept = std::vector<vec2>(steps + 2 - tail_first);  // x_0 and the tail

  void start() { next = 0; }
  void run(long cells) {
    distances.resize(cells);
    for (long c = 0; c < cells; ++c) {
      vec2 x = grid_start(next++);
      kept[0] = x;
      gandyn::run_result ended{gandyn::run_status::finished, steps};
      std::size_t count = 1;
      for (long k = 1; k <= steps; ++k) {
        const vec2 before = x;
        if (!plain_step(game, x, h)) {
          ended = {gandyn::run_status::diverged, k};
          x = before;  // the last finite state, as the program keeps it
          break;
        }
        if (static_cast<std::size_t>(k) >= tail_first) kept[1 + static_cast<std::size_t>(k) - tail_first] = x;
        count = static_cast<std::size_t>(k) + 1;
      }
      const auto row = [&](std::size_t i) -> const vec2& { return i == 0 ? kept[0] : kept[1 + i - tail_first]; };
      // a run that diverged before the tail has no tail: its label is diverged whatever rows it has
      const std::size_t rows = ended.status == gandyn::run_status::diverged && count <= tail_first ? 1 : count;
      const gandyn::basin_result b = gandyn::label_rows(rows, row, vec2::Zero().eval(), ended, std::nullopt);
      ++counts[static_cast<std::size_t>(b.label)];
      distances[c] = x.norm();
      benchmark::DoNotOptimize(distances.data());
    }
  }
  Eigen::VectorXd result() const { return distances; }
};

struct lyapunov_side {
  gandyn::f_gan<1> game;
  double h;
  long next = 0;
  Eigen::VectorXd distances = Eigen::VectorXd::Zero(1);

  void start() { next = 0; }
  void run(long cells) {
    distances.resize(cells);
    for (long c = 0; c < cells; ++c) {
      const vec2 x0 = grid_start(next++);
      const auto l = gandyn::map_lyapunov(gandyn::simgd{}, game, x0, h, {.steps = steps, .transient = 100});
      distances[c] = l.last.norm();
      benchmark::DoNotOptimize(l.exponents.data());
      benchmark::DoNotOptimize(distances.data());
    }
  }
  Eigen::VectorXd result() const { return distances; }
};

}  // namespace

int main(int argc, char** argv) {
  const gandyn::f_gan<1> nsgan{.objective = gandyn::generator_objective::non_saturating};
  const gandyn::f_gan<1> gan_r1{.penalty = {.r1 = 0.3}};
  benchmark::RegisterBenchmark("attractors/basin_map/nsgan/simgd/500x500x1000", [&](benchmark::State& s) {
    basin_side basin{nsgan, 1.0};
    final_distance_side plain{nsgan, 1.0};
    bench::compare(s, basin, 0.0, bench::baseline("final_distance", plain));
  })->UseManualTime();
  benchmark::RegisterBenchmark("attractors/lyapunov_cell/gan-r1/simgd/1000", [&](benchmark::State& s) {
    lyapunov_side spectrum{gan_r1, 0.1};
    final_distance_side plain{gan_r1, 0.1};
    bench::compare(s, spectrum, 1e-9, bench::baseline("plain_steps", plain));
  })->UseManualTime();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
}
