// The hinge and least-squares (LSGAN) games (docs/games.md, "hinge" and "lsgan"): their
// fields against the formulas written out here from the papers' objectives, where hinge is not
// differentiable, and their linearisation at the equilibrium against the closed forms derived
// in docs/games.md ("hinge and lsgan at the equilibrium"), for the flow and for simgd.
#include "support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <complex>

using namespace gandyn;

namespace {
using vec2 = state<double, 2>;
using vec4 = state<double, 4>;

// Sorted eigenvalues' distance to an expected list (as multisets, by nearest match).
double eigen_distance(const Eigen::VectorXcd& got, std::vector<std::complex<double>> want) {
  double worst = 0;
  for (Eigen::Index i = 0; i < got.size(); ++i) {
    auto best = std::min_element(want.begin(), want.end(), [&](auto a, auto b) {
      return std::abs(a - got[i]) < std::abs(b - got[i]);
    });
    worst = std::max(worst, std::abs(*best - got[i]));
    want.erase(best);
  }
  return worst;
}
}  // namespace

TEST_CASE("hinge field: Miyato et al.'s objectives with D = -D_Miyato, written out", "[hinge]") {
  // L_D = min(0, -1 + D_M(x*)) + min(0, -1 - D_M(theta)), L_G = -D_M(theta), D_M = -psi.y:
  // dL_D/dpsi = [D_M(x*) < 1] (-x*) + [-D_M(theta) < 1] theta, dL_G/dtheta = psi.
  const Eigen::Vector2d xs(0.4, -0.7);
  const f_gan<2, hinge_loss> g{.objective = generator_objective::critic, .data = xs};
  for (unsigned seed = 0; seed < 20; ++seed) {
    const vec4 x = test::random_vector(4, seed, 1.8);
    const Eigen::Vector2d theta = x.head<2>(), psi = x.tail<2>();
    const double dm_real = -psi.dot(xs), dm_fake = -psi.dot(theta);
    Eigen::Vector2d v_psi = Eigen::Vector2d::Zero();
    if (dm_real < 1) v_psi -= xs;
    if (-dm_fake < 1) v_psi += theta;
    const vec4 v = g(x);
    CHECK((v.head<2>() + psi).norm() == 0);
    CHECK((v.tail<2>() - v_psi).norm() <= 1e-15);
  }
}

TEST_CASE("hinge reports where it is not differentiable", "[hinge][differentiability]") {
  const Eigen::Vector2d xs(0.5, 0);
  const f_gan<2, hinge_loss> g{.objective = generator_objective::critic, .penalty = {.r1 = 0.3}, .data = xs};
  CHECK_FALSE(g.non_differentiable_reason(vec4(0, 0, 0, 0)));
  CHECK(g.non_differentiable_reason(vec4(2, 0, 0.5, 0.7)));   // psi.theta = 1
  CHECK(g.non_differentiable_reason(vec4(1, 1, -2, 0.3)));    // -psi.x* = 1
  CHECK_FALSE(g.non_differentiable_reason(vec4(2, 0, 0.49, 0.7)));
  // Through the analysis: refused with the reason, by name.
  CHECK_THROWS_WITH(analyze_flow(g, vec4(2, 0, 0.5, 0.7)), Catch::Contains("hinge"));
  // A consensus game keeps its base's points.
  const consensus<f_gan<2, hinge_loss>> c{.game = g, .gamma = 1};
  CHECK(c.non_differentiable_reason(vec4(2, 0, 0.5, 0.7)));
}

TEST_CASE("lsgan field: Mao et al.'s objectives (a = -1, b = 1, c = 0) with D = -D_Mao, written out", "[lsgan]") {
  // D minimises 1/2 (D_M(x*) - 1)^2 + 1/2 (D_M(theta) + 1)^2, G minimises 1/2 D_M(theta)^2,
  // D_M(y) = -psi.y: v_psi = -[(D_M(x*) - 1)(-x*) + (D_M(theta) + 1)(-theta)],
  // v_theta = -D_M(theta) (-psi).
  const Eigen::Vector2d xs(0.4, -0.7);
  const f_gan<2, least_squares_loss> g{.objective = generator_objective::least_squares, .data = xs};
  for (unsigned seed = 0; seed < 20; ++seed) {
    const vec4 x = test::random_vector(4, seed, 1.8);
    const Eigen::Vector2d theta = x.head<2>(), psi = x.tail<2>();
    const double dm_real = -psi.dot(xs), dm_fake = -psi.dot(theta);
    const Eigen::Vector2d v_psi = -((dm_real - 1) * -xs + (dm_fake + 1) * -theta);
    const Eigen::Vector2d v_theta = -(dm_fake * -psi);
    const vec4 v = g(x);
    CHECK((v.head<2>() - v_theta).norm() <= 1e-14);
    CHECK((v.tail<2>() - v_psi).norm() <= 1e-14);
  }
}

TEST_CASE("hinge at the equilibrium: the WGAN's centre; R1 and consensus damp it", "[hinge][closed-forms]") {
  // Near psi = 0, D(theta) = 0 < 1: f'(0) = 1, f''(0) = 0, J = [[0, -I], [I, -gamma I]].
  for (const double gamma : {0.0, 0.3, 1.5, 2.5}) {
    const f_gan<2, hinge_loss> g{
        .objective = generator_objective::critic, .penalty = {.r1 = gamma}, .data = Eigen::Vector2d(0.3, -1)};
    const auto flow = analyze_flow(g, known_equilibrium(g));
    const std::complex<double> root = std::sqrt(std::complex<double>(gamma * gamma / 4 - 1));
    const auto l1 = -gamma / 2 + root, l2 = -gamma / 2 - root;
    CHECK(eigen_distance(flow.eigenvalues, {l1, l1, l2, l2}) <= 1e-12);
    CHECK(flow.verdict == (gamma == 0 ? verdict::marginal : verdict::converges));
    // simgd: eigenvalues 1 + h lambda; |1 + h lambda| < 1 iff h < 2 a / |lambda|^2 with a = -Re lambda:
    // for complex lambda (gamma < 2, |lambda| = 1) h < gamma; for real ones h < 2 / |l2|.
    const double h_max = gamma == 0 ? 0.0 : (gamma < 2 ? gamma : 2 / std::abs(l2.real()));
    const auto map = analyze_map(simgd{}, g, known_equilibrium(g), 0.1);
    CHECK(eigen_distance(map.eigenvalues, {1. + 0.1 * l1, 1. + 0.1 * l1, 1. + 0.1 * l2, 1. + 0.1 * l2}) <= 1e-12);
    CHECK(map.verdict == (gamma == 0 || 0.1 >= h_max ? verdict::diverges : verdict::converges));
    REQUIRE(map.max_stable_h);
    CHECK(*map.max_stable_h == Approx(h_max).margin(1e-8));
  }
  // Consensus gamma: J - gamma J^T J = [[-gamma, -1], [1, -gamma]] (n = 1): -gamma +- i.
  const consensus<f_gan<1, hinge_loss>> c{.game = hinge<1>(), .gamma = 0.6};
  const auto flow = analyze_flow(c, known_equilibrium(c));
  CHECK(eigen_distance(flow.eigenvalues, {{-0.6, 1}, {-0.6, -1}}) <= 1e-12);
}

TEST_CASE("lsgan at the equilibrium: a nilpotent Jacobian for x* = 0; zero eigenvalues for every x*", "[lsgan][closed-forms]") {
  // J = [[0, 0], [f'(0) I, f''(0) (theta theta^T + x* x*^T)]] at theta = x*, psi = 0, with
  // f'(0) = 1, f''(0) = -1: J = [[0, 0], [I, -2 x* x*^T - gamma I]].
  const f_gan<2, least_squares_loss> g = lsgan<2>();
  const auto flow = analyze_flow(g, known_equilibrium(g));
  Eigen::Matrix4d expected = Eigen::Matrix4d::Zero();
  expected.bottomLeftCorner<2, 2>() = Eigen::Matrix2d::Identity();
  CHECK((flow.jacobian - expected).norm() == 0);
  CHECK((flow.jacobian * flow.jacobian).norm() == 0);  // nilpotent: J^2 = 0
  CHECK(flow.spectral_abscissa == 0);
  CHECK(flow.verdict == verdict::marginal);
  const auto map = analyze_map(simgd{}, g, known_equilibrium(g), 0.1);
  CHECK(map.spectral_radius == Approx(1).margin(1e-14));
  CHECK(map.verdict == verdict::marginal);

  const Eigen::Vector2d xs(0.6, 0.8);  // ||x*|| = 1
  for (const double gamma : {0.0, 0.3}) {
    const f_gan<2, least_squares_loss> gx{
        .objective = generator_objective::least_squares, .penalty = {.r1 = gamma}, .data = xs};
    const auto fx = analyze_flow(gx, known_equilibrium(gx));
    // Block triangular: eigenvalues 0 (twice, the generator's block) and those of
    // -2 x* x*^T - gamma I: -2 ||x*||^2 - gamma and -gamma.
    CHECK(eigen_distance(fx.eigenvalues, {0, 0, -2 - gamma, -gamma}) <= 1e-12);
    CHECK(fx.verdict == verdict::marginal);
  }
  // Consensus keeps the zero eigenvalue: J_c = (I - gamma J^T) J is singular with J.
  const consensus<f_gan<1, least_squares_loss>> c{.game = lsgan<1>(), .gamma = 1};
  const auto fc = analyze_flow(c, known_equilibrium(c));
  CHECK(eigen_distance(fc.eigenvalues, {-1, 0}) <= 1e-12);
  CHECK(fc.verdict == verdict::marginal);
}

TEST_CASE("lsgan with x* != 0 approaches its equilibrium at the rate 1/t, on one side", "[lsgan][behaviour]") {
  // One dimension, x* = 1: the centre manifold of the zero eigenvalue is psi = r / (2 x*^2)
  // (r = theta - x*), on which r' = -psi^2 theta = -r^2 / (4 x*^3) + O(r^3): r(t) ~ 4 x*^3 / t
  // for r > 0 (docs/games.md, "hinge and lsgan at the equilibrium"). Euler steps of 0.05 (simgd).
  const f_gan<1, least_squares_loss> g{.objective = generator_objective::least_squares,
                                       .data = Eigen::Matrix<double, 1, 1>(1)};
  vec2 x(1.3, 0.1);
  const double h = 0.05;
  double t = 0, r_1024 = 0;
  for (long k = 1; k <= 4096 * 20; ++k) {
    x += h * g(x);
    t = k * h;
    if (k == 1024 * 20) r_1024 = x[0] - 1;
  }
  const double r_4096 = x[0] - 1;
  const double slope = std::log(r_4096 / r_1024) / std::log(4.0);
  CHECK(slope == Approx(-1).margin(0.02));
  CHECK(t * r_4096 == Approx(4).epsilon(0.02));
  CHECK(x[1] == Approx(r_4096 / 2).epsilon(0.02));  // on the centre manifold psi = r / (2 x*^2)

  // From r < 0 it leaves, to the other root theta = 0, psi = -1/x* (a stable node there: the
  // Jacobian [[-1, 0], [1, -1]]).
  vec2 y(0.9, 0);
  for (int k = 0; k < 4000; ++k) y += h * g(y);
  CHECK(std::abs(y[0]) <= 1e-6);
  CHECK(y[1] == Approx(-1).epsilon(1e-6));
}

TEST_CASE("lsgan with x* = 0: theta reaches the data, psi stops where it is", "[lsgan][behaviour]") {
  // v_theta = -(psi theta) psi, v_psi = (1 - psi theta) theta: every point theta = 0 is a root.
  const auto g = lsgan<1>();
  for (const double psi : {-0.7, 0.0, 1.1}) CHECK(vec2(g(vec2(0, psi))).norm() == 0);
  vec2 x(0.1, 0.1);
  for (int k = 0; k < 20000; ++k) x += 0.01 * g(x);
  CHECK(std::abs(x[0]) <= 1e-12);
  CHECK(x[1] > 0.6);  // not the equilibrium psi = 0
}
