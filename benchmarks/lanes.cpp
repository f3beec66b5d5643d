// Trajectories in SIMD lanes (docs/batched.md): gandyn::iterate_lanes, every game's own field
// on a batch scalar, against the hand-written structure-of-arrays kernels of hand/lanes.hpp
// (Eigen arrays, Eigen's vectorised exp, blocks of 256, OpenMP), in the same run.
// Names: lanes/<game>/<rule>/<trajectories>x<steps>:
//   * the map, 500 x 500 starts in [-2, 2]^2, 1000 steps: nsgan, wgan-gp and gan-r1
//     with simgd and altgd (target: within 1.5x of the hand kernel);
//   * 10^6 starts x 1000 simgd steps of nsgan (target: under 1.5 s on 2 cores with
//     -march=native; altgd within 2x of it).
// Counters: seconds (wall, the library), cpu_seconds (all threads), ns_per_unit (per
// trajectory-step), hand_seconds, ratio_vs_hand (library / hand), agreement (largest
// difference of the final states, relative to max(1, |x|)), lanes, threads.
#include "hand/lanes.hpp"

#include <gandyn/dynamics/iterate_lanes.hpp>
#include <gandyn/dynamics/rules/altgd.hpp>
#include <gandyn/dynamics/rules/simgd.hpp>
#include <gandyn/registry/make_game.hpp>

#include <benchmark/benchmark.h>

#include <chrono>
#include <ctime>
#include <random>
#include <string>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace {

constexpr double h = 0.05;

template <class F>
double seconds(F&& f) {
  const auto t0 = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// The map's starts: a side x side grid on [-2, 2]^2, or uniform random ones.
Eigen::MatrixXd starts(long count, long side) {
  Eigen::MatrixXd x(2, count);
  if (side > 0) {
    for (long i = 0; i < side; ++i)
      for (long j = 0; j < side; ++j)
        x.col(i * side + j) << -2 + 4.0 * i / (side - 1), -2 + 4.0 * j / (side - 1);
  } else {
    std::mt19937_64 engine(2024);
    std::uniform_real_distribution<double> u(-2, 2);
    for (double& e : x.reshaped()) e = u(engine);
  }
  return x;
}

template <class Rule>
void run(benchmark::State& s, const std::string& name, hand::soa_game which, const Rule& rule, long count, long side,
         long steps) {
  const auto game = gandyn::registry::make_game<1>(name, {}, 1);
  const Eigen::MatrixXd x0 = starts(count, side);
  const double work = static_cast<double>(count) * static_cast<double>(steps);
  const bool alternating = std::is_same_v<Rule, gandyn::altgd>;
  double library = 0, cpu = 0, hand_time = 0, agreement = 0;
  for (auto _ : s) {
    // library and hand alternate, twice; the medians of two are their means
    for (int round = 0; round < 2; ++round) {
      Eigen::MatrixXd x = x0;
      const std::clock_t c0 = std::clock();
      library += seconds([&] {
        std::visit(
            [&](const auto& g) {
              if constexpr (!requires { g.game; }) gandyn::iterate_lanes(rule, g, x, steps, h);
            },
            game);
      });
      cpu += static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
      Eigen::ArrayXd theta = x0.row(0).transpose(), psi = x0.row(1).transpose(), flags = Eigen::ArrayXd::Zero(count);
      hand_time += seconds([&] { hand::soa_sweep({.game = which}, alternating, theta, psi, flags, steps, h); });
      double worst = 0;
      for (long j = 0; j < count; ++j) {
        if (flags[j] != 0) continue;
        const Eigen::Vector2d y(theta[j], psi[j]);
        worst = std::max(worst, (x.col(j) - y).norm() / std::max(1.0, y.norm()));
      }
      agreement = std::max(agreement, worst);
    }
    library /= 2;
    cpu /= 2;
    hand_time /= 2;
    s.SetIterationTime(library);
  }
  if (!(agreement <= 1e-9)) s.SkipWithError("lanes and hand kernel disagree");
  s.counters["seconds"] = library;
  s.counters["cpu_seconds"] = cpu;
  s.counters["ns_per_unit"] = library * 1e9 / work;
  s.counters["hand_seconds"] = hand_time;
  s.counters["hand_ns_per_unit"] = hand_time * 1e9 / work;
  s.counters["ratio_vs_hand"] = library / hand_time;
  s.counters["agreement"] = agreement;
  s.counters["lanes"] = gandyn::default_lanes;
#ifdef _OPENMP
  s.counters["threads"] = omp_get_max_threads();
#else
  s.counters["threads"] = 1;
#endif
}

template <class Rule>
void add(const std::string& name, hand::soa_game which, const Rule& rule, const char* rule_name, long count, long side,
         long steps) {
  const std::string label =
      "lanes/" + name + "/" + rule_name + "/" + std::to_string(count) + "x" + std::to_string(steps);
  benchmark::RegisterBenchmark(label.c_str(), [=](benchmark::State& s) { run(s, name, which, rule, count, side, steps); })
      ->UseManualTime()
      ->Iterations(1)
      ->Unit(benchmark::kMillisecond);
}

}  // namespace

int main(int argc, char** argv) {
  using hand::soa_game;
  for (const auto& [name, which] : {std::pair{std::string("nsgan"), soa_game::nsgan},
                                    std::pair{std::string("wgan-gp"), soa_game::wgan_gp},
                                    std::pair{std::string("gan-r1"), soa_game::gan_r1}}) {
    add(name, which, gandyn::simgd{}, "simgd", 250'000, 500, 1000);
    add(name, which, gandyn::altgd{}, "altgd", 250'000, 500, 1000);
  }
  add("nsgan", soa_game::nsgan, gandyn::simgd{}, "simgd", 1'000'000, 0, 1000);
  add("nsgan", soa_game::nsgan, gandyn::altgd{}, "altgd", 1'000'000, 0, 1000);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
}
