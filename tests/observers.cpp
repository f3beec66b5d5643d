// The observers (observers/observers.hpp, observers/run_recorder.hpp; docs/program.md, "How a
// run ends"; docs/rules.md, "Weight averaging"): the stop observers, weight averaging, and the
// run recorder against runs computed here by hand.
#include "support.hpp"

#include <gandyn/observers/run_recorder.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

using namespace gandyn;
using vec2 = Eigen::Vector2d;
using vec4 = Eigen::Vector4d;

namespace {

// v = -x: simgd with step h multiplies x by (1 - h) each step.
struct contraction {
  static constexpr int state_size = 2;
  Eigen::Index generator_dim() const { return 1; }
  Eigen::Index discriminator_dim() const { return 1; }
  template <class S>
  state<S, 2> operator()(const state<S, 2>& x) const {
    return -x;
  }
};

// The iterates of simgd on the scalar bilinear game, x_{k+1} = [[1, -h], [h, 1]] x_k, by hand.
std::vector<vec2> bilinear_iterates(vec2 x, double h, long steps) {
  std::vector<vec2> xs{x};
  for (long k = 1; k <= steps; ++k) {
    x = vec2(x[0] - h * x[1], x[1] + h * x[0]);
    xs.push_back(x);
  }
  return xs;
}

// e_0 = x_0, e_k = b e_{k-1} + (1 - b) x_k.
std::vector<vec2> ema_of(const std::vector<vec2>& xs, double b) {
  std::vector<vec2> es{xs[0]};
  for (std::size_t k = 1; k < xs.size(); ++k) es.push_back(b * es.back() + (1 - b) * xs[k]);
  return es;
}

template <class G>
std::pair<run_recorder<vec2>, run_result> record(const G& g, vec2 x, long steps, double h, long every,
                                                 std::optional<double> ema, double bound,
                                                 std::optional<double> tol) {
  run_recorder<vec2> recorder(every, ema, bound, vec2::Zero(), tol);
  auto stepper = make_stepper<vec2>(simgd{});
  const iteration_end end = iterate(stepper, g, x, steps, h, recorder);
  const run_result r = recorder.finish(end.step);
  return {std::move(recorder), r};
}

}  // namespace

TEST_CASE("run_recorder: rows every K and the last, the moving average beside them, a finished run") {
  const double h = 0.1, b = 0.5;
  const vec2 x0(0.6, -0.8);
  const auto xs = bilinear_iterates(x0, h, 10);
  const auto es = ema_of(xs, b);
  auto [rec, r] = record(test::scalar_bilinear{}, x0, 10, h, 3, b, 1e10, std::nullopt);
  CHECK(r.status == run_status::finished);
  CHECK(r.step == 10);
  REQUIRE(rec.rows.steps == std::vector<long>{0, 3, 6, 9, 10});
  REQUIRE(rec.averages.steps == rec.rows.steps);
  for (std::size_t i = 0; i < rec.rows.steps.size(); ++i) {
    const long k = rec.rows.steps[i];
    INFO("row " << i << ", step " << k);
    CHECK(rec.rows.times[i] == Approx(h * k).epsilon(1e-15));
    CHECK((rec.rows.states[i] - xs[k]).norm() < 1e-15);
    CHECK((rec.averages.states[i] - es[k]).norm() < 1e-15);
  }
  // without an average, no average rows
  auto [plain, r2] = record(test::scalar_bilinear{}, x0, 10, h, 5, std::nullopt, 1e10, std::nullopt);
  CHECK(plain.rows.steps == std::vector<long>{0, 5, 10});
  CHECK(plain.averages.steps.empty());
  CHECK(r2.status == run_status::finished);
}

TEST_CASE("run_recorder: a diverged run ends at the step that crossed the bound, its last finite row kept") {
  const double h = 0.1;
  const vec2 x0(0.6, -0.8);
  // ||x_k|| = (1 + h^2)^(k/2): crosses 2 at k = ceil(2 log 2 / log 1.01) = 140
  auto [rec, r] = record(test::scalar_bilinear{}, x0, 1000, h, 50, 0.9, 2.0, std::nullopt);
  CHECK(r.status == run_status::diverged);
  CHECK(r.step == 140);
  CHECK(rec.rows.steps == std::vector<long>{0, 50, 100, 140});  // beyond the bound but finite: a row
  const auto xs = bilinear_iterates(x0, h, 140);
  CHECK((rec.rows.states.back() - xs[140]).norm() < 1e-12);
  CHECK(rec.rows.states.back().norm() > 2.0);
  CHECK((rec.averages.states.back() - ema_of(xs, 0.9)[140]).norm() < 1e-12);

  // A non-finite iterate is not a row: with h = 1e300, x_1 is finite and x_2 overflows.
  const double inf = std::numeric_limits<double>::infinity();
  auto [huge, r3] = record(test::scalar_bilinear{}, x0, 10, 1e300, 1, std::nullopt, inf, std::nullopt);
  CHECK(r3.status == run_status::diverged);
  CHECK(r3.step == 2);
  CHECK(huge.rows.steps == std::vector<long>{0, 1});
  CHECK(huge.rows.states.back().allFinite());
  // The same with rows every 5: x_1 is no row when it is taken, and is kept as the last finite
  // iterate, x_1 = x_0 + h (-psi_0, theta_0) (v of the bilinear game).
  auto [sparse, r4] = record(test::scalar_bilinear{}, x0, 10, 1e300, 5, std::nullopt, inf, std::nullopt);
  CHECK(r4.status == run_status::diverged);
  CHECK(r4.step == 2);
  REQUIRE(sparse.rows.steps == std::vector<long>{0, 1});
  CHECK(sparse.rows.states.back() == vec2(x0[0] - 1e300 * x0[1], x0[1] + 1e300 * x0[0]));
}

TEST_CASE("run_recorder: a converged run ends at the first iterate within tol") {
  // simgd with h = 0.5 on v = -x halves x: ||x_k|| = 2^-k <= 1e-3 first at k = 10.
  const vec2 x0(1.0, 0.0);
  auto [rec, r] = record(contraction{}, x0, 1000, 0.5, 4, 0.5, 1e10, 1e-3);
  CHECK(r.status == run_status::converged);
  CHECK(r.step == 10);
  CHECK(rec.rows.steps == std::vector<long>{0, 4, 8, 10});
  CHECK(rec.rows.states.back()[0] == std::ldexp(1.0, -10));
  std::vector<vec2> xs;
  for (int k = 0; k <= 10; ++k) xs.push_back(vec2(std::ldexp(1.0, -k), 0));
  CHECK((rec.averages.states.back() - ema_of(xs, 0.5)[10]).norm() < 1e-16);
  // without a tolerance the run finishes
  auto [all, r2] = record(contraction{}, x0, 30, 0.5, 4, std::nullopt, 1e10, std::nullopt);
  CHECK(r2.status == run_status::finished);
  CHECK(r2.step == 30);
  CHECK(all.rows.steps.back() == 30);
}

TEST_CASE("the stop observers report how a run ended") {
  auto stepper = make_stepper<vec2>(simgd{});
  SECTION("divergence at the step the bound is crossed") {
    vec2 x(0.6, -0.8);
    stop_on_divergence divergence{.bound = 2.0};
    const auto end = iterate(stepper, test::scalar_bilinear{}, x, 1000, 0.1, divergence);
    const run_result r = outcome<vec2>(end, &divergence, nullptr);
    CHECK(r.status == run_status::diverged);
    // ||x_k|| = (1.01)^(k/2) crosses 2 at k = ceil(2 log 2 / log 1.01) = 140
    CHECK(r.step == 140);
  }
  SECTION("convergence at the first iterate within tol") {
    vec2 x(0.5, 0.5);
    stop_on_convergence<vec2> convergence{.target = vec2::Zero(), .tol = 1e-3};
    const f_gan<1> g{.penalty = {.r1 = 1.0}};
    const auto end = iterate(stepper, g, x, 100000, 0.1, convergence);
    const run_result r = outcome(end, nullptr, &convergence);
    CHECK(r.status == run_status::converged);
    CHECK(x.norm() <= 1e-3);
    vec2 y(0.5, 0.5);
    auto again = make_stepper<vec2>(simgd{});
    iterate(again, g, y, r.step - 1, 0.1, test::keep_going);
    CHECK(y.norm() > 1e-3);
  }
}

TEST_CASE("weight averaging finds the centre of gan's oscillation under altgd") {
  // dirac-gan-convergence.zh.txt: the orbit's centre is the equilibrium; EMA decay 0.999.
  const vec4 start(1.0, 0.5, 0.3, -0.8);
  vec4 x = start;
  auto stepper = make_stepper<vec4>(altgd{});
  moving_average<vec4> ema{.beta = 0.999};
  record_every<vec4> record{.every = 1};
  iterate(stepper, gan<2>(), x, 5000, 0.2, observe_all(record, ema));
  const behaviour b = classify(record.states, vec4(vec4::Zero()));
  CHECK(b.radius_min > 0.5 * start.norm());  // the iterates keep oscillating
  CHECK(ema.average.norm() < 0.05 * b.radius_min);
}

TEST_CASE("record_every keeps exactly the multiples of K, also when steps are skipped") {
  // Steps 0..20 with K = 3: the multiples 0, 3, ..., 18; then steps jumping past multiples
  // (0, 2, 7, 9, 10, 14, 15): only those that are multiples of 3 (0, 9, 15).
  record_every<vec2> consecutive{.every = 3};
  for (long k = 0; k <= 20; ++k) consecutive(vec2::Constant(static_cast<double>(k)), k, 0.5 * static_cast<double>(k));
  CHECK(consecutive.steps == std::vector<long>{0, 3, 6, 9, 12, 15, 18});
  CHECK(consecutive.times == std::vector<double>{0, 1.5, 3, 4.5, 6, 7.5, 9});
  CHECK(consecutive.states[4](0) == 12);
  record_every<vec2> skipping{.every = 3};
  for (long k : {0L, 2L, 7L, 9L, 10L, 14L, 15L}) skipping(vec2::Zero(), k, 0);
  CHECK(skipping.steps == std::vector<long>{0, 9, 15});
  skipping.finish(vec2::Zero(), 16, 0);  // the last iterate is always kept
  CHECK(skipping.steps == std::vector<long>{0, 9, 15, 16});
}
