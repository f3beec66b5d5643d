// The adaptive flow on t in [0, 100] with Dormand-Prince 5(4) at rtol = atol = 1e-8 (issue 6),
// three ways on the same field and start: gandyn::integrate_dopri5 (the library's adapter,
// dynamics/adaptive_flow.hpp), Odeint used directly (integrate_adaptive on
// make_controlled(runge_kutta_dopri5) with a lambda system), and the hand loop
// (hand/dopri5.hpp, Odeint's controller written out). SciPy's solve_ivp on the same problem
// is timed by python_baselines.py. Games nsgan, wgan-gp, gan-noise; n = 1, 2, 64 at compile
// time, 1, 2, 64, 4096 at run time. Names: dopri5/<game>/<fixed|dynamic>/<n>; one unit = one
// solve; the counter `steps` is the accepted steps of a solve.
#include "hand/dopri5.hpp"
#include "support/compare.hpp"
#include "support/games.hpp"
#include "support/library_side.hpp"
#include "support/start.hpp"

#include <boost/numeric/odeint/integrate/integrate_adaptive.hpp>

#include <string>
#include <vector>

namespace {

namespace odeint = boost::numeric::odeint;
constexpr double t_end = 100, tol = 1e-8, dt0 = 1e-3;

template <class Game, class State>
struct library_side {
  Game game;
  State x0;
  State x = x0;
  std::vector<double> times{t_end};

  void start() { x = x0; }
  void run(long solves) {
    for (long k = 0; k < solves; ++k) {
      x = x0;
      if (gandyn::integrate_dopri5(game, x, times, {.rtol = tol, .atol = tol, .initial_dt = dt0}, bench::keep_going)
              .failed)
        x.setConstant(NAN);
    }
    benchmark::DoNotOptimize(x.data());
    benchmark::ClobberMemory();
  }
  Eigen::VectorXd result() const { return x; }
};

template <class Game, class State>
struct odeint_side {
  Game game;
  State x0;
  State x = x0;
  long steps = 0;

  void start() { x = x0; }
  void run(long solves) {
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push  // as in dynamics/adaptive_flow.hpp: GCC 12 inside Odeint's dopri5
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif
    using stepper = odeint::runge_kutta_dopri5<State, double, State, double, odeint::vector_space_algebra>;
    const auto system = [this](const State& y, State& dydt, double) { dydt = game(y); };
    for (long k = 0; k < solves; ++k) {
      x = x0;
      steps = static_cast<long>(
          odeint::integrate_adaptive(odeint::make_controlled(tol, tol, stepper()), system, x, 0.0, t_end, dt0));
    }
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
    benchmark::DoNotOptimize(x.data());
    benchmark::ClobberMemory();
  }
  Eigen::VectorXd result() const { return x; }
};

template <class Game, int N>
void add(long n) {
  constexpr int H = N == Eigen::Dynamic ? 0 : N;
  using state = gandyn::dirac_state<double, N>;
  const std::string name =
      std::string("dopri5/") + Game::name + (N == Eigen::Dynamic ? "/dynamic/" : "/fixed/") + std::to_string(n);
  benchmark::RegisterBenchmark(name.c_str(), [n](benchmark::State& s) {
    const state x0 = bench::start_point<state>(n);
    const auto game = Game::template library<N>(n);
    library_side<decltype(game), state> library{game, x0};
    odeint_side<decltype(game), state> direct{game, x0};
    using field = decltype(Game::template by_hand<H>(n));
    hand::dopri5_side<H, field> by_hand{Game::template by_hand<H>(n), hand::copy_of<H>(x0)};
    // Solutions to 1e-8 tolerances; the sides differ only in the last step's landing.
    bench::compare(s, library, 1e-6, bench::baseline("odeint", direct), bench::baseline("hand", by_hand));
    s.counters["steps"] = static_cast<double>(by_hand.steps);
    s.counters["odeint_steps"] = static_cast<double>(direct.steps);
  })->UseManualTime();
}

template <class Game>
void add_sizes() {
  add<Game, 1>(1);
  add<Game, 2>(2);
  add<Game, 64>(64);
  for (long n : {1, 2, 64, 4096}) add<Game, Eigen::Dynamic>(n);
}

}  // namespace

int main(int argc, char** argv) {
  add_sizes<bench::nsgan>();
  add_sizes<bench::wgan_gp>();
  add_sizes<bench::gan_noise>();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
}
