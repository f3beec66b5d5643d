// Stability boundaries (docs/analysis.md, "Stability boundaries"): where the verdict of the
// linearisation changes along one parameter, against the closed forms: simgd on gan-r1 is
// stable exactly for h < 4 gamma (gamma < 1) and h < 4 / (gamma + sqrt(gamma^2 - 1)) (gamma >= 1);
// altgd on gan turns from marginal to diverging at h = 4 / sqrt(n_g n_d)
// (gan-training-convergence-analysis.fa.txt, Lemma 3, a = sqrt(n_g n_d) h f'(0) = 2).
#include <gandyn/analysis/max_stable_step.hpp>
#include <gandyn/analysis/stability_boundary.hpp>
#include <gandyn/analysis/stability_report.hpp>
#include <gandyn/dynamics/rules/altgd.hpp>
#include <gandyn/dynamics/rules/simgd.hpp>
#include <gandyn/games/f_gan.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

using namespace gandyn;
using vec = Eigen::VectorXd;

namespace {
double simgd_gan_r1_bound(double gamma) {
  return gamma < 1 ? 4 * gamma : 4 / (gamma + std::sqrt(gamma * gamma - 1));
}
}  // namespace

TEST_CASE("simgd on gan-r1: the verdict turns from converges to diverges at h* (gamma)") {
  for (const double gamma : {0.1, 0.3, 0.7, 1.0, 1.5, 3.0}) {
    const f_gan<1> g{.penalty = {.r1 = gamma}};
    const auto verdict_at = [&](double h) {
      return analyze_map(simgd{}, g, vec::Zero(2), h, {.max_stable_h = false}).verdict;
    };
    const double expected = simgd_gan_r1_bound(gamma);
    const auto b = find_stability_boundary(verdict_at, 0.05, 2 * expected + 1);
    INFO("gamma = " << gamma);
    REQUIRE(b.critical);
    // the verdict turns at the marginal band's edge, rho = 1 +- 1e-8: within 1e-8 / (d rho/dh)
    CHECK(*b.critical == Approx(expected).epsilon(1e-6));
    CHECK(b.below == verdict::converges);
    CHECK(b.above != verdict::converges);
    // the marginal band's two edges when the bisection lands in it, each within 1e-6 of h*
    REQUIRE(b.changes.size() >= 1);
    for (const double c : b.changes) CHECK(c == Approx(expected).epsilon(1e-6));
    // the largest stable step is the same curve h*(gamma)
    CHECK(max_stable_step(simgd{}, g, vec::Zero(2)) == Approx(expected).epsilon(1e-12));
  }
}

TEST_CASE("altgd on gan: marginal below h = 4 / sqrt(n_g n_d), diverging above") {
  for (const auto& [ng, nd] : {std::pair{1, 1}, std::pair{1, 5}, std::pair{2, 3}}) {
    const altgd rule{.order = {.ng = ng, .nd = nd}};
    const auto verdict_at = [&](double h) {
      return analyze_map(rule, f_gan<1>{}, vec::Zero(2), h, {.max_stable_h = false}).verdict;
    };
    const double expected = 4 / std::sqrt(double(ng * nd));
    const auto b = find_stability_boundary(verdict_at, 0.1, 2 * expected);
    INFO("ng = " << ng << ", nd = " << nd);
    REQUIRE(b.critical);
    // a double eigenvalue -1 at a = 2 (a Jordan block): the eigensolver's sqrt(eps) splitting
    CHECK(*b.critical == Approx(expected).epsilon(1e-6));
    CHECK(b.below == verdict::marginal);
    CHECK(b.above == verdict::diverges);
  }
}

TEST_CASE("every change the scan sees is listed, each bisected") {
  // a verdict with three changes at 0.25, 0.5 and 0.8 (written out)
  const auto verdict_at = [](double p) {
    return std::string(p < 0.25 ? "a" : p < 0.5 ? "b" : p < 0.8 ? "a" : "c");
  };
  const auto b = find_stability_boundary(verdict_at, 0.0, 1.0);
  REQUIRE(b.changes.size() == 3);
  CHECK(b.changes[0] == Approx(0.25).margin(1e-10));
  CHECK(b.changes[1] == Approx(0.5).margin(1e-10));
  CHECK(b.changes[2] == Approx(0.8).margin(1e-10));
  CHECK(*b.critical == b.changes[0]);
  CHECK(b.below == "a");
  CHECK(b.above == "b");
  const auto none = find_stability_boundary([](double) { return 1; }, 0.0, 1.0);
  CHECK_FALSE(none.critical);
  CHECK(none.changes.empty());
  CHECK_THROWS_AS(find_stability_boundary(verdict_at, 1.0, 0.0), std::invalid_argument);
}
