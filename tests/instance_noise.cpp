// Instance noise (docs/games.md, "Instance noise, exactly"): the quadrature against an independent adaptive integration
// (Boost.Math's adaptive Gauss-Kronrod), the Stein-lemma field against the literal
// one-dimensional expectation, the Monte-Carlo variant's 1/sqrt(N) convergence, and the
// Jacobian at the equilibrium against Lemma 4 of gan-training-convergence-analysis.fa.txt.
#include "support.hpp"

#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <catch2/catch.hpp>
#include <Eigen/Eigenvalues>

#include <cmath>
#include <numbers>

using namespace gandyn;
using namespace gandyn::registry;
using test::vec;

namespace {

using ld = long double;

ld phi(ld eta) { return std::exp(-eta * eta / 2) / std::sqrt(2 * std::numbers::pi_v<ld>); }

// E[g(eta)], eta ~ N(0,1), adaptively on [-14, split] and [split, 14] (mass outside: 1e-44).
template <class G>
ld expectation_adaptive(G g, ld split) {
  using boost::math::quadrature::gauss_kronrod;
  split = std::clamp<ld>(split, -13, 13);
  const auto integrand = [&](ld eta) { return phi(eta) * g(eta); };
  return gauss_kronrod<ld, 61>::integrate(integrand, -14.0L, split, 15, 1e-17L) +
         gauss_kronrod<ld, 61>::integrate(integrand, split, 14.0L, 15, 1e-17L);
}

ld sigmoid_ld(ld t) { return t >= 0 ? 1 / (1 + std::exp(-t)) : std::exp(t) / (1 + std::exp(t)); }
ld f1(ld t) { return sigmoid_ld(-t); }                    // f'(t) for f(t) = -log(1 + e^-t)
ld f2(ld t) { return -sigmoid_ld(t) * sigmoid_ld(-t); }   // f''(t)

}  // namespace

TEST_CASE("noisy expectations match adaptive Gauss-Kronrod to 1e-12 for sigma ||psi|| up to 200") {
  for (double s : {0.0, 1e-3, 0.1, 0.5, 1.0, 1.5, 2.0, 3.7, 5.0, 10.0, 20.0, 35.0, 50.0, 80.0, 200.0}) {
    for (double m : {-40.0, -7.0, -1.3, -0.2, 0.0, 0.05, 0.9, 3.0, 12.0, 60.0}) {
      INFO("s = " << s << ", m = " << m);
      const noisy_slopes<double> q = noisy_expectation<logistic_loss>(m, s);
      const ld split = s > 0 ? -m / s : 0;
      const ld e1 = expectation_adaptive([&](ld eta) { return f1(m + s * eta); }, split);
      const ld e2 = expectation_adaptive([&](ld eta) { return f2(m + s * eta); }, split);
      CHECK(std::abs(q.d1 - static_cast<double>(e1)) < 1e-12);
      CHECK(std::abs(q.d2 - static_cast<double>(e2)) < 1e-12);
    }
  }
}

TEST_CASE("the noisy field equals the literal expectation of the per-sample gradients (n = 1)") {
  // In one dimension psi . eps = psi eps, so the expectation over the real and fake noise can
  // be integrated directly, without Stein's lemma.
  const double data = 0.4;
  for (const std::string name : {"gan-noise", "nsgan-noise", "nsgan-fm-noise"}) {
    for (double sigma : {0.3, 0.7, 2.5}) {
      const auto game = make_game(name, {.sigma = sigma, .data = {data}}, 1);
      for (const auto& point : {std::pair{1.2, 0.8}, std::pair{-0.5, 3.0}, std::pair{2.0, -0.1}}) {
        const double theta = point.first, psi = point.second;
        INFO(name << ", sigma = " << sigma << ", theta = " << theta << ", psi = " << psi);
        const vec v = test::field(game, Eigen::Vector2d(theta, psi));
        const ld split_fake = -theta / sigma, split_real = -data / sigma;
        // v_psi = E[f'(psi x_fake) x_fake] - E[f'(-psi x_real) x_real]
        const ld fake = expectation_adaptive(
            [&](ld e) { const ld x = theta + sigma * e; return f1(psi * x) * x; }, split_fake);
        const ld real = expectation_adaptive(
            [&](ld e) { const ld x = data + sigma * e; return f1(-psi * x) * x; }, split_real);
        CHECK(v[1] == Approx(static_cast<double>(fake - real)).margin(1e-12));
        ld v_theta = 0;
        if (name == std::string("gan-noise"))
          v_theta = -psi * expectation_adaptive([&](ld e) { return f1(psi * (theta + sigma * e)); }, split_fake);
        else if (name == std::string("nsgan-noise"))
          v_theta = -psi * expectation_adaptive([&](ld e) { return f1(-psi * (theta + sigma * e)); }, split_fake);
        else
          v_theta = -2 * psi * (psi * theta - psi * data);
        CHECK(v[0] == Approx(static_cast<double>(v_theta)).margin(1e-12));
      }
    }
  }
}

TEST_CASE("the Monte-Carlo noise converges to the exact field at the 1/sqrt(N) rate (n = 2)") {
  const vec x = Eigen::Vector4d(0.9, -0.4, 0.6, 1.1);
  for (auto objective : {generator_objective::saturating, generator_objective::non_saturating,
                         generator_objective::feature_matching}) {
    const f_gan<2> exact{.objective = objective, .noise_sigma = 0.8, .data = Eigen::Vector2d(0.2, -0.3)};
    const vec reference = exact(Eigen::Vector4d(x));
    const auto rms_error = [&](int samples) {
      sampled_noise<2> mc{.game = exact, .samples = samples, .seed = 2024};
      double sum = 0;
      const int repeats = 400;
      for (int k = 0; k < repeats; ++k) sum += (mc(Eigen::Vector4d(x)) - reference).squaredNorm();
      return std::sqrt(sum / repeats);
    };
    const double coarse = rms_error(16), fine = rms_error(1024);
    INFO("rms error: " << coarse << " at N = 16, " << fine << " at N = 1024");
    // sqrt(1024 / 16) = 8; the estimate of an rms from 400 draws is good to about 5%.
    CHECK(coarse / fine == Approx(8.0).epsilon(0.2));
  }
}

TEST_CASE("the same seed gives the same Monte-Carlo field") {
  const f_gan<1> exact{.noise_sigma = 0.7};
  sampled_noise<1> a{.game = exact, .samples = 8, .seed = 7}, b{.game = exact, .samples = 8, .seed = 7};
  const Eigen::Vector2d x(0.5, 0.5);
  CHECK(a(x) == b(x));
  CHECK(a(x) != a(Eigen::Vector2d(x)));  // a fresh minibatch at every evaluation
}

TEST_CASE("instance noise at the equilibrium has Lemma 4's eigenvalues, each n times") {
  // lambda = f''(0) sigma^2 +- sqrt(f''(0)^2 sigma^4 - f'(0)^2), f'(0) = 1/2, f''(0) = -1/4.
  for (int n : {1, 3}) {
    for (double sigma : {0.3, 0.7, 1.5, 2.0, 3.0}) {
      for (std::string name : {"gan-noise", "nsgan-noise"}) {
        INFO(name << ", n = " << n << ", sigma = " << sigma);
        const auto game = make_game(name, {.sigma = sigma}, n);
        const Eigen::MatrixXd jac =
            std::visit([&](const auto& g) -> Eigen::MatrixXd { return jacobian(g, vec(vec::Zero(2 * n))); }, game);
        const std::complex<double> disc = std::sqrt(std::complex<double>(std::pow(-0.25 * sigma * sigma, 2) - 0.25));
        const std::complex<double> l1 = -0.25 * sigma * sigma + disc, l2 = -0.25 * sigma * sigma - disc;
        const Eigen::VectorXcd eig = jac.eigenvalues();
        int near1 = 0, near2 = 0;
        for (const auto& e : eig) {
          near1 += std::abs(e - l1) < 1e-7;
          near2 += std::abs(e - l2) < 1e-7;
        }
        CHECK(near1 == (l1 == l2 ? 2 * n : n));
        CHECK(near2 == (l1 == l2 ? 2 * n : n));
      }
    }
  }
}
