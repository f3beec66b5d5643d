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

TEST_CASE("a game that says it is zero-sum has J^T = S J S, S = diag(I, -I) (finite differences)") {
  // consensus takes J^T v = S J (S v) for these (games/consensus.hpp); the identity is checked
  // here on the central-difference Jacobian, independently of the dual numbers.
  int zero_sum_games = 0;
  for (const std::string& name : test::all_game_names()) {
    if (parse_game_name(name).consensus) continue;
    const auto game = make_game(name, {.data = {0.3, -0.2}}, 2);
    std::visit(
        [&](const auto& g) {
          if constexpr (requires { g.zero_sum(); }) {
            if (!g.zero_sum()) return;
            INFO(name);
            ++zero_sum_games;
            const vec x = test::random_vector(4, 19);
            const Eigen::MatrixXd j = test::jacobian_fd([&](const vec& y) -> vec { return g(y); }, x);
            const Eigen::Vector4d signs(1, 1, -1, -1);
            const Eigen::MatrixXd sjs = signs.asDiagonal() * j * signs.asDiagonal();
            CHECK((j.transpose() - sjs).cwiseAbs().maxCoeff() < 1e-7);
          }
        },
        game);
  }
  CHECK(zero_sum_games >= 8);  // gan and the wgan family, with -r1 and (gan) -noise
}

TEST_CASE("nsgan is not zero-sum, and its consensus field still matches finite differences at n = 64") {
  const auto plain = make_game("nsgan", {}, 64);
  std::visit([](const auto& g) {
    if constexpr (requires { g.zero_sum(); }) CHECK_FALSE(g.zero_sum());
  }, plain);
  const auto cons = make_game("nsgan-consensus", {.consensus_gamma = 0.9}, 64);
  const vec x = test::random_vector(128, 53, 0.4);
  const auto half_norm = [&](const test::lvec& y) -> long double {
    return 0.5L * test::field(plain, y.cast<double>()).squaredNorm();
  };
  const vec grad = test::gradient_fd(half_norm, x.cast<long double>(), 1e-6L).cast<double>();
  CHECK((test::field(cons, x) - (test::field(plain, x) - 0.9 * grad)).cwiseAbs().maxCoeff() < 1e-8);
}
