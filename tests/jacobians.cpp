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

namespace {
// f_i(y) = y_i y_{i+1} + exp(y_i) / (2 + y_{i+2}^2) + sqrt(1 + y_i^2) + tanh(y_i) - log1p(y_i^2)
// + sin(y_i) cos(y_{i+1}) (indices mod m): every elementary function of the dual numbers.
struct mixed_function {
  template <class V>
  auto operator()(const V& y) const {
    using std::cos;
    using std::exp;
    using std::log1p;
    using std::sin;
    using std::sqrt;
    using std::tanh;
    using S = typename V::Scalar;
    const Eigen::Index m = y.size();
    Eigen::Matrix<S, V::RowsAtCompileTime, 1> f(m);
    for (Eigen::Index i = 0; i < m; ++i) {
      const S& a = y[i];
      const S& b = y[(i + 1) % m];
      const S& c = y[(i + 2) % m];
      f[i] = a * b + exp(a) / (S(2) + c * c) + sqrt(S(1) + a * a) + tanh(a) - log1p(a * a) + sin(a) * cos(b);
    }
    return f;
  }
};

template <int M, class S>
void check_layout(Eigen::Index m, double tolerance) {
  const vec x = test::random_vector(m, 31 + static_cast<unsigned>(m), 0.9);
  const Eigen::Matrix<S, M, 1> xs = x.cast<S>();
  const Eigen::MatrixXd exact = jacobian(mixed_function{}, xs).template cast<double>();
  const Eigen::MatrixXd fd = test::jacobian_fd([](const vec& y) -> vec { return mixed_function{}(y); }, x);
  CHECK((exact - fd).cwiseAbs().maxCoeff() < tolerance);
}
}  // namespace

TEST_CASE("dual numbers of every layout give the same exact Jacobian") {
  // Vector tangents padded to a power of two (K = 3, 5), exactly filled (K = 4, 16), an array
  // above 16 tangents (K = 17), run-time size in chunks of 8 with a short last chunk (m = 11),
  // and float / long double scalars.
  check_layout<3, double>(3, 1e-7);
  check_layout<4, double>(4, 1e-7);
  check_layout<5, double>(5, 1e-7);
  check_layout<16, double>(16, 1e-7);
  check_layout<17, double>(17, 1e-7);
  check_layout<Eigen::Dynamic, double>(11, 1e-7);
  check_layout<3, float>(3, 1e-4);
  check_layout<Eigen::Dynamic, float>(11, 1e-4);
  check_layout<3, long double>(3, 1e-7);
  check_layout<Eigen::Dynamic, long double>(11, 1e-7);
}
