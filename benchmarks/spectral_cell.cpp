// One cell of a spectral-radius sweep (a stability map over step size and regularisation):
// the spectral radius of one simgd step's Jacobian at the equilibrium of nsgan-r1
// (gamma = 0.3, h = 0.1), the quantity that decides local convergence of the map
// (gan-training-convergence-analysis.fa.txt, Theorem 1). Library: gandyn::spectral_radius
// (analysis/spectrum.hpp) of gandyn::jacobian of the rule's own step (what
// analysis/step_jacobian.hpp does for a stateless rule; that header does not compile with
// Clang 14 for one); hand: the analytic Jacobian (hand/fields.hpp), I + h J,
// and the same eigensolver (Eigen::EigenSolver: nobody writes a nonsymmetric eigensolver by
// hand). n = 1, 2 at compile time, 1, 2, 64 at run time.
// Names: spectral_cell/nsgan-r1/<fixed|dynamic>/<n>; one unit = one cell.
#include "hand/fields.hpp"
#include "support/compare.hpp"
#include "support/games.hpp"

#include <gandyn/analysis/spectrum.hpp>

#include <Eigen/Eigenvalues>

#include <string>

namespace {

constexpr double h = 0.1, r1_gamma = 0.3;

// One simgd step as a function of the state, on any scalar type.
template <class Game>
auto simgd_step(const Game& game) {
  return [&game](const auto& x) {
    auto y = x.eval();
    typename gandyn::simgd::template memory<decltype(y)> none{};
    gandyn::simgd{}.step(game, y, none, h);
    return y;
  };
}

template <class Game, class State>
struct library_side {
  Game game;
  State equilibrium;
  Eigen::VectorXd radius = Eigen::VectorXd::Zero(1);

  void start() {}
  void run(long cells) {
    for (long k = 0; k < cells; ++k) {
      radius[0] = gandyn::spectral_radius(gandyn::jacobian(simgd_step(game), equilibrium));
      benchmark::DoNotOptimize(radius.data());
      benchmark::ClobberMemory();
    }
  }
  Eigen::VectorXd result() const { return radius; }
};

template <int N, int H>
struct hand_side {
  hand::nsgan_jacobian<H> field;
  hand::vec<H> equilibrium;
  Eigen::VectorXd radius = Eigen::VectorXd::Zero(1);

  void start() {}
  void run(long cells) {
    constexpr int size = N == Eigen::Dynamic ? Eigen::Dynamic : 2 * N;
    const long rows = 2 * field.dim();
    Eigen::Matrix<double, size, size> j(rows, rows);
    for (long k = 0; k < cells; ++k) {
      field(equilibrium.data(), j.data());
      j *= h;
      j.diagonal().array() += 1;
      const Eigen::EigenSolver<decltype(j)> solver(j, false);
      radius[0] = solver.eigenvalues().cwiseAbs().maxCoeff();
      benchmark::DoNotOptimize(radius.data());
      benchmark::ClobberMemory();
    }
  }
  Eigen::VectorXd result() const { return radius; }
};

template <int N>
void add(long n) {
  constexpr int H = N == Eigen::Dynamic ? 0 : N;
  using state = gandyn::dirac_state<double, N>;
  const std::string name =
      std::string("spectral_cell/nsgan-r1") + (N == Eigen::Dynamic ? "/dynamic/" : "/fixed/") + std::to_string(n);
  benchmark::RegisterBenchmark(name.c_str(), [n](benchmark::State& s) {
    const auto game = std::get<gandyn::f_gan<N>>(gandyn::registry::make_game<N>("nsgan-r1", {.gamma = r1_gamma}, n));
    const state equilibrium = state::Zero(2 * n);  // theta = x* = 0, psi = 0
    library_side<decltype(game), state> library{game, equilibrium};
    hand::nsgan_jacobian<H> field;
    field.n = n;
    field.data = bench::zeros();
    field.r1 = r1_gamma;
    hand_side<N, H> by_hand{field, hand::copy_of<H>(equilibrium)};
    bench::compare(s, library, 1e-12, bench::baseline("hand", by_hand));
  })->UseManualTime();
}

}  // namespace

int main(int argc, char** argv) {
  add<1>(1);
  add<2>(2);
  for (long n : {1, 2, 64}) add<Eigen::Dynamic>(n);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
}
