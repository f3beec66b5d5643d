// The classic games (games/classic/; docs/games.md, "Classic games"): their fields against the
// papers' losses differentiated by hand here, their known equilibria (roots of the field), and
// the eigenvalues there against closed forms.
#include "support.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <complex>

using namespace gandyn;

namespace {
using vec2 = state<double, 2>;
double sigmoid(double t) { return 1 / (1 + std::exp(-t)); }
}  // namespace

TEST_CASE("bilinear: v = (-A psi, A^T theta), equilibrium 0, eigenvalues +- i sigma_k(A)", "[classic]") {
  // One dimension, the CGD paper's alpha x y: v = (-alpha y, alpha x).
  for (const double a : {1.0, 3.0, 6.0}) {
    const auto g = scalar_bilinear<1>(a);
    CHECK((vec2(g(vec2(0.3, -0.8))) - vec2(a * 0.8, a * 0.3)).norm() == 0);
    CHECK(known_equilibrium(g).norm() == 0);
    const auto flow = analyze_flow(g, known_equilibrium(g));
    CHECK(flow.spectral_radius == Approx(a).epsilon(1e-14));
    CHECK(flow.spectral_abscissa == Approx(0).margin(1e-14));
    // simgd, step 0.2: eigenvalues 1 +- 0.2 i alpha, radius sqrt(1 + 0.04 alpha^2) > 1: diverges
    // (Schafer & Anandkumar 2019, Figure 2).
    const auto map = analyze_map(simgd{}, g, known_equilibrium(g), 0.2);
    CHECK(map.spectral_radius == Approx(std::sqrt(1 + 0.04 * a * a)).epsilon(1e-14));
    CHECK(map.verdict == verdict::diverges);
  }
  // A rectangular coupling, theta in R^2, psi in R^3.
  Eigen::Matrix<double, 2, 3> A;
  A << 1, 2, 0, -1, 0.5, 3;
  const bilinear_game<2, 3> g{.coupling = A};
  state<double, 5> x;
  x << 0.2, -0.4, 1, 0.3, -0.6;
  const state<double, 5> v = g(x);
  CHECK((v.head<2>() + A * x.tail<3>()).norm() <= 1e-15);
  CHECK((v.tail<3>() - A.transpose() * x.head<2>()).norm() <= 1e-15);
  const auto flow = analyze_flow(g, known_equilibrium(g));
  const Eigen::Vector2d singular = A.jacobiSvd().singularValues();
  int matched = 0;
  for (Eigen::Index i = 0; i < flow.eigenvalues.size(); ++i) {
    const std::complex<double> l = flow.eigenvalues[i];
    CHECK(std::abs(l.real()) <= 1e-12);
    for (const double s : singular)
      if (std::abs(std::abs(l.imag()) - s) <= 1e-12) ++matched;
    if (std::abs(l) <= 1e-12) ++matched;  // the one zero (5 = 2 + 3)
  }
  CHECK(matched == 5);
}

TEST_CASE("linear WGAN learning the mean: Daskalakis et al.'s objective psi.(x* - theta)", "[classic]") {
  const linear_wgan_mean<2> g;
  CHECK(g.data == Eigen::Vector2d(3, 4));
  state<double, 4> x(1, 2, 0.5, -0.25);
  // L = psi.(x* - theta): v_theta = -dL/dtheta = psi, v_psi = dL/dpsi = x* - theta.
  CHECK((state<double, 4>(g(x)) - state<double, 4>(0.5, -0.25, 2, 2)).norm() == 0);
  const auto eq = known_equilibrium(g);
  CHECK(eq == state<double, 4>(3, 4, 0, 0));
  CHECK(state<double, 4>(g(eq)).norm() == 0);
  const auto flow = analyze_flow(g, eq);
  for (Eigen::Index i = 0; i < 4; ++i) {
    CHECK(std::abs(flow.eigenvalues[i].real()) <= 1e-14);
    CHECK(std::abs(std::abs(flow.eigenvalues[i].imag()) - 1) <= 1e-14);
  }
  CHECK(linear_wgan_mean<1>{}.data[0] == 3);
}

TEST_CASE("tandem: Letcher et al.'s losses, fixed points on theta + psi = 1", "[classic]") {
  const tandem g;
  // L_1 = (x + y)^2 - 2x, L_2 = (x + y)^2 - 2y: v = (-dL_1/dx, -dL_2/dy).
  const double x = 0.3, y = -1.1;
  CHECK((vec2(g(vec2(x, y))) - vec2(-(2 * (x + y) - 2), -(2 * (x + y) - 2))).norm() <= 1e-15);
  const auto [l_g, l_d] = g.losses(vec2(x, y));
  CHECK(l_g == Approx((x + y) * (x + y) - 2 * x).epsilon(1e-15));
  CHECK(l_d == Approx(-((x + y) * (x + y) - 2 * y)).epsilon(1e-15));
  CHECK(known_equilibrium(g) == vec2(0.5, 0.5));
  for (const double t : {-2.0, 0.0, 0.5, 3.0}) CHECK(vec2(g(vec2(t, 1 - t))).norm() == 0);
  const auto flow = analyze_flow(g, known_equilibrium(g));
  const double l0 = flow.eigenvalues[0].real(), l1 = flow.eigenvalues[1].real();
  CHECK(std::min(l0, l1) == Approx(-4).epsilon(1e-14));
  CHECK(std::abs(std::max(l0, l1)) <= 1e-14);
}

TEST_CASE("matching pennies: logit policies, equilibrium 0 with eigenvalues +- i/4", "[classic]") {
  const matching_pennies g;
  // L_1 = (p, 1 - p) [[1, -1], [-1, 1]] (q, 1 - q)^T, p = sigmoid(x), q = sigmoid(y), L_2 = -L_1.
  const auto l1 = [](double x, double y) {
    const double p = sigmoid(x), q = sigmoid(y);
    return p * q - p * (1 - q) - (1 - p) * q + (1 - p) * (1 - q);
  };
  const double x = 0.7, y = -0.4, e = 1e-6;
  const auto [l_g, l_d] = g.losses(vec2(x, y));
  CHECK(l_g == Approx(l1(x, y)).epsilon(1e-14));
  CHECK(l_d == Approx(l1(x, y)).epsilon(1e-14));  // L_D = -L_2 = L_1
  // v_theta = -dL_1/dx, v_psi = -dL_2/dy = dL_1/dy, by central differences.
  const vec2 v = g(vec2(x, y));
  CHECK(v[0] == Approx(-(l1(x + e, y) - l1(x - e, y)) / (2 * e)).epsilon(1e-8));
  CHECK(v[1] == Approx((l1(x, y + e) - l1(x, y - e)) / (2 * e)).epsilon(1e-8));
  CHECK(known_equilibrium(g).norm() == 0);
  const auto flow = analyze_flow(g, known_equilibrium(g));
  CHECK(flow.jacobian(0, 1) == Approx(-0.25).epsilon(1e-14));
  CHECK(flow.jacobian(1, 0) == Approx(0.25).epsilon(1e-14));
  CHECK(flow.spectral_radius == Approx(0.25).epsilon(1e-14));
  CHECK(flow.verdict == verdict::marginal);
}

TEST_CASE("a consensus wrapper of a classic game keeps its known equilibrium", "[classic]") {
  const consensus<tandem> c{.game = {}, .gamma = 0.5};
  CHECK(known_equilibrium(c) == vec2(0.5, 0.5));
  CHECK(dirac_equilibrium(c) == vec2(0.5, 0.5));
  const consensus<bilinear_game<1>> b{.game = scalar_bilinear<1>(2), .gamma = 0.5};
  // J = [[0, -a], [a, 0]], J - gamma J^T J = -gamma a^2 I + J: eigenvalues -gamma a^2 +- i a.
  const auto flow = analyze_flow(b, known_equilibrium(b));
  CHECK(flow.spectral_abscissa == Approx(-2).epsilon(1e-14));
  CHECK(flow.verdict == verdict::converges);
}
