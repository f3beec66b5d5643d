// The library against its baselines in one benchmark, one run, the same binary (issue 6):
// every "side" is an object with
//   start()        restore the initial state (not timed),
//   run(k)         k units of work (steps, solves) from there (timed),
//   result()       an Eigen vector to compare across sides after the same work.
// Each benchmark iteration times one chunk of k units on every side in turn, the order
// rotating from one iteration to the next, so that a change of clock speed or a
// neighbour's load hits all sides alike; k is chosen once so that a chunk of the library
// takes about 50 us (the clock's overhead is then negligible). Google Benchmark's own time
// is the library's (manual time); the counters are what the driver reads:
//   ns_per_unit              the library, per unit
//   <name>_ns_per_unit       each baseline, per unit
//   ratio_vs_<name>          library time / baseline time (1.05 = the library is 5% slower)
//   allocs_per_unit          heap allocations per unit of the library (support/allocation_counter.hpp)
// After timing, every side redoes the same k units from its start and the results must
// agree to `tolerance` (relative, max norm) and be finite, or the benchmark reports an error:
// so no side can have been optimised away, and they did the same work.
#pragma once

#include "allocation_counter.hpp"

#include <benchmark/benchmark.h>

#include <Eigen/Core>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>

namespace bench {

template <class Side>
struct named {
  const char* name;
  Side& side;
};

template <class Side>
named<Side> baseline(const char* name, Side& side) {
  return {name, side};
}

namespace detail {

using clock = std::chrono::steady_clock;

template <class Side>
double seconds_for(Side& side, long units) {
  side.start();
  const auto t0 = clock::now();
  side.run(units);
  const auto t1 = clock::now();
  return std::chrono::duration<double>(t1 - t0).count();
}

// Relative difference in the max norm, infinite if either is not finite.
template <class A, class B>
double disagreement(const A& a, const B& b) {
  if (a.size() != b.size() || !a.allFinite() || !b.allFinite()) return INFINITY;
  const double scale = std::max({1.0, a.template lpNorm<Eigen::Infinity>(), b.template lpNorm<Eigen::Infinity>()});
  return (a - b).template lpNorm<Eigen::Infinity>() / scale;
}

}  // namespace detail

template <class Library, class... Baselines>
void compare(benchmark::State& state, Library& library, double tolerance, named<Baselines>... baselines) {
  constexpr std::size_t count = sizeof...(Baselines);
  // Chunk size: about 50 us of the library (after one warm-up run), at least one unit.
  detail::seconds_for(library, 1);
  long units = 1;
  while (units < (1L << 40) && detail::seconds_for(library, units) < 50e-6) units *= 2;

  double library_seconds = 0;
  std::array<double, count> baseline_seconds{};
  std::size_t allocations_seen = 0;
  long chunks = 0;
  for (auto _ : state) {
    double mine = 0;
    std::size_t index = 0;
    const auto time_baselines = [&] {
      index = 0;
      ((baseline_seconds[index++] += detail::seconds_for(baselines.side, units)), ...);
    };
    const auto time_library = [&] {
      library.start();
      const std::size_t before = allocations();
      const auto t0 = detail::clock::now();
      library.run(units);
      const auto t1 = detail::clock::now();
      allocations_seen += allocations() - before;
      mine = std::chrono::duration<double>(t1 - t0).count();
    };
    if (chunks % 2 == 0) {
      time_library();
      time_baselines();
    } else {
      time_baselines();
      time_library();
    }
    library_seconds += mine;
    state.SetIterationTime(mine);
    ++chunks;
  }

  const double total_units = static_cast<double>(units) * static_cast<double>(chunks);
  state.counters["ns_per_unit"] = library_seconds * 1e9 / total_units;
  state.counters["allocs_per_unit"] = static_cast<double>(allocations_seen) / total_units;
  std::size_t index = 0;
  (
      [&] {
        const std::string name = baselines.name;
        state.counters[name + "_ns_per_unit"] = baseline_seconds[index] * 1e9 / total_units;
        state.counters["ratio_vs_" + name] = library_seconds / baseline_seconds[index];
        ++index;
      }(),
      ...);

  // The same work on every side gives the same result.
  library.start();
  library.run(units);
  const auto expected = library.result();
  std::string failure;
  (
      [&] {
        baselines.side.start();
        baselines.side.run(units);
        const double d = detail::disagreement(expected, baselines.side.result());
        if (!(d <= tolerance) && failure.empty()) {
          char text[160];
          std::snprintf(text, sizeof text, "library and %s disagree after %ld units: %.3g relative", baselines.name,
                        units, d);
          failure = text;
        }
      }(),
      ...);
  if (!expected.allFinite()) failure = "the library's result is not finite";
  if (!failure.empty()) state.SkipWithError(failure.c_str());
}

}  // namespace bench
