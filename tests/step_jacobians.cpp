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
