// The Jacobian of one step of every rule (docs/analysis.md, "Step Jacobians") against finite
// differences of the step, and the rate at which a simulated trajectory approaches the
// equilibrium against the spectral radius.
#include "support.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <complex>

using namespace gandyn;
using namespace gandyn::registry;
using vec = Eigen::VectorXd;

namespace {

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
    CHECK((exact - test::step_jacobian_fd(rule, g_dynamic_data, z, 0.13)).cwiseAbs().maxCoeff() < 1e-8);
  };
  check(simgd{.discriminator_scale = 2}, "simgd");
  check(altgd{.order = {.ng = 2, .nd = 3}}, "altgd 2/3");
  check(altgd{.order = {.discriminator_first = true}}, "altgd d first");
  check(extragradient{}, "extragradient");
  check(optimistic{}, "optimistic");
  check(momentum{.beta = -0.3}, "momentum");
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

TEST_CASE("lookahead's block by the chain rule over its base's step equals the block differentiated whole",
          "[analysis]") {
  // lookahead_step composes the base's exact step Jacobians (analysis/differentiable_step.hpp);
  // rule_step(lookahead<Base>) differentiates the k base steps and the slow weights' step at once
  // with dual numbers. Values equal bit for bit, Jacobians to rounding.
  const auto nsgan =
      std::get<f_gan<Eigen::Dynamic, logistic_loss>>(make_game("nsgan-r1", {.data = {0.2, -0.1}}, 2));
  // WGAN with clipping 0.5, started with psi_0 at the bound: the base steps push it out and the
  // projection holds it there (a constant coordinate).
  const auto wgan = std::get<f_gan<Eigen::Dynamic, linear_loss>>(make_game("wgan", {.clip = 0.5}, 2));
  const auto check = [](const auto& base, const auto& g, const vec& x, const char* name) {
    INFO(name);
    using Base = std::decay_t<decltype(base)>;
    const lookahead<Base> whole{.base = base, .steps = 3, .alpha = 0.4};
    vec z = analysed_point<lookahead<Base>>(g, x);
    if (z.size() > x.size()) z.tail(x.size()) = test::random_vector(x.size(), 12, 0.3);
    const auto [value, jacobian] = rule_step(whole, g, 0.13).with_jacobian(z);
    const differentiable_map composed = lookahead_step(rule_step(base, g, 0.13), g, 3, 0.4);
    const auto [value_c, jacobian_c] = composed.with_jacobian(z);
    CHECK((value_c.array() == value.array()).all());
    CHECK((composed.value(z).array() == value.array()).all());
    CHECK((jacobian_c - jacobian).cwiseAbs().maxCoeff() < 1e-13 * (1 + jacobian.cwiseAbs().maxCoeff()));
  };
  const vec x = test::random_vector(4, 9);
  check(simgd{}, nsgan, x, "simgd");
  check(altgd{.order = {.ng = 2, .nd = 1}}, nsgan, x, "altgd 2/1");
  check(extragradient{}, nsgan, x, "extragradient");
  check(optimistic{}, nsgan, x, "optimistic (analysed on [x; memory])");
  check(momentum{.beta = 0.3}, nsgan, x, "momentum (analysed on [x; memory])");
  check(sga{}, nsgan, x, "sga");
  vec at_clip(4);
  at_clip << 1.5, -0.7, 0.5, 0.1;  // psi_0 = clip; v_psi = theta - x* pushes it up
  check(simgd{}, wgan, at_clip, "simgd, clipped");
  check(optimistic{}, wgan, at_clip, "optimistic, clipped");
  const vec moved = lookahead_step(rule_step(simgd{}, wgan, 0.13), wgan, 3, 0.4).value(at_clip);
  CHECK(moved[2] == 0.5);  // held at the bound
  CHECK_THROWS_AS(lookahead_step(rule_step(simgd{}, wgan, 0.13), wgan, 0, 0.4), std::invalid_argument);
  CHECK_THROWS_AS(lookahead_step(rule_step(simgd{}, wgan, 0.13), wgan, 3, 1.5), std::invalid_argument);
}
