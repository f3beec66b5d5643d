// The flow analysis against independent numbers: SPEC 4's closed forms (the notes' Lemmas
// 1-4, R1, WGAN-div) against eigenvalues of exact Jacobians, the simgd step bound against
// simulated iterations, the bilinear game against singular values, Newton against known
// roots, and the points where a field has no Jacobian.
#include "support.hpp"

#include <gandyn/analysis/closed_forms.hpp>
#include <gandyn/analysis/differentiability.hpp>
#include <gandyn/analysis/equilibrium.hpp>
#include <gandyn/analysis/stability_report.hpp>
#include <gandyn/analysis/max_stable_step.hpp>
#include <gandyn/analysis/spectrum.hpp>

#include <catch2/catch.hpp>
#include <Eigen/Dense>

#include <cmath>
#include <complex>
#include <limits>
#include <optional>
#include <string>
#include <vector>

using namespace gandyn;
using namespace gandyn::registry;
using test::vec;
using Eigen::MatrixXd;
using Eigen::VectorXcd;

namespace {

using logistic_game = f_gan<Eigen::Dynamic, logistic_loss>;
using linear_game = f_gan<Eigen::Dynamic, linear_loss>;

// The concrete game behind a registry name (checks the preset too).
template <class G>
G preset(const std::string& name, const game_parameters& p, int n) {
  return std::get<G>(make_game(name, p, n));
}

// Largest distance between the computed eigenvalues and the expected ones (a multiset), each
// computed one matched greedily to its nearest unused expected one.
double distance_to(const VectorXcd& computed, const std::vector<std::complex<double>>& expected_list) {
  if (computed.size() != static_cast<Eigen::Index>(expected_list.size())) return INFINITY;
  std::vector<bool> used(expected_list.size(), false);
  double worst = 0;
  for (const auto& lambda : computed) {
    std::size_t best = 0;
    double best_distance = INFINITY;
    for (std::size_t k = 0; k < expected_list.size(); ++k)
      if (!used[k] && std::abs(lambda - expected_list[k]) < best_distance) {
        best = k;
        best_distance = std::abs(lambda - expected_list[k]);
      }
    used[best] = true;
    worst = std::max(worst, best_distance);
  }
  return worst;
}

// The same against a closed-form pair, each of its eigenvalues repeated n times.
double distance_to(const VectorXcd& computed, const eigenvalue_pair& pair, int n) {
  std::vector<std::complex<double>> expected;
  for (int i = 0; i < n; ++i) expected.insert(expected.end(), pair.begin(), pair.end());
  return distance_to(computed, expected);
}

// The projection on the generator's (first n) or the discriminator's (last n) coordinates.
MatrixXd projection(int n, bool generator) {
  vec d = vec::Zero(2 * n);
  (generator ? d.head(n) : d.tail(n)).setOnes();
  return d.asDiagonal();
}

MatrixXd power(const MatrixXd& m, int k) {
  MatrixXd p = MatrixXd::Identity(m.rows(), m.cols());
  for (int i = 0; i < k; ++i) p = m * p;
  return p;
}

// Iterates x_{k+1} = x_k + h v(x_k) from x: +1 once ||x - centre|| has fallen below 1e-6 of
// its start, -1 once it has risen above 1e4 times it, 0 if `steps` run out first.
template <class G>
int simgd_fate(const G& g, const vec& centre, vec x, double h, int steps) {
  const double start = (x - centre).norm();
  for (int k = 0; k < steps; ++k) {
    x += h * vec(g(x));
    const double d = (x - centre).norm();
    if (!(d < 1e4 * start)) return -1;
    if (d < 1e-6 * start) return +1;
  }
  return 0;
}

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

// v = (-sqrt(theta^2 + psi^2), theta): its derivative at 0 is not finite under AD.
struct cone_game {
  Eigen::Index generator_dim() const { return 1; }
  Eigen::Index discriminator_dim() const { return 1; }
  template <class S>
  state<S, Eigen::Dynamic> operator()(const state<S, Eigen::Dynamic>& x) const {
    using std::sqrt;
    state<S, Eigen::Dynamic> v(2);
    v << -sqrt(x[0] * x[0] + x[1] * x[1]), x[0];
    return v;
  }
};

// The same field declaring its non-differentiable point itself (the user's hook).
struct declared_cone : cone_game {
  std::optional<std::string> non_differentiable_reason(const Eigen::VectorXd& x) const {
    if (x.squaredNorm() == 0) return "the cone is not differentiable at its apex";
    return std::nullopt;
  }
};

}  // namespace

TEST_CASE("spectrum: eigenvalues, radius, abscissa and the verdict's marginal band", "[analysis]") {
  const MatrixXd triangular{{1.0, 2.0}, {0.0, -3.0}};
  CHECK(distance_to(eigenvalues(triangular), std::vector<std::complex<double>>{1.0, -3.0}) < 1e-14);
  CHECK(spectral_radius(triangular) == Approx(3.0).epsilon(1e-14));
  CHECK(spectral_abscissa(triangular) == Approx(1.0).epsilon(1e-14));
  // [[a, -b], [b, a]] has eigenvalues a +- i b
  const MatrixXd rotation{{-0.3, -2.0}, {2.0, -0.3}};
  CHECK(distance_to(eigenvalues(rotation), std::vector<std::complex<double>>{{-0.3, 2.0}, {-0.3, -2.0}}) < 1e-14);
  CHECK(spectral_radius(rotation) == Approx(std::hypot(0.3, 2.0)).epsilon(1e-14));
  CHECK(spectral_abscissa(rotation) == Approx(-0.3).epsilon(1e-14));
  CHECK_THROWS_AS(eigenvalues(MatrixXd::Zero(2, 3)), std::invalid_argument);
  CHECK_THROWS_AS(eigenvalues(MatrixXd::Constant(2, 2, NAN)), std::domain_error);
  CHECK(eigenvalues(MatrixXd(0, 0)).size() == 0);

  CHECK(marginal_tolerance == 1e-8);
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

TEST_CASE("simgd step bound: min 2a/(a^2+b^2) over -a+ib, 0 unless every a > 0", "[analysis]") {
  using c = std::complex<double>;
  CHECK(simgd_max_stable_h(Eigen::Vector2cd(c(-1, 0), c(-3, 0))) == Approx(2.0 / 3).epsilon(1e-15));
  CHECK(simgd_max_stable_h(Eigen::Vector2cd(c(-1, 2), c(-1, -2))) == Approx(2.0 / 5).epsilon(1e-15));
  CHECK(simgd_max_stable_h(Eigen::Vector2cd(c(0, 1), c(0, -1))) == 0);
  CHECK(simgd_max_stable_h(Eigen::Vector3cd(c(-1, 0), c(0.1, 1), c(0.1, -1))) == 0);
  CHECK(simgd_max_stable_h(VectorXcd(0)) == std::numeric_limits<double>::infinity());
  // From a matrix: diag(-1, -3) -> 2/3
  CHECK(simgd_max_stable_h(MatrixXd(Eigen::Vector2d(-1, -3).asDiagonal())) == Approx(2.0 / 3));
  CHECK_THROWS_AS(simgd_max_stable_h(Eigen::Vector2cd(c(NAN, 0), c(-1, 0))), std::domain_error);
}

TEST_CASE("gan and nsgan at the equilibrium: flow, simgd and altgd closed forms (Lemmas 1-3)", "[analysis]") {
  for (const std::string name : {"gan", "nsgan"}) {
    for (int n : {1, 3}) {
      INFO(name << ", n = " << n);
      const auto g = preset<logistic_game>(name, {}, n);
      const vec x = dirac_equilibrium(g);
      CHECK(vec(g(x)).norm() == 0);
      const auto flow = analyze_flow(g, x);
      const MatrixXd j = flow.jacobian;
      // Lemma 1: +- i f'(0), n times; a centre: marginal
      CHECK(distance_to(flow.eigenvalues, flow_eigenvalues(), n) < 1e-14);
      CHECK(flow.verdict == verdict::marginal);
      CHECK(flow.spectral_radius == Approx(0.5).epsilon(1e-14));
      CHECK(simgd_max_stable_h(flow.eigenvalues) < 1e-15);
      // Lemma 2: the simgd map's Jacobian I + h v' has 1 +- i h f'(0): outside the unit circle
      const MatrixXd id = MatrixXd::Identity(2 * n, 2 * n);
      for (double h : {0.05, 0.5, 1.0, 2.5}) {
        INFO("simgd h = " << h);
        const MatrixXd map = id + h * j;
        CHECK(distance_to(eigenvalues(map), simgd_eigenvalues(h), n) < 1e-13);
        CHECK(map_verdict(spectral_radius(map)) == verdict::diverges);
      }
      // Lemma 3: n_g generator steps then n_d discriminator steps, each the map of one player,
      // (I + h P_D v')^{n_d} (I + h P_G v')^{n_g}
      struct altgd_case {
        int ng, nd;
        double h;
      };
      for (const altgd_case k : {altgd_case{1, 1, 0.5}, altgd_case{1, 1, 1.7}, altgd_case{2, 1, 0.7},
                                 altgd_case{1, 5, 0.3}, altgd_case{3, 2, 1.1}, altgd_case{1, 1, 5.0}}) {
        INFO("altgd n_g = " << k.ng << ", n_d = " << k.nd << ", h = " << k.h);
        const MatrixXd step_g = id + k.h * projection(n, true) * j;
        const MatrixXd step_d = id + k.h * projection(n, false) * j;
        const MatrixXd map = power(step_d, k.nd) * power(step_g, k.ng);
        const VectorXcd lambda = eigenvalues(map);
        CHECK(distance_to(lambda, altgd_eigenvalues(k.h, k.ng, k.nd), n) < 1e-12);
        const double a = std::sqrt(k.ng * k.nd) * k.h * 0.5;
        CHECK(map_verdict(spectral_radius(lambda)) == (a < 2 ? verdict::marginal : verdict::diverges));
      }
    }
  }
}

TEST_CASE("instance noise at the equilibrium: f''(0) sigma^2 +- sqrt(f''(0)^2 sigma^4 - f'(0)^2) (Lemma 4)",
          "[analysis]") {
  for (const std::string name : {"gan-noise", "nsgan-noise"}) {
    for (int n : {1, 3}) {
      // sigma^2 = f'(0)/|f''(0)| = 2 is a double eigenvalue (a Jordan block): within 1e-7 there
      for (double sigma : {0.3, 0.7, 1.5, std::sqrt(2.0)}) {
        INFO(name << ", n = " << n << ", sigma = " << sigma);
        const auto g = preset<logistic_game>(name, {.sigma = sigma}, n);
        const auto flow = analyze_flow(g, dirac_equilibrium(g));
        const bool jordan = sigma == std::sqrt(2.0);
        CHECK(distance_to(flow.eigenvalues, instance_noise_eigenvalues(sigma), n) < (jordan ? 1e-7 : 1e-12));
        CHECK(flow.verdict == verdict::converges);
      }
    }
  }
}

TEST_CASE("R1 at the equilibrium: -gamma/2 +- sqrt(gamma^2/4 - f'(0)^2), the Jordan block at gamma = 1",
          "[analysis]") {
  for (const std::string name : {"gan-r1", "nsgan-r1"}) {
    for (int n : {1, 3}) {
      for (double gamma : {0.3, 1.0, 2.5}) {
        INFO(name << ", n = " << n << ", gamma = " << gamma);
        const auto g = preset<logistic_game>(name, {.gamma = gamma}, n);
        const auto flow = analyze_flow(g, dirac_equilibrium(g));
        CHECK(distance_to(flow.eigenvalues, r1_eigenvalues(gamma), n) < (gamma == 1.0 ? 1e-7 : 1e-12));
        if (gamma == 1.0) {
          // gamma = 2 f'(0): the double eigenvalue -1/2 of the exact Jacobian, 2n times
          for (const auto& lambda : flow.eigenvalues) CHECK(std::abs(lambda + 0.5) < 1e-7);
        }
        CHECK(flow.verdict == verdict::converges);
      }
    }
  }
}

TEST_CASE("WGAN-div at the equilibrium: -lambda +- sqrt(lambda^2 - 1)", "[analysis]") {
  for (int n : {1, 3}) {
    for (double lambda : {0.35, 1.0, 2.0}) {  // lambda = 1: a double eigenvalue -1
      INFO("n = " << n << ", lambda = " << lambda);
      const auto g = preset<linear_game>("wgan-div", {.lambda = lambda}, n);
      const auto flow = analyze_flow(g, dirac_equilibrium(g));
      CHECK(distance_to(flow.eigenvalues, wgan_div_eigenvalues(lambda), n) < (lambda == 1.0 ? 1e-7 : 1e-12));
      CHECK(flow.verdict == verdict::converges);
    }
  }
}

TEST_CASE("consensus at the gan equilibrium: v' - gamma v'^T v' has -gamma f'(0)^2 +- i f'(0)", "[analysis]") {
  for (int n : {1, 3}) {
    for (double gamma : {0.5, 1.0}) {
      INFO("n = " << n << ", gamma = " << gamma);
      const auto g = preset<consensus<logistic_game>>("gan-consensus", {.consensus_gamma = gamma}, n);
      const auto flow = analyze_flow(g, dirac_equilibrium(g));
      const eigenvalue_pair expected{{{-gamma * 0.25, 0.5}, {-gamma * 0.25, -0.5}}};
      CHECK(distance_to(flow.eigenvalues, expected, n) < 1e-13);
      CHECK(flow.verdict == verdict::converges);
    }
  }
}

TEST_CASE("simgd step bound against simulated iterations on gan-r1 and nsgan-r1", "[analysis]") {
  for (const std::string name : {"gan-r1", "nsgan-r1"}) {
    for (int n : {1, 3}) {
      for (double gamma : {0.3, 1.6}) {
        INFO(name << ", n = " << n << ", gamma = " << gamma);
        const auto g = preset<logistic_game>(name, {.gamma = gamma}, n);
        const vec centre = dirac_equilibrium(g);
        const double bound = simgd_max_stable_h(analyze_flow(g, centre).jacobian);
        // Independently: for gamma < 2 f'(0) the pair -gamma/2 +- i sqrt(f'^2 - gamma^2/4) gives
        // 2a/|lambda|^2 = gamma / f'(0)^2; beyond, the real pair gives 2 / (gamma/2 + sqrt(gamma^2/4 - f'^2)).
        const double expected = gamma < 1 ? gamma / 0.25 : 2 / (gamma / 2 + std::sqrt(gamma * gamma / 4 - 0.25));
        CHECK(bound == Approx(expected).epsilon(1e-12));
        const vec start = centre + 1e-9 * test::random_vector(2 * n, 7 + n).normalized();
        CHECK(simgd_fate(g, centre, start, 0.97 * bound, 20000) == +1);
        CHECK(simgd_fate(g, centre, start, 1.03 * bound, 20000) == -1);
      }
    }
  }
}

TEST_CASE("a user's bilinear game: eigenvalues +- i sigma_k(A) and 0", "[analysis]") {
  const bilinear game;
  // sigma_k(A)^2 are the eigenvalues of A A^T = [[5, 2], [2, 2]]: (7 +- 5)/2 = 6, 1
  const Eigen::Vector2d sigma(std::sqrt(6.0), 1.0);
  const std::vector<std::complex<double>> expected{
      {0, sigma[0]}, {0, -sigma[0]}, {0, sigma[1]}, {0, -sigma[1]}, {0, 0}};
  for (const state<double, 5>& x : {state<double, 5>::Zero().eval(), state<double, 5>(0.3, -1, 2, 0.5, -0.7)}) {
    const auto flow = analyze_flow(game, x);
    CHECK(distance_to(flow.eigenvalues, expected) < 1e-12);
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

  // Dirac-GAN with data x*: the root is theta = x*, psi = 0 (SPEC 1)
  const auto g = preset<logistic_game>("gan-r1", {.data = {0.5, -1.0, 2.0}}, 3);
  const vec eq = dirac_equilibrium(g);
  CHECK(eq == (vec(6) << 0.5, -1.0, 2.0, 0, 0, 0).finished());
  const auto found = newton_root(g, eq + 0.2 * test::random_vector(6, 3));
  CHECK(found.converged());
  CHECK((found.root - eq).norm() < 1e-12);
  // the equilibrium is a root of every Dirac field with data, wrappers included
  const game_parameters with_data{.data = {0.5, -1.0}};
  const auto qc = preset<wgan_qc<Eigen::Dynamic>>("wgan-qc", with_data, 2);
  CHECK(vec(qc(dirac_equilibrium(qc))).norm() == 0);
  const auto noisy = preset<consensus<logistic_game>>("nsgan-noise-consensus", with_data, 2);
  CHECK(dirac_equilibrium(noisy) == (vec(4) << 0.5, -1.0, 0, 0).finished());
}

TEST_CASE("where the field has no Jacobian the analysis says why, and nothing else", "[analysis]") {
  using Catch::Matchers::Contains;
  for (int n : {1, 2}) {
    INFO("n = " << n);
    const vec zero = vec::Zero(2 * n);
    vec off_axis = test::random_vector(2 * n, 11);  // psi != 0, theta != x*

    const auto norm = preset<normalised_wgan<Eigen::Dynamic>>("wgan-norm", {}, n);
    CHECK(non_differentiable_reason(norm, zero) ==
          "wgan-norm (normalised critic psi/||psi||) is not differentiable at psi = 0");
    CHECK_THROWS_WITH(analyze_flow(norm, zero), "wgan-norm (normalised critic psi/||psi||) is not differentiable at psi = 0");
    CHECK_FALSE(non_differentiable_reason(norm, off_axis));

    const auto gp = preset<linear_game>("wgan-gp", {.lambda = 0.35, .c = 1.0}, n);
    CHECK(non_differentiable_reason(gp, zero) == "wgan-gp with c > 0 is not differentiable at psi = 0");
    CHECK_THROWS_AS(analyze_flow(gp, zero), std::domain_error);
    CHECK_THROWS_WITH(analyze_flow(gp, zero), "wgan-gp with c > 0 is not differentiable at psi = 0");
    CHECK_NOTHROW(analyze_flow(gp, off_axis));
    CHECK_FALSE(non_differentiable_reason(preset<linear_game>("wgan-div", {}, n), zero));

    const auto qc = preset<wgan_qc<Eigen::Dynamic>>("wgan-qc", {}, n);
    CHECK_THROWS_WITH(analyze_flow(qc, zero), "wgan-qc is not differentiable at psi = 0");
    CHECK_FALSE(non_differentiable_reason(qc, off_axis));
    vec on_data = off_axis;
    on_data.head(n).setZero();  // theta = x* = 0, psi != 0: the distance ||x* - theta|| has a kink
    CHECK_THAT(non_differentiable_reason(qc, on_data).value_or(""), Contains("theta = x*"));

    // through the consensus wrapper, without evaluating its (second-order) field
    const auto norm_consensus = preset<consensus<normalised_wgan<Eigen::Dynamic>>>("wgan-norm-consensus", {}, n);
    CHECK_THROWS_WITH(require_differentiable(norm_consensus, zero),
                      "wgan-norm (normalised critic psi/||psi||) is not differentiable at psi = 0");
    const auto gp_consensus = preset<consensus<linear_game>>("wgan-gp-consensus", {.c = 1.0}, n);
    CHECK(non_differentiable_reason(gp_consensus, zero) == "wgan-gp with c > 0 is not differentiable at psi = 0");
    CHECK_FALSE(non_differentiable_reason(gp_consensus, off_axis));
    const auto qc_consensus = preset<consensus<wgan_qc<Eigen::Dynamic>>>("wgan-qc-consensus", {}, n);
    CHECK(non_differentiable_reason(qc_consensus, zero) == "wgan-qc is not differentiable at psi = 0");

    // wgan-lp: the kink of max(0, ||psi|| - 1) on the unit sphere
    const auto lp = preset<linear_game>("wgan-lp", {}, n);
    vec sphere = zero;
    sphere[n] = 1;
    CHECK(non_differentiable_reason(lp, sphere) == "wgan-lp is not differentiable at ||psi|| = 1");
    sphere[n] = 0.5;
    CHECK_FALSE(non_differentiable_reason(lp, sphere));
    CHECK_FALSE(non_differentiable_reason(lp, zero));
  }
  vec sphere(4);
  sphere << 0.1, 0.2, 0.6, 0.8;  // ||psi|| = 1 up to rounding
  CHECK(non_differentiable_reason(preset<linear_game>("wgan-lp", {}, 2), sphere));

  // a Jacobian with non-finite entries is rejected, naming it
  CHECK_THROWS_AS(analyze_flow(cone_game{}, vec::Zero(2)), std::domain_error);
  CHECK_THROWS_WITH(analyze_flow(cone_game{}, vec::Zero(2)), Contains("non-finite"));
  CHECK_NOTHROW(analyze_flow(cone_game{}, vec(Eigen::Vector2d(1, 0))));
  CHECK_THROWS_WITH(analyze_flow(declared_cone{}, vec::Zero(2)), "the cone is not differentiable at its apex");
  CHECK_THROWS_AS(analyze_flow(cone_game{}, vec::Zero(3)), std::invalid_argument);
  CHECK_THROWS_AS(analyze_flow(cone_game{}, vec(Eigen::Vector2d(NAN, 0))), std::invalid_argument);
}
