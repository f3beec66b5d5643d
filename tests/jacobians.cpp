// Exact Jacobians by automatic differentiation (docs/analysis.md, "Exact Jacobians") against
// central differences for every variant, at a random point and at the equilibrium itself, and
// a user's own game against the singular values of its matrix.
#include "support.hpp"

#include <catch2/catch.hpp>
#include <Eigen/Dense>

#include <cmath>

using namespace gandyn;
using namespace gandyn::registry;
using test::vec;

TEST_CASE("exact Jacobians (automatic differentiation) match central differences for every variant") {
  for (const std::string& name : test::all_game_names()) {
    INFO(name);
    const auto game = make_game(name, {.data = {0.3, -0.2}}, 2);
    const vec x = test::random_vector(4, 11);
    std::visit(
        [&](const auto& g) {
          const Eigen::MatrixXd exact = jacobian(g, x);
          const Eigen::MatrixXd fd = test::jacobian_fd([&](const vec& y) -> vec { return g(y); }, x);
          CHECK((exact - fd).cwiseAbs().maxCoeff() < 1e-7);
        },
        game);
  }
}

TEST_CASE("automatic differentiation through every smooth field at the equilibrium itself") {
  // At psi = 0 the normalised critic, WGAN-GP with c > 0, and WGAN-QC are not differentiable
  // (docs/analysis.md, "Where the field is not differentiable"); every other field is, and its exact Jacobian there must be finite and right.
  for (const std::string& name : test::all_game_names()) {
    const std::string base = parse_game_name(name).base;
    if (base == "wgan-norm" || base == "wgan-gp" || base == "wgan-qc") continue;
    INFO(name);
    const auto game = make_game(name, {.data = {0.3, -0.2}}, 2);
    const vec equilibrium = Eigen::Vector4d(0.3, -0.2, 0, 0);
    std::visit(
        [&](const auto& g) {
          const Eigen::MatrixXd exact = jacobian(g, equilibrium);
          REQUIRE(exact.allFinite());
          const Eigen::MatrixXd fd = test::jacobian_fd([&](const vec& y) -> vec { return g(y); }, equilibrium);
          CHECK((exact - fd).cwiseAbs().maxCoeff() < 1e-7);
        },
        game);
  }
}

namespace {
// The bilinear game L = theta^T A psi: v = (-A psi, A^T theta), eigenvalues +- i sigma_k(A).
struct bilinear {
  static constexpr int state_size = 4;
  Eigen::Matrix2d a{{2.0, 1.0}, {0.0, 0.5}};
  Eigen::Index generator_dim() const { return 2; }
  Eigen::Index discriminator_dim() const { return 2; }
  template <class S>
  state<S, 4> operator()(const state<S, 4>& x) const {
    state<S, 4> v;
    v.template head<2>() = -a.cast<S>() * x.template tail<2>();
    v.template tail<2>() = a.transpose().cast<S>() * x.template head<2>();
    return v;
  }
};
}  // namespace

TEST_CASE("a user's own game satisfies the concept and gets exact Jacobians") {
  STATIC_REQUIRE(gandyn::game<bilinear>);
  const Eigen::Matrix4d jac = jacobian(bilinear{}, Eigen::Vector4d::Zero().eval());
  const Eigen::Vector2d singular = bilinear{}.a.jacobiSvd().singularValues();
  const Eigen::Vector4cd eig = jac.eigenvalues();
  for (const auto& e : eig) {
    CHECK(std::abs(e.real()) < 1e-14);
    CHECK(std::min(std::abs(std::abs(e.imag()) - singular[0]), std::abs(std::abs(e.imag()) - singular[1])) < 1e-12);
  }
}
