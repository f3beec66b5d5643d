// Lyapunov spectra (docs/analysis.md, "Lyapunov exponents") where they are known: at a fixed
// point they are log |mu_i| of the map's Jacobian and Re lambda_i of the flow's; their sum is
// the average of log |det DF| (maps) or of trace v' (flows, Liouville's formula) along the
// run; the chaotic logistic map at r = 4 has log 2.
#include "logistic_game.hpp"

#include <gandyn/analysis/lyapunov.hpp>
#include <gandyn/analysis/rk4_step.hpp>
#include <gandyn/analysis/step_jacobian.hpp>
#include <gandyn/dynamics/rules/simgd.hpp>
#include <gandyn/games/f_gan.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>
#include <utility>

using namespace gandyn;
using vec = Eigen::VectorXd;

TEST_CASE("simgd on gan at the equilibrium: 1/2 log(1 + h^2/4) twice, per dimension") {
  for (const double h : {0.1, 0.3, 1.0}) {
    // |1 +- i h f'(0)|, f'(0) = 1/2 (gan-training-convergence-analysis.fa.txt, Lemma 2)
    const double expected = 0.5 * std::log(1 + h * h / 4);
    const auto one = map_lyapunov(simgd{}, f_gan<1>{}, vec::Zero(2), h, {.steps = 200});
    REQUIRE(one.ended.status == run_status::finished);
    REQUIRE(one.exponents.size() == 2);
    for (const double l : one.exponents) CHECK(l == Approx(expected).epsilon(1e-10));
    const auto two = map_lyapunov(simgd{}, f_gan<2>{}, vec::Zero(4), h, {.steps = 200});
    for (const double l : two.exponents) CHECK(l == Approx(expected).epsilon(1e-10));
  }
}

TEST_CASE("the flow at the equilibrium: the real parts of v's eigenvalues") {
  SECTION("gan-r1 with gamma < 1: -gamma/2 twice") {
    const double gamma = 0.3;
    const auto l = flow_lyapunov(f_gan<1>{.penalty = {.r1 = gamma}}, vec::Zero(2), 0.01, {.steps = 20000});
    // A complex pair: the frame rotates, and the two finite-time exponents straddle Re lambda by
    // O(1/t) (t = 180 here); their sum, log |det| / t, is exact. RK4's own error is O(h^4).
    for (const double e : l.exponents) CHECK(e == Approx(-gamma / 2).margin(2e-3));
    CHECK(l.exponents.sum() == Approx(-gamma).epsilon(1e-9));
  }
  SECTION("gan-r1 with gamma > 1: the two real eigenvalues -gamma/2 +- sqrt(gamma^2 - 1)/2") {
    const double gamma = 1.5;
    const auto l = flow_lyapunov(f_gan<1>{.penalty = {.r1 = gamma}}, vec::Zero(2), 0.01, {.steps = 100000});
    const double root = std::sqrt(gamma * gamma - 1) / 2;
    // The frame aligns with the eigenvectors at a rate set by the eigenvalues' gap: an error
    // O(1/t) over t = 900.
    CHECK(l.exponents[0] == Approx(-gamma / 2 + root).margin(2e-3));
    CHECK(l.exponents[1] == Approx(-gamma / 2 - root).margin(2e-3));
  }
}

TEST_CASE("the sum of the exponents is the mean of log |det DF| (map) and of trace v' (flow)") {
  vec x(4);
  x << 1, 0.5, 0.3, -0.8;
  const long steps = 3000, transient = 300;
  SECTION("simgd on nsgan-r1 in two dimensions") {
    const f_gan<2> g{.objective = generator_objective::non_saturating, .penalty = {.r1 = 0.1}};
    const double h = 0.2;
    const auto l = map_lyapunov(simgd{}, g, x, h, {.steps = steps, .transient = transient});
    // Written out here: the run and det of each step's Jacobian.
    Eigen::Vector4d y = x;
    simgd::memory<Eigen::Vector4d> memory{};
    double sum = 0;
    for (long k = 1; k <= steps; ++k) {
      if (k > transient) sum += std::log(std::abs(step_jacobian(simgd{}, g, y, h).determinant()));
      simgd{}.step(g, y, memory, h);
    }
    CHECK(l.exponents.sum() == Approx(sum / (steps - transient)).epsilon(1e-10));
  }
  SECTION("the nsgan-r1 flow in two dimensions") {
    const f_gan<2> g{.objective = generator_objective::non_saturating, .penalty = {.r1 = 0.1}};
    const double h = 0.01;
    const auto l = flow_lyapunov(g, x, h, {.steps = steps, .transient = transient});
    vec y = x;
    double integral = 0;
    for (long k = 1; k <= steps; ++k) {
      const vec next = rk4_step(g, state_of<decltype(g)>(y), h);
      // trapezoid rule for the integral of trace v' over the step
      if (k > transient) integral += 0.5 * h * (jacobian(g, state_of<decltype(g)>(y)).trace() + jacobian(g, state_of<decltype(g)>(next)).trace());
      y = next;
    }
    CHECK(l.exponents.sum() == Approx(integral / ((steps - transient) * h)).epsilon(1e-6));
  }
}

TEST_CASE("the chaotic logistic map: log 2 in each coordinate") {
  vec x(2);
  x << 0.3, 0.61;
  const auto l = map_lyapunov(simgd{}, test::logistic_game{.r = 4}, x, 1.0, {.steps = 200000});
  REQUIRE(l.ended.status == run_status::finished);
  for (const double e : l.exponents) CHECK(e == Approx(std::numbers::ln2).margin(0.01));
  // and the period-2 regime r = 3.2: log |4 + 2r - r^2| / 2 per iteration, twice
  const auto p = map_lyapunov(simgd{}, test::logistic_game{.r = 3.2}, x, 1.0, {.steps = 4000});
  for (const double e : p.exponents) CHECK(e == Approx(std::log(0.16) / 2).epsilon(1e-6));
}

// A user's map type (member functions, not the library's std::function pair): z -> A z with
// A = [[2, 1], [0, 1/2]]. At its fixed point 0 every step's Jacobian is A, whose eigenvalues
// 2 and 1/2 have distinct moduli: the exponents are log 2 and -log 2 (Oseledets).
struct linear_map {
  Eigen::Matrix2d a = (Eigen::Matrix2d() << 2, 1, 0, 0.5).finished();
  vec value(const vec& z) const { return a * z; }
  std::pair<vec, Eigen::MatrixXd> with_jacobian(const vec& z) const { return {value(z), a}; }
};

TEST_CASE("a user's map type: a linear map's exponents are the logs of its eigenvalues' moduli") {
  static_assert(map_with_jacobian<linear_map>);
  const auto l = map_lyapunov(linear_map{}, vec::Zero(2), {.steps = 2000});
  REQUIRE(l.ended.status == run_status::finished);
  REQUIRE(l.exponents.size() == 2);
  // The frame starts at I and A e_1 = 2 e_1, so it stays I (up to signs) and each step's R is A:
  // log 2 and log 1/2 at every step, without the usual O(1/t) transient error.
  CHECK(l.exponents[0] == Approx(std::numbers::ln2).epsilon(1e-12));
  CHECK(l.exponents[1] == Approx(-std::numbers::ln2).epsilon(1e-12));
}

TEST_CASE("a run that diverges gives no exponents and says at which step") {
  vec x(2);
  x << 1, 1;
  const auto l =
      map_lyapunov(simgd{}, f_gan<1>{.objective = generator_objective::non_saturating}, x, 3.0, {.steps = 1000});
  CHECK(l.ended.status == run_status::diverged);
  CHECK(l.ended.step > 1);
  CHECK(l.exponents.size() == 0);
  CHECK_THROWS_AS(map_lyapunov(simgd{}, f_gan<1>{}, x, 0.1, {.steps = 10, .transient = 10}), std::invalid_argument);
}
