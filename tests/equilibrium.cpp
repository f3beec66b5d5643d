// Equilibria (docs/analysis.md, "Newton's method for user games"; docs/conventions.md, "The
// equilibrium"): Newton against known roots of user games and of Dirac-GANs with data, and a
// user's bilinear game against the singular values of its matrix.
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

namespace {

using logistic_game = f_gan<Eigen::Dynamic, logistic_loss>;

// The bilinear game L = theta^T A psi, theta in R^2, psi in R^3: v = (-A psi, A^T theta).
struct bilinear {
  static constexpr int state_size = 5;
  Eigen::Matrix<double, 2, 3> a{{1.0, 2.0, 0.0}, {0.0, 1.0, -1.0}};
  Eigen::Index generator_dim() const { return 2; }
  Eigen::Index discriminator_dim() const { return 3; }
  template <class S>
  state<S, 5> operator()(const state<S, 5>& x) const {
    state<S, 5> v;
    v.template head<2>() = -a.cast<S>() * x.template tail<3>();
    v.template tail<3>() = a.transpose().cast<S>() * x.template head<2>();
    return v;
  }
};

// A nonlinear game with its root at theta = t0, psi = p0 (known in closed form):
// v_theta = -B (psi - p0) - (theta - t0)^3, v_psi = B^T (theta - t0) - tanh(psi - p0), elementwise
// cube and tanh; v'(root) = [[0, -B], [B^T, -I]] is invertible. No state_size: a run-time size.
struct shifted_game {
  Eigen::Vector2d t0{0.3, -1.2};
  Eigen::Vector2d p0{0.8, 0.5};
  Eigen::Matrix2d b{{1.0, 0.4}, {-0.3, 0.9}};
  Eigen::Index generator_dim() const { return 2; }
  Eigen::Index discriminator_dim() const { return 2; }
  template <class S>
  state<S, Eigen::Dynamic> operator()(const state<S, Eigen::Dynamic>& x) const {
    using std::tanh;
    const Eigen::Matrix<S, 2, 1> dt = x.template head<2>() - t0.cast<S>();
    const Eigen::Matrix<S, 2, 1> dp = x.template tail<2>() - p0.cast<S>();
    state<S, Eigen::Dynamic> v(4);
    v.template head<2>() = -(b.cast<S>() * dp);
    v.template tail<2>() = b.transpose().cast<S>() * dt;
    for (int i = 0; i < 2; ++i) {
      v[i] -= dt[i] * dt[i] * dt[i];
      v[2 + i] -= tanh(dp[i]);
    }
    return v;
  }
};

}  // namespace

TEST_CASE("a user's bilinear game: eigenvalues +- i sigma_k(A) and 0", "[analysis]") {
  const bilinear game;
  // sigma_k(A)^2 are the eigenvalues of A A^T = [[5, 2], [2, 2]]: (7 +- 5)/2 = 6, 1
  const Eigen::Vector2d sigma(std::sqrt(6.0), 1.0);
  const std::vector<std::complex<double>> expected{
      {0, sigma[0]}, {0, -sigma[0]}, {0, sigma[1]}, {0, -sigma[1]}, {0, 0}};
  for (const state<double, 5>& x : {state<double, 5>::Zero().eval(), state<double, 5>(0.3, -1, 2, 0.5, -0.7)}) {
    const auto flow = analyze_flow(game, x);
    CHECK(test::distance_to(flow.eigenvalues, expected) < 1e-12);
    CHECK(flow.spectral_radius == Approx(sigma[0]).epsilon(1e-12));
    CHECK(std::abs(flow.spectral_abscissa) < 1e-12);
    CHECK(flow.verdict == verdict::marginal);
  }
  // v' has rank 4: Newton reports the singular Jacobian and keeps a finite iterate
  const auto newton = newton_root(game, state<double, 5>(1, 1, 1, 1, 1));
  CHECK(newton.status == newton_status::singular_jacobian);
  CHECK_FALSE(newton.converged());
  CHECK(newton.root.allFinite());
  CHECK(std::isfinite(newton.residual_norm));
}

TEST_CASE("Newton finds known roots: a nonlinear user game and Dirac-GANs with data", "[analysis]") {
  const shifted_game game;
  const vec root = Eigen::Vector4d(0.3, -1.2, 0.8, 0.5);
  const vec start = root + 0.3 * Eigen::Vector4d(1, -1, 0.5, 0.8);
  const auto newton = newton_root(game, start);
  CHECK(newton.converged());
  CHECK(newton.status == newton_status::converged);
  CHECK(newton.residual_norm <= 1e-12);
  CHECK((newton.root - root).norm() < 1e-12);
  CHECK(newton.iterations <= 10);
  const auto short_run = newton_root(game, start, {.max_iterations = 1});
  CHECK(short_run.status == newton_status::max_iterations);
  CHECK(short_run.iterations == 1);
  CHECK(short_run.residual_norm > 1e-12);
  CHECK_THROWS_AS(newton_root(game, vec::Ones(3)), std::invalid_argument);
  // v'(root) = [[0, -B], [B^T, -I]]: lambda^2 + lambda + mu = 0 for each eigenvalue mu > 0 of B^T B
  CHECK(analyze_flow(game, root).verdict == verdict::converges);

  // Dirac-GAN with data x*: the root is theta = x*, psi = 0 (docs/conventions.md, "The equilibrium")
  const auto g = test::preset<logistic_game>("gan-r1", {.data = {0.5, -1.0, 2.0}}, 3);
  const vec eq = dirac_equilibrium(g);
  CHECK(eq == (vec(6) << 0.5, -1.0, 2.0, 0, 0, 0).finished());
  const auto found = newton_root(g, eq + 0.2 * test::random_vector(6, 3));
  CHECK(found.converged());
  CHECK((found.root - eq).norm() < 1e-12);
  // the equilibrium is a root of every Dirac field with data, wrappers included
  const game_parameters with_data{.data = {0.5, -1.0}};
  const auto qc = test::preset<wgan_qc<Eigen::Dynamic>>("wgan-qc", with_data, 2);
  CHECK(vec(qc(dirac_equilibrium(qc))).norm() == 0);
  const auto noisy = test::preset<consensus<logistic_game>>("nsgan-noise-consensus", with_data, 2);
  CHECK(dirac_equilibrium(noisy) == (vec(4) << 0.5, -1.0, 0, 0).finished());
}
