// A run as the programs report it (docs/program.md, "How a run ends"), composed from the
// observers of observers.hpp: every K-th iterate and always the last finite one
// (record_every), the moving average of the iterates beside them (moving_average, weight
// averaging), a stop on divergence (a non-finite coordinate or ||x|| > bound) and, with a
// tolerance, on convergence to a target (the equilibrium). A diverged run keeps its finite
// rows: an iterate beyond the bound but finite is the last row, a non-finite one is not.
#pragma once

#include "gandyn/observers/observers.hpp"
#include "gandyn/observers/run_result.hpp"

#include <optional>

namespace gandyn {

template <class State>
struct run_recorder {
  record_every<State> rows;                // the recorded iterates
  record_every<State> averages;            // the moving average at the same steps (with ema)
  std::optional<moving_average<State>> ema;
  stop_on_divergence divergence;
  std::optional<stop_on_convergence<State>> convergence;

  // every: record every K-th iterate; ema: the average's decay beta, if any; bound: diverged
  // beyond it; target and tol: converged within tol of target, if tol is given.
  run_recorder(long every, std::optional<double> ema_beta, double bound, const State& target,
               std::optional<double> tol)
      : rows{.every = every}, averages{.every = every}, divergence{.bound = bound} {
    if (ema_beta) ema = moving_average<State>{.beta = *ema_beta};
    if (tol) convergence = stop_on_convergence<State>{.target = target, .tol = *tol};
  }

  // Most steps need only the divergence test and the note of the last iterate: that part is
  // inline, so a driver that calls the recorder inline (iterate, observed_inline) keeps a small
  // state in registers from step to step; a row, the average, the convergence test and the end
  // of the run go through `record`, out of line.
  static constexpr bool inline_call = true;

  bool operator()(const State& x, long k, double t) {
    if (ema || convergence || k >= rows.next_multiple || !divergence.within(x)) return record(x, k, t);
    last_ = {x, k, t};
    return true;
  }

  [[gnu::noinline]] bool record(const State& x, long k, double t) {
    const bool within_bound = divergence(x, k, t);
    if (!within_bound && !x.allFinite()) return false;  // the previous iterate stays the last row
    if (ema) (*ema)(x, k, t);
    last_ = {x, k, t};
    if (!within_bound) return false;
    rows(x, k, t);
    if (ema) averages(ema->average, k, t);
    return !convergence || (*convergence)(x, k, t);
  }

  // Records the last finite iterate if it is not a row yet, and says how the run ended
  // (`end_step`: the last step the driver took, for a run that finished).
  run_result finish(long end_step) {
    if (last_) {
      rows.finish(last_->x, last_->k, last_->t);
      if (ema) averages.finish(ema->average, last_->k, last_->t);
    }
    if (divergence.diverged) return {run_status::diverged, divergence.step};
    if (convergence && convergence->converged) return {run_status::converged, convergence->step};
    return {run_status::finished, last_ ? last_->k : end_step};
  }

 private:
  struct iterate_at {
    State x;
    long k;
    double t;
  };
  std::optional<iterate_at> last_;
};

}  // namespace gandyn
