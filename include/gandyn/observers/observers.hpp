// Observers shared by maps and flows (docs/rules.md, "Weight averaging"): each is called as obs(x, k, t) on the
// initial state (k = 0) and after every step, and returns false to stop the run.
//   record_every   every k-th state (and the last, see finish())
//   moving_average exponential moving average of the iterates (weight averaging,
//                  dirac-gan-convergence.zh.txt "权重滑动平均"): e_0 = x_0, e_k = b e_{k-1} + (1-b) x_k
//   stop_on_divergence  a non-finite coordinate or ||x|| > bound
//   stop_on_convergence ||x - target|| <= tol
//   track          a scalar quantity of the state (a conserved quantity, a distance)
// `observe_all(a, b, ...)` calls several in order and stops as soon as one says stop.
#pragma once

#include "gandyn/observers/run_result.hpp"

#include <Eigen/Core>

#include <cmath>
#include <functional>
#include <tuple>
#include <utility>
#include <vector>

namespace gandyn {

template <class State>
struct record_every {
  long every = 1;
  std::vector<long> steps{};
  std::vector<double> times{};
  std::vector<State> states{};
  long next_multiple = 0;  // the first multiple of every not yet passed: no division per step

  bool operator()(const State& x, long k, double t) {
    if (k < next_multiple) return true;
    if (k % every == 0) push(x, k, t);
    next_multiple = (k / every + 1) * every;
    return true;
  }
  // Records the last iterate if it was not an every-th one (the last is always written:
  // docs/program.md, "simulate").
  void finish(const State& x, long k, double t) {
    if (steps.empty() || steps.back() != k) push(x, k, t);
  }

 private:
  void push(const State& x, long k, double t) {
    steps.push_back(k);
    times.push_back(t);
    states.push_back(x);
  }
};

template <class State>
struct moving_average {
  double beta = 0.999;
  State average{};
  bool started = false;

  bool operator()(const State& x, long, double) {
    using S = typename State::Scalar;
    if (!started) {
      average = x;
      started = true;
    } else {
      average = S(beta) * average + S(1 - beta) * x;
    }
    return true;
  }
};

struct stop_on_divergence {
  double bound = 1e10;
  bool diverged = false;
  long step = 0;

  template <class State>
  bool within(const State& x) const {
    return x.allFinite() && x.norm() <= bound;
  }

  template <class State>
  bool operator()(const State& x, long k, double) {
    if (within(x)) return true;
    diverged = true;
    step = k;
    return false;
  }
};

template <class State>
struct stop_on_convergence {
  State target{};
  double tol = 1e-8;
  bool converged = false;
  long step = 0;

  bool operator()(const State& x, long k, double) {
    if ((x - target).norm() > tol) return true;
    converged = true;
    step = k;
    return false;
  }
};

template <class State>
struct track {
  std::function<double(const State&)> quantity;
  std::vector<double> values{};

  bool operator()(const State& x, long, double) {
    values.push_back(quantity(x));
    return true;
  }
};

// Marks a callable as an observer that iterate calls inline (dynamics/iterate.hpp,
// observed_inline): for one that is cheap on most steps and keeps its rare work out of line
// itself, such as a lambda around run_recorder (registry/run_simulation.hpp).
template <class F>
struct inline_observer {
  F call;
  static constexpr bool inline_call = true;

  template <class State>
  bool operator()(const State& x, long k, double t) const {
    return call(x, k, t);
  }
};
template <class F>
inline_observer(F) -> inline_observer<F>;

// Calls each observer in order; stops the run as soon as one returns false.
template <class... Observers>
auto observe_all(Observers&... observers) {
  return [&observers...](const auto& x, long k, double t) { return (... && observers(x, k, t)); };
}

}  // namespace gandyn
