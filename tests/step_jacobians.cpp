// The Jacobian of one step of every rule against finite differences of the step, the
// closed forms of gan-training-convergence-analysis.fa.txt (Lemmas 2-3) against the exact
// step Jacobian, the largest stable step against brute-force iteration, and the rate at
// which a simulated trajectory approaches the equilibrium against the spectral radius.
#include "support.hpp"

#include <gandyn/analysis/max_stable_step.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <complex>

using namespace gandyn;
using namespace gandyn::registry;
using vec = Eigen::VectorXd;

namespace {

// Finite differences of the step map itself, on the analysed state.
template <class Rule, class G>
Eigen::MatrixXd step_jacobian_fd(const Rule& rule, const G& g, const vec& z, double h) {
  const auto map = one_step_map(rule, g, h);
  return test::jacobian_fd([&](const vec& y) -> vec { return map(y); }, z, 1e-6);
}

template <class Rule, class G>
double simulated_rate(const Rule& rule, const G& g, const vec& x0, double h, long steps) {
  auto stepper = make_stepper<vec>(rule);
  std::vector<double> distance;
  vec x = x0;
  iterate(stepper, g, x, steps, h, [&](const vec& y, long, double) {
    distance.push_back(y.norm());
    return true;
  });
  return std::pow(distance.back() / distance[distance.size() - 101], 1.0 / 100);
}

}  // namespace

TEST_CASE("the exact Jacobian of one step equals finite differences of the step, for every rule", "[analysis]") {
  const f_gan<2> game{.objective = generator_objective::non_saturating, .penalty = {.r1 = 0.3},
                      .data = Eigen::Vector2d(0.2, -0.1)};
  const f_gan<2> g_dynamic_data = game;
  const vec x = test::random_vector(4, 9);
  const auto check = [&](const auto& rule, const char* name) {
    INFO(name);
    vec z = analysed_point<std::decay_t<decltype(rule)>>(g_dynamic_data, x);
    if (z.size() > 4) z.tail(4) = test::random_vector(4, 10, 0.3);  // a non-zero optimiser state
    const Eigen::MatrixXd exact = step_jacobian(rule, g_dynamic_data, z, 0.13);
    CHECK((exact - step_jacobian_fd(rule, g_dynamic_data, z, 0.13)).cwiseAbs().maxCoeff() < 1e-8);
  };
  check(simgd{.discriminator_scale = 2}, "simgd");
  check(altgd{.order = {.ng = 2, .nd = 3}}, "altgd 2/3");
  check(altgd{.order = {.discriminator_first = true}}, "altgd d first");
  check(extragradient{}, "extragradient");
  check(optimistic{}, "optimistic");
  check(momentum{.beta = -0.3}, "momentum");
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

TEST_CASE("the largest stable step: simgd's closed form and the bisection agree with brute force", "[analysis]") {
  for (std::string name : {"gan-r1", "nsgan-r1"}) {
    const auto game = std::get<f_gan<Eigen::Dynamic>>(make_game(name, {}, 1));
    const vec zero = vec::Zero(2);
    // simgd: min_i 2 a_i / (a_i^2 + b_i^2) over eigenvalues -a_i + i b_i of v' (SPEC 4):
    // here -0.15 +- 0.477i, so 0.3 / (0.0225 + 0.2275) = 1.2.
    const double closed = static_cast<double>(simgd_max_stable_h(jacobian(game, zero)));
    CHECK(closed == Approx(1.2).epsilon(1e-12));
    const double bisected = max_stable_step(simgd{}, game, zero);
    CHECK(bisected == Approx(closed).epsilon(1e-9));
    // brute force from near the equilibrium
    const vec x0 = vec::Constant(2, 1e-3);
    const auto final_distance = [&](const auto& rule, double h) {
      auto stepper = make_stepper<vec>(rule);
      vec x = x0;
      iterate(stepper, game, x, 4000, h, [](const vec&, long, double) { return true; });
      return x.norm();
    };
    CHECK(final_distance(simgd{}, 0.98 * closed) < x0.norm());
    CHECK(final_distance(simgd{}, 1.02 * closed) > x0.norm());
    for (double nd : {1, 5}) {
      const altgd rule{.order = {.nd = static_cast<int>(nd)}};
      const double h_alt = max_stable_step(rule, game, zero);
      INFO(name << " altgd nd = " << nd << ": " << h_alt);
      REQUIRE(h_alt > 0);
      CHECK(final_distance(rule, 0.98 * h_alt) < x0.norm());
      CHECK_FALSE(final_distance(rule, 1.02 * h_alt) < x0.norm());  // grows (or overflows)
    }
  }
  // No stable step: gan without regularisation under simgd (Lemma 2).
  const auto gan_game = gan<1>();
  CHECK(max_stable_step(simgd{}, gan_game, Eigen::Vector2d::Zero().eval()) == 0);
  CHECK(simgd_max_stable_h(jacobian(gan_game, Eigen::Vector2d::Zero().eval())) == 0);
}

TEST_CASE("a trajectory near the equilibrium approaches it at the spectral radius's rate", "[analysis]") {
  const auto game = std::get<f_gan<Eigen::Dynamic>>(make_game("gan-r1", {}, 1));
  const vec zero = vec::Zero(2), x0 = vec::Constant(2, 1e-4);
  const double h = 0.4;
  const auto check = [&](const auto& rule, const char* name) {
    INFO(name);
    const double rho = spectral_radius(step_jacobian(rule, game, analysed_point<std::decay_t<decltype(rule)>>(game, zero), h));
    CHECK(simulated_rate(rule, game, x0, h, 300) == Approx(rho).epsilon(0.01));
  };
  check(simgd{}, "simgd");
  check(altgd{}, "altgd");
  check(extragradient{}, "extragradient");
}
