// The closed forms of the notes at the equilibrium (docs/analysis.md, "Closed forms at the
// equilibrium"; gan-training-convergence-analysis.fa.txt, Lemmas 1-4; R1, WGAN-div and
// consensus) against the eigenvalues of the exact Jacobians of the flows and of the simgd and
// altgd steps, in n = 1 and n = 3 (each eigenvalue n times), and in double, float and long double.
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
using linear_game = f_gan<Eigen::Dynamic, linear_loss>;

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

}  // namespace

TEMPLATE_TEST_CASE("the nsgan-r1 flow at the equilibrium: v' = [[0, -1/2], [1/2, -gamma]] and -gamma/2 +- "
                   "sqrt(gamma^2/4 - 1/4), in each scalar type", "[analysis]", double, float, long double) {
  using S = TestType;
  using C = std::complex<S>;
  const S eps = std::numeric_limits<S>::epsilon();
  for (double gamma : {0.3, 1.0, 2.5}) {
    INFO("gamma = " << gamma);
    const S g_s = static_cast<S>(gamma);
    const f_gan<1> one{.objective = generator_objective::non_saturating, .penalty = {.r1 = gamma}};
    const Eigen::Matrix<S, 2, 2> j = jacobian(one, Eigen::Matrix<S, 2, 1>::Zero().eval());
    // f'(0) = 1/2 exactly; R1 adds -gamma to dv_psi/dpsi (docs/games.md, "R1 penalty and weight decay")
    CHECK(j(0, 0) == S(0));
    CHECK(j(0, 1) == S(-0.5));
    CHECK(j(1, 0) == S(0.5));
    CHECK(std::abs(j(1, 1) + g_s) <= 2 * eps * g_s);
    const C root = std::sqrt(C(g_s * g_s / 4 - S(0.25)));
    const std::vector<C> expected{-g_s / 2 + root, -g_s / 2 - root};
    // a simple eigenvalue moves by O(eps); the double one at gamma = 1 (a Jordan block) by O(sqrt(eps))
    const S tolerance = gamma == 1.0 ? 8 * std::sqrt(eps) : 64 * eps;
    CHECK(test::distance_to(eigenvalues(j), expected) <= tolerance);
    // in three dimensions each eigenvalue three times
    const f_gan<3> three{.objective = generator_objective::non_saturating, .penalty = {.r1 = gamma}};
    const Eigen::Matrix<S, 6, 6> j3 = jacobian(three, Eigen::Matrix<S, 6, 1>::Zero().eval());
    std::vector<C> expected3;
    for (int i = 0; i < 3; ++i) expected3.insert(expected3.end(), expected.begin(), expected.end());
    CHECK(test::distance_to(eigenvalues(j3), expected3) <= tolerance);
    CHECK(spectral_abscissa(eigenvalues(j3)) < S(0));
  }
}

TEMPLATE_TEST_CASE("the altgd step at the nsgan equilibrium has Lemma 3's eigenvalues in each scalar type",
                   "[analysis]", double, float, long double) {
  using S = TestType;
  using C = std::complex<S>;
  const S eps = std::numeric_limits<S>::epsilon();
  const f_gan<1> g = nsgan<1>();
  for (auto [ng, nd] : {std::pair{1, 1}, std::pair{1, 5}, std::pair{2, 3}}) {
    INFO("ng = " << ng << ", nd = " << nd);
    const double h = 0.5;
    const Eigen::Matrix<S, 2, 2> j =
        step_jacobian(altgd{.order = {.ng = ng, .nd = nd}}, g, Eigen::Matrix<S, 2, 1>::Zero().eval(), h);
    // 1 - a^2/2 +- sqrt((1 - a^2/2)^2 - 1), a = sqrt(n_g n_d) h f'(0)
    const S a2 = S(ng * nd) * S(h * h) / 4;
    const C root = std::sqrt(C((1 - a2 / 2) * (1 - a2 / 2) - 1));
    const std::vector<C> expected{1 - a2 / 2 + root, 1 - a2 / 2 - root};
    CHECK(test::distance_to(eigenvalues(j), expected) <= 64 * eps);
    CHECK(std::abs(spectral_radius(eigenvalues(j)) - S(1)) <= 64 * eps);  // |det| = 1: on the unit circle
  }
}

TEST_CASE("gan and nsgan at the equilibrium: flow, simgd and altgd closed forms (Lemmas 1-3)", "[analysis]") {
  for (const std::string name : {"gan", "nsgan"}) {
    for (int n : {1, 3}) {
      INFO(name << ", n = " << n);
      const auto g = test::preset<logistic_game>(name, {}, n);
      const vec x = dirac_equilibrium(g);
      CHECK(vec(g(x)).norm() == 0);
      const auto flow = analyze_flow(g, x);
      const MatrixXd j = flow.jacobian;
      // Lemma 1: +- i f'(0), n times; a centre: marginal
      CHECK(test::distance_to(flow.eigenvalues, flow_eigenvalues(), n) < 1e-14);
      CHECK(flow.verdict == verdict::marginal);
      CHECK(flow.spectral_radius == Approx(0.5).epsilon(1e-14));
      CHECK(simgd_max_stable_h(flow.eigenvalues) < 1e-15);
      // Lemma 2: the simgd map's Jacobian I + h v' has 1 +- i h f'(0): outside the unit circle
      const MatrixXd id = MatrixXd::Identity(2 * n, 2 * n);
      for (double h : {0.05, 0.5, 1.0, 2.5}) {
        INFO("simgd h = " << h);
        const MatrixXd map = id + h * j;
        CHECK(test::distance_to(eigenvalues(map), simgd_eigenvalues(h), n) < 1e-13);
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
        CHECK(test::distance_to(lambda, altgd_eigenvalues(k.h, k.ng, k.nd), n) < 1e-12);
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
        const auto g = test::preset<logistic_game>(name, {.sigma = sigma}, n);
        const auto flow = analyze_flow(g, dirac_equilibrium(g));
        const bool jordan = sigma == std::sqrt(2.0);
        CHECK(test::distance_to(flow.eigenvalues, instance_noise_eigenvalues(sigma), n) < (jordan ? 1e-7 : 1e-12));
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
        const auto g = test::preset<logistic_game>(name, {.gamma = gamma}, n);
        const auto flow = analyze_flow(g, dirac_equilibrium(g));
        CHECK(test::distance_to(flow.eigenvalues, r1_eigenvalues(gamma), n) < (gamma == 1.0 ? 1e-7 : 1e-12));
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
      const auto g = test::preset<linear_game>("wgan-div", {.lambda = lambda}, n);
      const auto flow = analyze_flow(g, dirac_equilibrium(g));
      CHECK(test::distance_to(flow.eigenvalues, wgan_div_eigenvalues(lambda), n) < (lambda == 1.0 ? 1e-7 : 1e-12));
      CHECK(flow.verdict == verdict::converges);
    }
  }
}

TEST_CASE("consensus at the gan equilibrium: v' - gamma v'^T v' has -gamma f'(0)^2 +- i f'(0)", "[analysis]") {
  for (int n : {1, 3}) {
    for (double gamma : {0.5, 1.0}) {
      INFO("n = " << n << ", gamma = " << gamma);
      const auto g = test::preset<consensus<logistic_game>>("gan-consensus", {.consensus_gamma = gamma}, n);
      const auto flow = analyze_flow(g, dirac_equilibrium(g));
      const eigenvalue_pair expected{{{-gamma * 0.25, 0.5}, {-gamma * 0.25, -0.5}}};
      CHECK(test::distance_to(flow.eigenvalues, expected, n) < 1e-13);
      CHECK(flow.verdict == verdict::converges);
    }
  }
}

TEST_CASE("simgd and altgd at the equilibrium have the eigenvalues of Lemmas 2 and 3", "[analysis]") {
  // gan and nsgan, f'(0) = 1/2: simgd 1 +- i h f'(0); altgd 1 - a^2/2 +- sqrt((1 - a^2/2)^2 - 1),
  // a = sqrt(n_g n_d) h f'(0); each n times in dimension n.
  for (int n : {1, 3}) {
    for (std::string name : {"gan", "nsgan"}) {
      const auto game = std::get<f_gan<Eigen::Dynamic>>(make_game(name, {}, n));
      const vec zero = vec::Zero(2 * n);
      for (double h : {0.05, 0.3, 1.1}) {
        const Eigen::MatrixXd js = step_jacobian(simgd{}, game, zero, h);
        for (const auto& e : eigenvalues(js))
          CHECK(std::abs(std::abs(e - 1.0) - h * 0.5) < 1e-12);
        for (auto [ng, nd] : {std::pair{1, 1}, std::pair{1, 5}, std::pair{2, 3}}) {
          INFO(name << ", n = " << n << ", h = " << h << ", ng = " << ng << ", nd = " << nd);
          const double a = std::sqrt(double(ng * nd)) * h * 0.5;
          const std::complex<double> root = std::sqrt(std::complex<double>(std::pow(1 - a * a / 2, 2) - 1));
          const std::complex<double> l1 = 1 - a * a / 2 + root, l2 = 1 - a * a / 2 - root;
          const Eigen::MatrixXd ja = step_jacobian(altgd{.order = {.ng = ng, .nd = nd}}, game, zero, h);
          int near1 = 0, near2 = 0;
          for (const auto& e : eigenvalues(ja)) {
            near1 += std::abs(e - l1) < 1e-7;
            near2 += std::abs(e - l2) < 1e-7;
          }
          CHECK(near1 == n);
          CHECK(near2 == n);
        }
      }
    }
  }
}
