// Periodic orbits (docs/analysis.md, "Periodic orbits") against their closed forms and
// against brute force: the nsgan orbit in two dimensions (theta orthogonal to psi, equal
// norms, period 4 pi), WGAN-GP's with c = 1 (||psi|| = 1, period 2 pi), a converging game
// reporting its equilibrium, the logistic map's period-2 orbit, and failures as results.
#include "logistic_game.hpp"

#include <gandyn/analysis/find_orbit.hpp>
#include <gandyn/analysis/periodic_orbit.hpp>
#include <gandyn/analysis/rk4_step.hpp>
#include <gandyn/dynamics/rules/altgd.hpp>
#include <gandyn/dynamics/rules/simgd.hpp>
#include <gandyn/games/f_gan.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>
#include <utility>
#include <vector>

using namespace gandyn;
using vec = Eigen::VectorXd;

namespace {

const f_gan<2> nsgan2{.objective = generator_objective::non_saturating};
const f_gan<2, linear_loss> wgan_gp2{.penalty = {.gp_lambda = 0.35, .gp_centre = 1}};

vec start2() {
  vec x(4);
  x << 1, 0.5, 0.3, -0.8;
  return x;
}

// Brute force, written here: upward crossings of theta_0 through 0 along a long RK4 run from
// x, placed by linear interpolation; the mean time between them.
template <class G>
double crossing_period(const G& g, vec x, double h, long steps) {
  std::vector<double> crossings;
  for (long k = 0; k < steps; ++k) {
    const vec next = rk4_step(g, state_of<G>(x), h);
    if (x[0] < 0 && next[0] >= 0) crossings.push_back((static_cast<double>(k) + x[0] / (x[0] - next[0])) * h);
    x = next;
  }
  REQUIRE(crossings.size() >= 3);
  return (crossings.back() - crossings.front()) / static_cast<double>(crossings.size() - 1);
}

int count_near_one(const Eigen::VectorXcd& mu, double tol) {
  int count = 0;
  for (const auto& m : mu) count += std::abs(m - 1.0) <= tol;
  return count;
}

}  // namespace

TEST_CASE("the nsgan orbit in two dimensions: theta orthogonal to psi, equal norms, period 4 pi") {
  const double h = 0.01;
  const orbit_result o = find_flow_orbit(nsgan2, start2(), h);
  REQUIRE(o.kind == orbit_kind::cycle);
  REQUIRE(o.period);
  // On the orbit d = psi.theta = 0 and the motion is theta' = -f'(0) psi, psi' = f'(0) theta: a
  // rotation at angular speed f'(0) = 1/2 (docs/analysis.md, "Behaviour of the flows"). RK4's
  // own period differs from 4 pi by O(T (h/2)^4).
  CHECK(*o.period == Approx(4 * std::numbers::pi).epsilon(1e-9));
  const vec theta = o.point.head(2), psi = o.point.tail(2);
  CHECK(std::abs(theta.dot(psi)) < 1e-9);
  CHECK(theta.norm() == Approx(psi.norm()).epsilon(1e-9));
  // A family (the radius is free): the flow's direction and the radius give two multipliers 1;
  // the other two are the orbit's attraction.
  CHECK(count_near_one(o.multipliers, 1e-6) == 2);
  for (const auto& m : o.multipliers)
    if (std::abs(m - 1.0) > 1e-6) CHECK(std::abs(m) < 1);
  // Brute force: a long run from the orbit's point crosses theta_0 = 0 once a period.
  CHECK(crossing_period(nsgan2, o.point, h, 20000) == Approx(*o.period).epsilon(1e-5));
}

TEST_CASE("the nsgan orbit from several generic starts, each with period 4 pi") {
  for (unsigned seed = 1; seed <= 3; ++seed) {
    vec x(4);
    x << 0.9 * seed, -0.4, 0.2 + 0.1 * seed, 0.7;
    const orbit_result o = find_flow_orbit(nsgan2, x, 0.02);
    INFO("start " << x.transpose() << ": " << o.reason);
    REQUIRE(o.kind == orbit_kind::cycle);
    CHECK(*o.period == Approx(4 * std::numbers::pi).epsilon(1e-6));
    CHECK(std::abs(o.point.head(2).dot(o.point.tail(2))) < 1e-8);
  }
}

TEST_CASE("WGAN-GP with c = 1 in two dimensions: period 2 pi on ||psi|| = 1") {
  const double h = 0.01;
  const orbit_result o = find_flow_orbit(wgan_gp2, start2(), h);
  REQUIRE(o.kind == orbit_kind::cycle);
  // On ||psi|| = 1 the penalty vanishes: theta' = -psi, psi' = theta, a rotation at speed 1.
  CHECK(*o.period == Approx(2 * std::numbers::pi).epsilon(1e-9));
  CHECK(o.point.tail(2).norm() == Approx(1).epsilon(1e-9));
  CHECK(o.point.head(2).norm() == Approx(1).epsilon(1e-9));
  CHECK(count_near_one(o.multipliers, 1e-6) == 1);  // an isolated orbit: only the flow's direction
  CHECK(crossing_period(wgan_gp2, o.point, h, 20000) == Approx(*o.period).epsilon(1e-5));
}

TEST_CASE("a converging game reports its equilibrium with v's eigenvalues") {
  const double gamma = 0.3;
  const f_gan<1> gan_r1{.penalty = {.r1 = gamma}};
  vec x(2);
  x << 1, 1;
  const orbit_result o = find_flow_orbit(gan_r1, x, 0.01);
  REQUIRE(o.kind == orbit_kind::equilibrium);
  CHECK(o.point.norm() < 1e-10);
  REQUIRE(o.eigenvalues.size() == 2);
  // -gamma/2 +- i sqrt(f'(0)^2 - gamma^2/4) (gan-training-convergence-analysis.fa.txt, Lemma 4's
  // R1 form)
  for (const auto& l : o.eigenvalues) {
    CHECK(l.real() == Approx(-gamma / 2).epsilon(1e-12));
    CHECK(std::abs(l.imag()) == Approx(std::sqrt(0.25 - gamma * gamma / 4)).epsilon(1e-12));
  }
  CHECK_FALSE(o.period);
  // A map converging to it says the same, with the step map's eigenvalues 1 + h lambda.
  const orbit_result m = find_map_orbit(simgd{}, gan_r1, x, 0.1);
  REQUIRE(m.kind == orbit_kind::equilibrium);
  for (const auto& mu : m.eigenvalues) CHECK(mu.real() == Approx(1 - 0.1 * gamma / 2).epsilon(1e-12));
}

// A user's map with member functions, not the library's std::function pair: z -> -z^3.
// F^2(z) = z^9, so its period-2 orbit is {1, -1}, with multiplier F'(-1) F'(1) = (-3)(-3) = 9.
struct negated_cube {
  vec value(const vec& z) const { return -z.array().cube().matrix(); }
  std::pair<vec, Eigen::MatrixXd> with_jacobian(const vec& z) const {
    return {value(z), Eigen::MatrixXd((-3 * z.array().square()).matrix().asDiagonal())};
  }
};

TEST_CASE("a user's map type: z -> -z^3 has the period-2 orbit {1, -1} with multiplier 9") {
  static_assert(map_with_jacobian<negated_cube>);
  const orbit_solution s = map_periodic_orbit(negated_cube{}, vec::Constant(1, 1.1), 2);
  REQUIRE(s.converged);
  CHECK(s.period == 2);
  CHECK(std::abs(s.point[0]) == Approx(1).epsilon(1e-12));
  REQUIRE(s.multipliers.size() == 1);
  CHECK(s.multipliers[0].real() == Approx(9).epsilon(1e-12));
  CHECK(s.multipliers[0].imag() == 0);
  // asked for period 4 from near the orbit (outside it: F^4(z) - z = z^81 - z is convex there):
  // the least period, 2
  const orbit_solution four = map_periodic_orbit(negated_cube{}, vec::Constant(1, -1.01), 4);
  REQUIRE(four.converged);
  CHECK(four.period == 2);
  CHECK(four.point[0] == Approx(-1).epsilon(1e-12));
}

TEST_CASE("the logistic map's period-2 orbit and its multiplier 4 + 2r - r^2") {
  const test::logistic_game g{.r = 3.2};
  const auto [plus, minus] = test::logistic_period_two(g.r);
  vec x(2);
  x << 0.3, 0.6;
  const orbit_result o = find_map_orbit(simgd{}, g, x, 1.0);
  REQUIRE(o.kind == orbit_kind::cycle);
  CHECK(*o.period == 2);
  for (int i = 0; i < 2; ++i) {
    INFO("coordinate " << i << ": " << o.point[i]);
    CHECK((std::abs(o.point[i] - plus) < 1e-12 || std::abs(o.point[i] - minus) < 1e-12));
  }
  for (const auto& mu : o.multipliers) CHECK(mu.real() == Approx(4 + 2 * g.r - g.r * g.r).epsilon(1e-9));
  // Newton from a point near the orbit, asked for period 4, reports the least period 2.
  const orbit_solution s = map_periodic_orbit(simgd{}, g, o.point + vec::Constant(2, 1e-3), 1.0, 4);
  REQUIRE(s.converged);
  CHECK(s.period == 2);
}

TEST_CASE("failures are results with a reason, never NaN") {
  SECTION("a diverging start") {
    const f_gan<1> nsgan1{.objective = generator_objective::non_saturating};
    vec x(2);
    x << 1, 1;
    const orbit_result o = find_map_orbit(simgd{}, nsgan1, x, 3.0);
    CHECK(o.kind == orbit_kind::none);
    CHECK(o.basin.label == basin_label::diverged);
    CHECK(o.reason.find("diverged at step") != std::string::npos);
  }
  SECTION("an invariant circle of a map has no period-k orbit") {
    const f_gan<1> nsgan1{.objective = generator_objective::non_saturating};
    vec x(2);
    x << 1, 1;
    const orbit_result o = find_map_orbit(simgd{}, nsgan1, x, 0.5);
    CHECK(o.kind == orbit_kind::none);
    CHECK(o.basin.label == basin_label::cycle);
    CHECK(o.reason.find("invariant circle") != std::string::npos);
  }
  SECTION("chaos: the logistic map at r = 4 is bounded and never recurs") {
    vec x(2);
    x << 0.3, 0.6;
    const orbit_result o = find_map_orbit(simgd{}, test::logistic_game{.r = 4}, x, 1.0);
    CHECK(o.kind == orbit_kind::none);
    CHECK(o.basin.label == basin_label::undecided);
  }
  SECTION("shooting from a rest point") {
    const orbit_solution s = flow_periodic_orbit(nsgan2, vec::Zero(4), 1.0, 0.01);
    CHECK_FALSE(s.converged);
    CHECK_FALSE(s.reason.empty());
  }
}
