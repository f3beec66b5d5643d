// One classical Runge-Kutta (RK4) step of the flow x' = v(x), Boost.Odeint's runge_kutta4 on
// an Eigen state, three ways on the same field and start (h = 0.01): through gandyn's adapter
// and driver (gandyn::rk4 run by gandyn::iterate, the library side), Odeint used directly
// (odeint::integrate_n_steps with a lambda system), and the hand loop (hand/rules.hpp).
// Games nsgan, wgan-gp, gan-noise; n = 1, 2, 64 at compile time, 1, 2, 64, 4096 at run time.
// Names: rk4/<game>/<fixed|dynamic>/<n>; one unit = one step.
#include "hand/rules.hpp"
#include "support/compare.hpp"
#include "support/games.hpp"
#include "support/library_side.hpp"
#include "support/start.hpp"

#include <boost/numeric/odeint/integrate/integrate_n_steps.hpp>

#include <string>

namespace {

namespace odeint = boost::numeric::odeint;
constexpr double h = 0.01;

// Odeint on its own: the same stepper type, the field wrapped in a lambda.
template <class Game, class State>
struct odeint_side {
  Game game;
  State x0;
  State x = x0;
  gandyn::rk4<State> stepper{};

  void start() { x = x0; }
  void run(long steps) {
    const auto system = [this](const State& y, State& dydt, double) { dydt = game(y); };
    odeint::integrate_n_steps(stepper, system, x, 0.0, h, steps);
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
      std::string("rk4/") + Game::name + (N == Eigen::Dynamic ? "/dynamic/" : "/fixed/") + std::to_string(n);
  benchmark::RegisterBenchmark(name.c_str(), [n](benchmark::State& s) {
    const state x0 = bench::start_point<state>(n);
    const auto game = Game::template library<N>(n);
    auto library = bench::make_library_side([] { return gandyn::rk4<state>{}; }, game, x0, h);
    odeint_side<decltype(game), state> direct{game, x0};
    using field = decltype(Game::template by_hand<H>(n));
    hand::side<H, field, hand::rk4<H>> by_hand{Game::template by_hand<H>(n), hand::rk4<H>{h}, hand::copy_of<H>(x0),
                                               hand::copy_of<H>(x0)};
    bench::compare(s, library, 1e-9, bench::baseline("odeint", direct), bench::baseline("hand", by_hand));
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
