// Spectra and verdicts (docs/analysis.md, "Spectra and verdicts"): eigenvalues, spectral
// radius and abscissa against matrices with known eigenvalues (in double, float and long
// double), the verdict's marginal band, and the report of analyze_flow / analyze_map
// against its parts.
#include "support.hpp"

#include <catch2/catch.hpp>
#include <Eigen/Dense>

#include <cmath>
#include <complex>
#include <limits>
#include <string>
#include <vector>

using namespace gandyn;
using namespace gandyn::registry;
using test::vec;
using Eigen::MatrixXd;
using Eigen::VectorXcd;

TEMPLATE_TEST_CASE("eigenvalues, radius and abscissa of known matrices in each scalar type", "[analysis]", double,
                   float, long double) {
  using S = TestType;
  using C = std::complex<S>;
  const S eps = std::numeric_limits<S>::epsilon();
  // [[a, -b], [b, a]] has a +- i b; an upper triangular matrix its diagonal
  Eigen::Matrix<S, 2, 2> rotation;
  rotation << S(-0.3), S(-2), S(2), S(-0.3);
  CHECK(test::distance_to(eigenvalues(rotation), std::vector<C>{C(S(-0.3), S(2)), C(S(-0.3), S(-2))}) <= 16 * eps);
  CHECK(std::abs(spectral_radius(rotation) - std::hypot(S(0.3), S(2))) <= 16 * eps);
  CHECK(std::abs(spectral_abscissa(rotation) - S(-0.3)) <= 16 * eps);
  Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic> triangular(3, 3);
  triangular << S(1), S(2), S(3), S(0), S(-3), S(1), S(0), S(0), S(0.5);
  CHECK(test::distance_to(eigenvalues(triangular), std::vector<C>{C(1), C(-3), C(S(0.5))}) <= 16 * eps);
  CHECK(std::abs(spectral_radius(triangular) - S(3)) <= 16 * eps);
  CHECK(std::abs(spectral_abscissa(triangular) - S(1)) <= 16 * eps);
  static_assert(std::is_same_v<decltype(spectral_radius(rotation)), S>);
}

TEST_CASE("spectrum: eigenvalues, radius, abscissa and the verdict's marginal band", "[analysis]") {
  const MatrixXd triangular{{1.0, 2.0}, {0.0, -3.0}};
  CHECK(test::distance_to(eigenvalues(triangular), std::vector<std::complex<double>>{1.0, -3.0}) < 1e-14);
  CHECK(spectral_radius(triangular) == Approx(3.0).epsilon(1e-14));
  CHECK(spectral_abscissa(triangular) == Approx(1.0).epsilon(1e-14));
  // [[a, -b], [b, a]] has eigenvalues a +- i b
  const MatrixXd rotation{{-0.3, -2.0}, {2.0, -0.3}};
  CHECK(test::distance_to(eigenvalues(rotation), std::vector<std::complex<double>>{{-0.3, 2.0}, {-0.3, -2.0}}) < 1e-14);
  CHECK(spectral_radius(rotation) == Approx(std::hypot(0.3, 2.0)).epsilon(1e-14));
  CHECK(spectral_abscissa(rotation) == Approx(-0.3).epsilon(1e-14));
  CHECK_THROWS_AS(eigenvalues(MatrixXd::Zero(2, 3)), std::invalid_argument);
  CHECK_THROWS_AS(eigenvalues(MatrixXd::Constant(2, 2, NAN)), std::domain_error);
  CHECK(eigenvalues(MatrixXd(0, 0)).size() == 0);

  // the band is closed: its edges are marginal, the next doubles beyond them are not
  const double edge = marginal_tolerance, beyond = std::nextafter(edge, 1.0);
  CHECK(flow_verdict(edge) == verdict::marginal);
  CHECK(flow_verdict(-edge) == verdict::marginal);
  CHECK(flow_verdict(beyond) == verdict::diverges);
  CHECK(flow_verdict(-beyond) == verdict::converges);
  CHECK(map_verdict(1 + 0.999 * edge) == verdict::marginal);
  CHECK(map_verdict(1 - 0.999 * edge) == verdict::marginal);
  CHECK(map_verdict(1 + 1.001 * edge) == verdict::diverges);
  CHECK(map_verdict(1 - 1.001 * edge) == verdict::converges);
  // a wider band given by the caller
  CHECK(flow_verdict(-0.5e-3, 1e-3) == verdict::marginal);
  CHECK(flow_verdict(-1.5e-3, 1e-3) == verdict::converges);
  CHECK(map_verdict(1.0015, 1e-3) == verdict::diverges);
  CHECK(flow_verdict(-2e-8) == verdict::converges);
  CHECK(flow_verdict(-0.9e-8) == verdict::marginal);
  CHECK(flow_verdict(0.9e-8) == verdict::marginal);
  CHECK(flow_verdict(2e-8) == verdict::diverges);
  CHECK(flow_verdict(-1e-3, 1e-2) == verdict::marginal);
  CHECK(map_verdict(1 - 2e-8) == verdict::converges);
  CHECK(map_verdict(1 - 0.5e-8) == verdict::marginal);
  CHECK(map_verdict(1 + 0.5e-8) == verdict::marginal);
  CHECK(map_verdict(1 + 2e-8) == verdict::diverges);
  CHECK(map_verdict(0.99, 0.1) == verdict::marginal);
  CHECK_THROWS_AS(flow_verdict(NAN), std::domain_error);
  CHECK_THROWS_AS(map_verdict(1.0, -1.0), std::invalid_argument);
  CHECK(to_string(verdict::converges) == "converges");
  CHECK(to_string(verdict::marginal) == "marginal");
  CHECK(to_string(verdict::diverges) == "diverges");
}

TEST_CASE("analyze_flow and analyze_map report the Jacobian, its spectrum, the verdict and the step bound",
          "[analysis]") {
  const auto g = test::preset<f_gan<Eigen::Dynamic>>("nsgan-r1", {}, 2);
  const vec zero = vec::Zero(4);
  const auto flow = analyze_flow(g, zero);
  CHECK((flow.jacobian - jacobian(g, zero)).norm() == 0);
  CHECK(test::distance_to(flow.eigenvalues, r1_eigenvalues(0.3), 2) < 1e-12);
  CHECK(flow.spectral_radius == Approx(0.5).epsilon(1e-12));  // |-0.15 +- 0.477i| = f'(0)
  CHECK(flow.spectral_abscissa == Approx(-0.15).epsilon(1e-12));
  CHECK(flow.verdict == verdict::converges);
  CHECK_FALSE(flow.max_stable_h);
  for (double h : {0.5, 1.5}) {
    INFO("h = " << h);
    const auto map = analyze_map(simgd{}, g, zero, h);
    const MatrixXd expected = MatrixXd::Identity(4, 4) + h * flow.jacobian;  // F_h = x + h v
    CHECK((map.jacobian - expected).cwiseAbs().maxCoeff() < 1e-14);
    CHECK(map.spectral_radius == Approx(spectral_radius(expected)).epsilon(1e-12));
    CHECK(map.spectral_abscissa == Approx(spectral_abscissa(expected)).epsilon(1e-12));
    REQUIRE(map.max_stable_h);
    CHECK(*map.max_stable_h == Approx(1.2).epsilon(1e-9));  // min 2a/(a^2+b^2) = 0.3/0.25
    CHECK(map.verdict == (h < 1.2 ? verdict::converges : verdict::diverges));
  }
  // momentum is analysed on [x; m]
  const auto m = analyze_map(momentum{.beta = 0.3}, g, zero, 0.2, {.max_stable_h = false});
  CHECK(m.jacobian.rows() == 8);
  CHECK_FALSE(m.max_stable_h);
  CHECK_THROWS_AS(analyze_map(simgd{}, g, zero, 0.0), std::invalid_argument);
  CHECK_THROWS_AS(analyze_map(simgd{}, g, vec::Zero(3), 0.1), std::invalid_argument);
}
