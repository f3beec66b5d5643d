// Batched simgd (dynamics/batched.hpp) against the scalar path it restates: gandyn::iterate
// with simgd on the same game, one trajectory at a time, and stop_on_divergence's test.
#include "support.hpp"

#include <gandyn/games/f_gan_batched_simgd.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

using namespace gandyn;

namespace {

// Random starts, one trajectory per column, entries uniform in [-scale, scale].
Eigen::MatrixXd random_starts(Eigen::Index rows, Eigen::Index count, unsigned seed, double scale) {
  return test::random_vector(rows * count, seed, scale).reshaped(rows, count);
}

// Runs both paths from the same starts; checks final states and distances to 1e-12
// relative and the divergence flags exactly (a trajectory is flagged when its norm
// exceeds `bound` after some step, as stop_on_divergence would stop it). Rounding
// differences grow along the way (far from the equilibrium the orbits shear: their speed
// depends on the radius), so runs with large states or steps are kept short.
template <int N>
void check_against_iterate(const f_gan<N>& g, double h, double discriminator_scale, double bound, double scale,
                           long steps = 300) {
  const Eigen::Index n = g.data.size();
  const Eigen::MatrixXd starts = random_starts(2 * n, 1000, 7, scale);  // 1000: the last block is partial
  Eigen::MatrixXd batch = starts;
  const simgd rule{.discriminator_scale = discriminator_scale};
  const batch_result r = iterate_batched(rule, g, batch, steps, h, {.bound = bound});
  REQUIRE(r.distance.size() == starts.cols());
  REQUIRE(r.diverged.size() == starts.cols());

  using state = dirac_state<double, N>;
  state equilibrium = state::Zero(2 * n);
  generator_part<N>(equilibrium) = g.data;
  long flagged = 0;
  for (Eigen::Index j = 0; j < starts.cols(); ++j) {
    state x = starts.col(j);
    bool diverged = false;
    auto stepper = make_stepper<state>(rule);
    iterate(stepper, g, x, steps, h, [&](const state& y, long k, double) {
      if (k > 0 && !(y.allFinite() && y.norm() <= bound)) diverged = true;
      return true;
    });
    const double tolerance = 1e-12 * std::max(1.0, x.norm());
    CHECK((batch.col(j) - x).norm() <= tolerance);
    CHECK(std::abs(r.distance[j] - (x - equilibrium).norm()) <= tolerance);
    CHECK(r.diverged[j] == diverged);
    flagged += diverged;
  }
  if (bound < 1e10) CHECK(flagged > 0);  // the small bound is meant to be crossed
}

}  // namespace

TEST_CASE("iterate_batched follows iterate with simgd, trajectory by trajectory", "[batched]") {
  SECTION("nsgan, 1-D, data at 0") { check_against_iterate(nsgan<1>(), 0.05, 1, 1e10, 2); }
  SECTION("gan, 1-D, h_D = 2 h_G") { check_against_iterate(gan<1>(), 0.05, 2, 1e10, 2); }
  SECTION("nsgan-r1, 2-D, data away from 0") {
    f_gan<2> g = nsgan<2>();
    g.penalty.r1 = 0.3;
    g.data << 0.5, -1.0;
    check_against_iterate(g, 0.1, 1, 1e10, 2);
  }
  SECTION("gan with a zero-centred gradient penalty, n = 3 at run time") {
    f_gan<Eigen::Dynamic> g{.penalty = {.gp_lambda = 0.35, .gp_centre = 0}, .data = Eigen::Vector3d(1, 0, -2)};
    check_against_iterate(g, 0.05, 1, 1e10, 1.5);
  }
  SECTION("large starts: the sigmoids saturate (|psi.theta| up to 3200)") {
    check_against_iterate(nsgan<2>(), 0.01, 1, 1e10, 40, 30);
  }
  SECTION("the divergence flag: simgd spirals out of gan past a small bound") {
    check_against_iterate(gan<1>(), 0.5, 1, 2.5, 2, 40);
  }
}

TEST_CASE("iterate_batched flags non-finite trajectories and leaves the others alone", "[batched]") {
  Eigen::MatrixXd states(2, 3);
  states << 1.0, std::numeric_limits<double>::quiet_NaN(), 0.5,  //
      -0.5, 0.2, std::numeric_limits<double>::infinity();
  const batch_result r = iterate_batched(simgd{}, nsgan<1>(), states, 10, 0.1);
  CHECK_FALSE(r.diverged[0]);
  CHECK(r.diverged[1]);
  CHECK(r.diverged[2]);
  CHECK(std::isfinite(r.distance[0]));
}

TEST_CASE("iterate_batched refuses what it does not cover", "[batched]") {
  Eigen::MatrixXd states = Eigen::MatrixXd::Zero(2, 4);
  const auto run = [&](const f_gan<1>& g) { iterate_batched(simgd{}, g, states, 1, 0.1); };
  CHECK_THROWS_AS(run({.objective = generator_objective::feature_matching}), std::invalid_argument);
  CHECK_THROWS_AS(run({.noise_sigma = 0.7}), std::invalid_argument);
  CHECK_THROWS_AS(run({.clip = 1}), std::invalid_argument);
  CHECK_THROWS_AS(run({.penalty = {.gp_lambda = 0.35, .gp_centre = 1}}), std::invalid_argument);
  CHECK_THROWS_AS(run({.penalty = {.lp_lambda = 0.35}}), std::invalid_argument);
  Eigen::MatrixXd wrong = Eigen::MatrixXd::Zero(3, 4);
  CHECK_THROWS_AS(iterate_batched(simgd{}, nsgan<1>(), wrong, 1, 0.1), std::invalid_argument);
}
