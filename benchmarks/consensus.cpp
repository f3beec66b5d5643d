// One simgd step (h = 0.01) of gan-consensus and nsgan-consensus, v - gamma J^T v
// (games/consensus.hpp: J^T v by automatic differentiation inside the field), run by
// gandyn::iterate, against the hand loop on the hand-derived O(n) form of J^T v
// (hand/fields.hpp, gan_consensus and nsgan_consensus). gan is zero-sum: J^T v = S J S v, one
// forward-mode directional derivative. nsgan is not: at n = 2 fixed the full forward-mode
// Jacobian, at n = 64 run-time size forward-mode derivatives of v and of the exchanged field
// on two tangents, evaluated together (docs/analysis.md, "Vector-Jacobian products").
// gan: n = 1, 2 at compile time, 1, 2, 64 at run time; nsgan: 2 fixed, 64 run-time.
// Names: consensus/<game>/<fixed|dynamic>/<n>; one unit = one step.
#include "hand/rules.hpp"
#include "support/compare.hpp"
#include "support/games.hpp"
#include "support/library_side.hpp"
#include "support/start.hpp"

#include <string>

namespace {

constexpr double h = 0.01;

template <class game, int N>
void add(long n) {
  constexpr int H = N == Eigen::Dynamic ? 0 : N;
  using state = gandyn::dirac_state<double, N>;
  const std::string name =
      std::string("consensus/") + game::name + (N == Eigen::Dynamic ? "/dynamic/" : "/fixed/") + std::to_string(n);
  benchmark::RegisterBenchmark(name.c_str(), [n](benchmark::State& s) {
    const state x0 = bench::start_point<state>(n);
    auto library = bench::make_library_side([] { return gandyn::make_stepper<state>(gandyn::simgd{}); },
                                            game::template library<N>(n), x0, h);
    using field = decltype(game::template by_hand<H>(n));
    hand::side<H, field, hand::simgd<H>> by_hand{game::template by_hand<H>(n), hand::simgd<H>{h, h}, hand::copy_of<H>(x0),
                                                 hand::copy_of<H>(x0)};
    bench::compare(s, library, 1e-9, bench::baseline("hand", by_hand));
  })->UseManualTime();
}

}  // namespace

int main(int argc, char** argv) {
  add<bench::gan_consensus, 1>(1);
  add<bench::gan_consensus, 2>(2);
  for (long n : {1, 2, 64}) add<bench::gan_consensus, Eigen::Dynamic>(n);
  add<bench::nsgan_consensus, 2>(2);
  add<bench::nsgan_consensus, Eigen::Dynamic>(64);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
}
