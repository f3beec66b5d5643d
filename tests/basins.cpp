// Basin labels (docs/analysis.md, "Basins"): on recorded sequences whose fate is known in
// closed form, and on the runs the notes describe (gan-r1 converges; nsgan in two dimensions
// cycles; simgd on nsgan in one dimension from theta = psi = 1 stays on a closed curve for small
// steps and diverges for large ones), each checked against a longer run written out here.
#include <gandyn/analysis/basin.hpp>
#include <gandyn/analysis/lyapunov.hpp>
#include <gandyn/analysis/rk4_step.hpp>
#include <gandyn/dynamics/rules/simgd.hpp>
#include <gandyn/games/f_gan.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>
#include <vector>

using namespace gandyn;
using vec = Eigen::VectorXd;
using vec2 = Eigen::Vector2d;

namespace {

// x_k = r(k) (cos(w k), sin(w k)), k = 0..n-1.
template <class Radius>
std::vector<vec2> rotation(Radius radius, double w, long n) {
  std::vector<vec2> out;
  for (long k = 0; k < n; ++k) out.emplace_back(radius(k) * std::cos(w * k), radius(k) * std::sin(w * k));
  return out;
}

// The simgd run written out: x += h v(x), every state kept, stopping beyond 1e10.
template <class G>
std::vector<vec> simgd_run(const G& g, vec x, double h, long steps, run_result& ended) {
  std::vector<vec> out{x};
  ended = {run_status::finished, steps};
  for (long k = 1; k <= steps; ++k) {
    x = x + h * vec(g(state_of<G>(x)));
    if (!x.allFinite() || x.norm() > 1e10) {
      ended = {run_status::diverged, k};
      break;
    }
    out.push_back(x);
  }
  return out;
}

const vec2 zero = vec2::Zero();

}  // namespace

TEST_CASE("labels of sequences whose fate is known in closed form") {
  SECTION("0.9^k: converged") {
    const auto b = label_trajectory(rotation([](long k) { return std::pow(0.9, k); }, 0.3, 400), zero);
    CHECK(b.label == basin_label::converged);
    CHECK(b.final_distance == Approx(std::pow(0.9, 399)));
  }
  SECTION("a point at rest away from the centre: converged-elsewhere") {
    const auto b = label_trajectory(rotation([](long k) { return 2 + std::pow(0.5, k); }, 0.0, 200), zero);
    CHECK(b.label == basin_label::converged_elsewhere);
    CHECK(b.final_distance == Approx(2));
  }
  SECTION("a rotation by 2 pi / 3: a cycle of period 3") {
    const auto b = label_trajectory(rotation([](long) { return 1.0; }, 2 * std::numbers::pi / 3, 300), zero);
    CHECK(b.label == basin_label::cycle);
    REQUIRE(b.period);
    CHECK(*b.period == 3);
  }
  SECTION("an irrational rotation: a cycle (an invariant circle) without a period") {
    const auto b = label_trajectory(rotation([](long) { return 1.0; }, 1.0, 300), zero);
    CHECK(b.label == basin_label::cycle);
    CHECK_FALSE(b.period);
  }
  SECTION("a flow sampled every 0.01 on a circle of period 2 pi") {
    const auto b = label_trajectory(rotation([](long) { return 1.0; }, 0.01, 5000), zero, {}, 0.01);
    CHECK(b.label == basin_label::cycle);
    REQUIRE(b.period);
    CHECK(*b.period == Approx(2 * std::numbers::pi).epsilon(1e-4));
  }
  SECTION("1/sqrt(1 + k): undecided (slower than geometric)") {
    const auto b = label_trajectory(rotation([](long k) { return 1 / std::sqrt(1.0 + k); }, 0.3, 400), zero);
    CHECK(b.label == basin_label::undecided);
    CHECK(b.reason.find("slower than geometrically") != std::string::npos);
  }
  SECTION("1.01^k within the bound: undecided; beyond it: diverged") {
    const auto growing = rotation([](long k) { return std::pow(1.01, k); }, 0.3, 400);
    CHECK(label_trajectory(growing, zero).label == basin_label::undecided);
    CHECK(label_trajectory(growing, zero, {run_status::diverged, 400}).label == basin_label::diverged);
  }
}

TEST_CASE("gan-r1 converges, by simgd and by the flow; a longer run confirms it") {
  const f_gan<1> gan_r1{.penalty = {.r1 = 0.3}};
  vec x(2);
  x << 1, 1;
  run_result ended;
  const auto states = simgd_run(gan_r1, x, 0.1, 1000, ended);
  const auto b = label_trajectory(states, vec::Zero(2).eval(), ended);
  CHECK(b.label == basin_label::converged);
  // brute force: ten times longer, the distance is at rounding level
  const auto longer = simgd_run(gan_r1, x, 0.1, 10000, ended);
  CHECK(longer.back().norm() < 1e-12);
  // the flow
  std::vector<vec> flow{x};
  for (int k = 0; k < 5000; ++k) flow.push_back(rk4_step(gan_r1, state_of<f_gan<1>>(flow.back()), 0.01));
  CHECK(label_trajectory(flow, vec::Zero(2).eval(), {}, 0.01).label == basin_label::converged);
}

TEST_CASE("nsgan in two dimensions cycles from generic starts, period 4 pi") {
  const f_gan<2> nsgan2{.objective = generator_objective::non_saturating};
  for (int s = 0; s < 4; ++s) {
    vec x(4);
    x << 1 - 0.3 * s, 0.5, 0.3 + 0.2 * s, -0.8;
    std::vector<vec> flow{x};
    for (int k = 0; k < 20000; ++k) flow.push_back(rk4_step(nsgan2, state_of<f_gan<2>>(flow.back()), 0.01));
    const auto b = label_trajectory(flow, vec::Zero(4).eval(), {}, 0.01);
    INFO("start " << x.transpose());
    CHECK(b.label == basin_label::cycle);
    REQUIRE(b.period);
    CHECK(*b.period == Approx(4 * std::numbers::pi).epsilon(1e-3));
  }
}

TEST_CASE("simgd on nsgan in one dimension from theta = psi = 1: bounded for h <= 2, diverging for h >= 3") {
  const f_gan<1> nsgan1{.objective = generator_objective::non_saturating};
  vec x(2);
  x << 1, 1;
  for (const double h : {0.5, 1.0, 2.0, 3.0, 4.0}) {
    run_result ended;
    const auto states = simgd_run(nsgan1, x, h, 2000, ended);
    const auto b = label_trajectory(states, vec::Zero(2).eval(), ended);
    INFO("h = " << h << ": " << to_string(b.label) << " " << b.reason);
    if (h <= 2) {
      CHECK(b.label == basin_label::cycle);
      // brute force: twenty times longer, still inside the range the labelled tail spanned
      double tail_max = 0;
      for (std::size_t k = states.size() * 3 / 4; k < states.size(); ++k) tail_max = std::max(tail_max, states[k].norm());
      run_result long_end;
      const auto longer = simgd_run(nsgan1, x, h, 40000, long_end);
      REQUIRE(long_end.status == run_status::finished);
      double long_max = 0;
      for (std::size_t k = longer.size() / 2; k < longer.size(); ++k) long_max = std::max(long_max, longer[k].norm());
      CHECK(long_max == Approx(tail_max).epsilon(0.02));
    } else {
      CHECK(b.label == basin_label::diverged);
    }
  }
}

TEST_CASE("chaos beyond the stable steps: simgd on nsgan-r1 (gamma = 0.6, h = 2.9), found two ways") {
  // Two independent measures of the same fact: the separation of nearby tail states (the
  // label) and Benettin's spectrum (exact step Jacobians). Both say the bounded run is chaotic.
  const f_gan<1> g{.objective = generator_objective::non_saturating, .penalty = {.r1 = 0.6}};
  vec x(2);
  x << 1, 1;
  run_result ended;
  const auto states = simgd_run(g, x, 2.9, 4000, ended);
  REQUIRE(ended.status == run_status::finished);
  const auto b = label_trajectory(states, vec::Zero(2).eval(), ended);
  CHECK(b.label == basin_label::undecided);
  CHECK(b.reason.find("irregular") != std::string::npos);
  const auto l = map_lyapunov(simgd{}, g, x, 2.9, {.steps = 20000});
  REQUIRE(l.ended.status == run_status::finished);
  CHECK(l.exponents[0] > 0.1);
  // and the sum is still the mean log |det DF| (dissipative: negative)
  CHECK(l.exponents.sum() < 0);
}
