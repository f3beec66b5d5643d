// Consensus optimisation (docs/games.md, "Consensus"; Mescheder, Nowozin & Geiger 2017): the
// field against finite differences of 1/2 ||v||^2, and its Jacobian at the equilibrium against
// J - gamma J^T J.
#include "support.hpp"

#include <catch2/catch.hpp>
#include <Eigen/Dense>

#include <cmath>

using namespace gandyn;
using namespace gandyn::registry;
using test::vec;

TEST_CASE("consensus is v - gamma grad(1/2 ||v||^2), the gradient by central differences") {
  for (const std::string base : {"gan", "nsgan-r1", "wgan-gp", "nsgan-fm", "gan-noise", "wgan-qc", "wgan-norm"}) {
    for (int n : {1, 2}) {
      for (double gamma : {0.5, 1.0}) {
        INFO(base << ", n = " << n << ", gamma = " << gamma);
        const auto plain = make_game(base, {}, n);
        const auto cons = make_game(base + "-consensus", {.consensus_gamma = gamma}, n);
        const vec x = test::random_vector(2 * n, 17 * n);
        const auto half_norm = [&](const test::lvec& y) -> long double {
          return 0.5L * test::field(plain, y.cast<double>()).squaredNorm();
        };
        const vec grad = test::gradient_fd(half_norm, x.cast<long double>(), 1e-6L).cast<double>();
        const vec expected = test::field(plain, x) - gamma * grad;
        CHECK((test::field(cons, x) - expected).cwiseAbs().maxCoeff() < 1e-8);
      }
    }
  }
}

TEST_CASE("the consensus Jacobian at the equilibrium is J - gamma J^T J (nested automatic differentiation)") {
  for (const std::string base : {"gan", "nsgan", "nsgan-r1", "wgan-div", "gan-noise"}) {
    INFO(base);
    const auto plain = make_game(base, {}, 2);
    const auto cons = make_game(base + "-consensus", {.consensus_gamma = 0.7}, 2);
    const vec zero = vec::Zero(4);
    const Eigen::MatrixXd j = test::jacobian_fd([&](const vec& y) { return test::field(plain, y); }, zero);
    const Eigen::MatrixXd jc = std::visit([&](const auto& g) -> Eigen::MatrixXd { return jacobian(g, zero); }, cons);
    CHECK((jc - (j - 0.7 * j.transpose() * j)).cwiseAbs().maxCoeff() < 1e-8);
  }
}
