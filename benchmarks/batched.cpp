// Batched simulation for sweeps (issue 6): many simgd trajectories of nsgan (h = 0.05, data
// at 0, starts uniform in [-2, 2]^(2n) / sqrt(n)) with gandyn::iterate_batched
// (dynamics/batched.hpp: structure-of-arrays blocks, Eigen's vectorised exp, OpenMP over
// blocks), against
//   hand    the hand-written structure-of-arrays loop with OpenMP and the C library's exp
//           (hand/batched.hpp; n = 1 only),
//   scalar  the library one trajectory after another (gandyn::iterate with simgd), OpenMP
//           over trajectories, on the first 1% of the trajectories.
// NumPy vectorised across the same trajectories is timed by python_baselines.py.
// Names: batched/nsgan/<fixed|dynamic>/<n>/<trajectories>x<steps>. Counters: seconds (one
// library sweep, wall clock, mean of two), cpu_seconds (its processor time over all threads:
// divided by threads, the wall time on otherwise idle cores), ns per trajectory-step of each
// side, ratios, the process's peak memory during the library sweep (MB, starts and results
// included), heap allocations per trajectory-step, diverged trajectories, threads.
#include "hand/batched.hpp"
#include "support/allocation_counter.hpp"
#include "support/peak_memory.hpp"

#include <gandyn/games/f_gan_batched_simgd.hpp>
#include <gandyn/gandyn.hpp>
#include <gandyn/registry/make_game.hpp>

#include <benchmark/benchmark.h>

#include <chrono>
#include <cmath>
#include <ctime>
#include <random>
#include <string>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace {

constexpr double h = 0.05;

// Starts of norm O(1) whatever n: far from the equilibrium the orbits shear (their speed
// depends on the radius) and rounding differences between the sides grow too fast to compare.
Eigen::MatrixXd random_starts(long rows, long count) {
  std::mt19937_64 engine(2024);
  const double scale = 2 / std::sqrt(static_cast<double>(rows / 2));
  std::uniform_real_distribution<double> u(-scale, scale);
  Eigen::MatrixXd x(rows, count);
  for (double& e : x.reshaped()) e = u(engine);
  return x;
}

template <class F>
double seconds(F&& f) {
  const auto t0 = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Largest relative difference between matching columns (infinite if one is not finite).
double disagreement(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  double worst = 0;
  for (long j = 0; j < a.cols(); ++j) {
    const double d = (a.col(j) - b.col(j)).norm() / std::max(1.0, b.col(j).norm());
    if (!(d <= worst)) worst = d;
  }
  return worst;
}

template <int N>
void sweep(benchmark::State& s, long n, long count, long steps) {
  using state = gandyn::dirac_state<double, N>;
  const auto game = std::get<gandyn::f_gan<N>>(gandyn::registry::make_game<N>("nsgan", {}, n));
  const double work = static_cast<double>(count) * static_cast<double>(steps);
  double library = 0, cpu = 0, hand_time = 0, peak = 0;
  std::size_t allocations = 0;
  long diverged = 0;
  Eigen::MatrixXd x;
  for (auto _ : s) {
    bench::reset_peak_memory();
    const Eigen::MatrixXd starts = random_starts(2 * n, count);
    x = starts;
    for (int run = 0; run < 2; ++run) {
      x = starts;
      const std::size_t before = bench::allocations();
      const std::clock_t cpu_before = std::clock();
      library += seconds([&] {
        const gandyn::batch_result r = gandyn::iterate_batched(gandyn::simgd{}, game, x, steps, h);
        diverged = r.diverged.count();
        benchmark::DoNotOptimize(x.data());
      });
      allocations += bench::allocations() - before;
      cpu += static_cast<double>(std::clock() - cpu_before) / CLOCKS_PER_SEC;
    }
    library /= 2;
    cpu /= 2;
    peak = bench::peak_memory_mb();
    s.SetIterationTime(library);

    // One trajectory after another, on the first 1%.
    const long subset = std::max(1L, count / 100);
    Eigen::MatrixXd y = starts.leftCols(subset);
    const double scalar = seconds([&] {
      HAND_OMP("omp parallel for")
      for (long j = 0; j < subset; ++j) {
        state z = y.col(j);
        auto stepper = gandyn::make_stepper<state>(gandyn::simgd{});
        gandyn::iterate(stepper, game, z, steps, h, [](const auto&, long, double) { return true; });
        y.col(j) = z;
      }
    });
    s.counters["scalar_ns_per_unit"] = scalar * 1e9 / (static_cast<double>(subset) * steps);
    s.counters["ratio_vs_scalar"] = (library / work) / (scalar / (static_cast<double>(subset) * steps));
    if (!(disagreement(x.leftCols(subset), y) <= 1e-8)) s.SkipWithError("batched and scalar trajectories disagree");

    if constexpr (N == 1) {
      std::vector<double> theta(count), psi(count);
      std::vector<char> flags(count, 0);
      for (long j = 0; j < count; ++j) {
        theta[j] = starts(0, j);
        psi[j] = starts(1, j);
      }
      hand_time = seconds([&] { hand::nsgan_sweep(theta, psi, flags, steps, h); });
      Eigen::MatrixXd z(2, count);
      for (long j = 0; j < count; ++j) z.col(j) << theta[j], psi[j];
      s.counters["hand_ns_per_unit"] = hand_time * 1e9 / work;
      s.counters["ratio_vs_hand"] = library / hand_time;
      if (!(disagreement(x, z) <= 1e-8)) s.SkipWithError("batched and hand trajectories disagree");
    }
  }
  s.counters["seconds"] = library;
  s.counters["cpu_seconds"] = cpu;  // all threads: cpu / threads is the wall time on otherwise idle cores
  s.counters["ns_per_unit"] = library * 1e9 / work;
  s.counters["peak_memory_MB"] = peak;
  s.counters["allocs_per_unit"] = static_cast<double>(allocations) / (2 * work);
  s.counters["diverged"] = static_cast<double>(diverged);
  s.counters["trajectories"] = static_cast<double>(count);
  s.counters["steps"] = static_cast<double>(steps);
#ifdef _OPENMP
  s.counters["threads"] = omp_get_max_threads();
#else
  s.counters["threads"] = 1;
#endif
}

template <int N>
void add(long n, long count, long steps) {
  const std::string name = std::string("batched/nsgan/") + (N == Eigen::Dynamic ? "dynamic/" : "fixed/") +
                           std::to_string(n) + "/" + std::to_string(count) + "x" + std::to_string(steps);
  benchmark::RegisterBenchmark(name.c_str(), [=](benchmark::State& s) { sweep<N>(s, n, count, steps); })
      ->UseManualTime()
      ->Iterations(1)
      ->Unit(benchmark::kMillisecond);
}

}  // namespace

int main(int argc, char** argv) {
  add<1>(1, 1'000'000, 1000);  // the target sweep
  add<2>(2, 100'000, 1000);
  add<Eigen::Dynamic>(64, 10'000, 1000);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
}
