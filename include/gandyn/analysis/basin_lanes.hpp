// Basin labels of many starts at once (docs/analysis.md, "Basins"; docs/batched.md): the
// trajectories run W at a time in SIMD lanes (dynamics/iterate_lanes.hpp), each lane's run is
// recorded as a single run records it (observers/run_recorder.hpp: every K-th iterate and the
// last finite one, the stop at divergence, a non-finite iterate left out), and the recorded
// rows are labelled by label_rows (analysis/basin.hpp). A start's label thus comes from the
// rows `gandyn simulate` would record for it, up to the last bits of the exponential (the
// lanes' numbers, dynamics/iterate_lanes.hpp), and not from the other starts of its group.
#pragma once

#include "gandyn/analysis/basin.hpp"
#include "gandyn/core/batch.hpp"
#include "gandyn/core/game.hpp"
#include "gandyn/dynamics/detail/lane_groups.hpp"
#include "gandyn/dynamics/iterate_lanes.hpp"
#include "gandyn/observers/run_recorder.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <array>
#include <functional>
#include <optional>
#include <stdexcept>
#include <vector>

namespace gandyn {

// The run behind each label: what a simulate of `steps` iterations (or RK4 steps) with step h
// records, and how label_rows reads it.
struct lanes_basin_run {
  long steps = 0;
  double h = 0;
  long every = 1;       // one recorded iterate in `every` (and the last)
  double bound = 1e10;  // diverged beyond it (or at a non-finite coordinate)
  bool flow = false;    // RK4: the rows are a flow's, sampled every h * every in time
  basin_options options{};
};

namespace detail {

// One run_recorder per lane, fed the lane's state after every step until its run stops, then
// each lane's label. Its members depend on the lanes and the state's size alone, not on the
// game or the method: they are compiled once, not once per game and method.
template <int W, class Vec>
struct lanes_basin_recorder {
  std::vector<run_recorder<Vec>> runs;
  std::array<bool, W> stopped{};
  double h = 0;

  lanes_basin_recorder(Eigen::Index lanes, const lanes_basin_run& run, const Vec& centre) : h(run.h) {
    for (Eigen::Index l = 0; l < lanes; ++l)
      runs.emplace_back(run.every, std::nullopt, run.bound, centre, std::nullopt);
  }

  template <class State>
  void operator()(const State& x, long k) {
    alignas(64) double lane[W];
    std::array<Vec, W> at;
    const auto count = static_cast<int>(runs.size());
    for (int l = 0; l < count; ++l) at[static_cast<std::size_t>(l)].resize(x.size());
    for (Eigen::Index i = 0; i < x.size(); ++i) {
      x[i].store(lane);
      for (int l = 0; l < count; ++l) at[static_cast<std::size_t>(l)][i] = lane[l];
    }
    for (int l = 0; l < count; ++l) {
      const auto j = static_cast<std::size_t>(l);
      if (!stopped[j]) stopped[j] = !runs[j](at[j], k, static_cast<double>(k) * h);
    }
  }

  // Each lane's label from its recorded rows (analysis/basin.hpp), into out[0 .. lanes - 1].
  void label(const lanes_basin_run& run, const Vec& centre, basin_result* out) {
    const std::optional<double> flow_dt =
        run.flow ? std::optional<double>(run.h * static_cast<double>(run.every)) : std::nullopt;
    for (auto& r : runs) {
      const run_result ended = r.finish(run.steps);
      *out++ = label_trajectory(r.rows.states, centre, ended, flow_dt, run.options);
    }
  }
};

}  // namespace detail

// The basin label of every column of `starts` ([theta; psi], one start per column) under
// `method` (an update rule, or rk4_method), around `centre` (the equilibrium). Throws
// std::invalid_argument for starts or a centre whose rows do not match the game.
template <int W = default_lanes, class Method, game G>
std::vector<basin_result> basin_labels_in_lanes(const Method& method, const G& g, const Eigen::MatrixXd& starts,
                                                const Eigen::VectorXd& centre, const lanes_basin_run& run) {
  using Vec = Eigen::Matrix<double, state_size_v<G>, 1>;
  if (starts.rows() != state_dim(g) || centre.size() != state_dim(g))
    throw std::invalid_argument("basin_labels_in_lanes: starts and centre need one row per coordinate");
  if (run.steps < 0 || run.every < 1) throw std::invalid_argument("basin_labels_in_lanes: steps >= 0, every >= 1");
  const Eigen::Index count = starts.cols();
  std::vector<basin_result> labels(static_cast<std::size_t>(count));
  const Vec target = centre;
  detail::for_each_lane_group<W>(count, [&](Eigen::Index first, Eigen::Index m) {
    Eigen::MatrixXd x = starts.middleCols(first, m);
    detail::lanes_basin_recorder<W, Vec> record(m, run, target);
    lanes_result flags{Eigen::Array<bool, Eigen::Dynamic, 1>(m), Eigen::ArrayXi(m)};
    detail::run_group<W>(method, g, x, 0, m, run.steps, run.h, run.bound, flags, std::ref(record));
    record.label(run, target, labels.data() + first);
  });
  return labels;
}

}  // namespace gandyn
