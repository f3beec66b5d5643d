// Exact Jacobians by forward-mode automatic differentiation (core/jacobian.hpp) against the
// hand-derived analytic Jacobian (hand/fields.hpp, nsgan_jacobian), at the benchmarks' start:
//   jacobian/field/nsgan/...  gandyn::jacobian(game, x), the field's v'(x);
//   jacobian/step/nsgan/...   gandyn::jacobian of one simgd step x -> x + h v(x) (the rule's
//                             own step on dual numbers), I + h v'(x), h = 0.01 (what
//                             analysis/step_jacobian.hpp does for a stateless rule).
// n = 1, 2 at compile time, 1, 2, 64 at run time (issue 6: n <= 64, a dense Jacobian).
// Names: jacobian/<field|step>/nsgan/<fixed|dynamic>/<n>; one unit = one Jacobian.
#include "hand/fields.hpp"
#include "support/compare.hpp"
#include "support/games.hpp"
#include "support/start.hpp"

#include <string>

namespace {

constexpr double h = 0.01;

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

template <class Game, class State, bool Step>
struct library_side {
  Game game;
  State x;
  Eigen::MatrixXd j{};

  void start() {}
  void run(long count) {
    for (long k = 0; k < count; ++k) {
      if constexpr (Step) {
        const auto step = gandyn::jacobian(simgd_step(game), x);
        benchmark::DoNotOptimize(step.data());
        if (k + 1 == count) j = step;
      } else {
        const auto field = gandyn::jacobian(game, x);
        benchmark::DoNotOptimize(field.data());
        if (k + 1 == count) j = field;
      }
      benchmark::ClobberMemory();
    }
  }
  Eigen::VectorXd result() const { return j.reshaped(); }
};

template <int H, bool Step>
struct hand_side {
  hand::nsgan_jacobian<H> field;
  hand::vec<H> x;
  std::vector<double> j = std::vector<double>(4 * field.dim() * field.dim());

  void start() {}
  void run(long count) {
    const long rows = 2 * field.dim();
    for (long k = 0; k < count; ++k) {
      field(x.data(), j.data());
      if constexpr (Step) {  // I + h J (h_D = h_G)
        for (long c = 0; c < rows; ++c) {
          for (long r = 0; r < rows; ++r) j[r + rows * c] *= h;
          j[c + rows * c] += 1;
        }
      }
      benchmark::DoNotOptimize(j.data());
      benchmark::ClobberMemory();
    }
  }
  Eigen::VectorXd result() const { return Eigen::Map<const Eigen::VectorXd>(j.data(), static_cast<long>(j.size())); }
};

template <bool Step, int N>
void add(long n) {
  constexpr int H = N == Eigen::Dynamic ? 0 : N;
  using state = gandyn::dirac_state<double, N>;
  const std::string name = std::string(Step ? "jacobian/step/" : "jacobian/field/") + "nsgan" +
                           (N == Eigen::Dynamic ? "/dynamic/" : "/fixed/") + std::to_string(n);
  benchmark::RegisterBenchmark(name.c_str(), [n](benchmark::State& s) {
    const state x = bench::start_point<state>(n);
    const auto game = bench::nsgan::library<N>(n);
    library_side<decltype(game), state, Step> library{game, x};
    hand::nsgan_jacobian<H> field;
    field.n = n;
    field.data = bench::zeros();
    hand_side<H, Step> by_hand{field, hand::copy_of<H>(x)};
    bench::compare(s, library, 1e-12, bench::baseline("hand", by_hand));
  })->UseManualTime();
}

template <bool Step>
void add_sizes() {
  add<Step, 1>(1);
  add<Step, 2>(2);
  for (long n : {1, 2, 64}) add<Step, Eigen::Dynamic>(n);
}

}  // namespace

int main(int argc, char** argv) {
  add_sizes<false>();
  add_sizes<true>();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
}
