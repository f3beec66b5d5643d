// Consensus against finite differences of 1/2 ||v||^2, and the registry: names, defaults,
// presets as compositions, and errors that name the problem.
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

TEST_CASE("every SPEC name builds a game with its documented defaults") {
  for (const std::string& name : test::all_game_names()) {
    INFO(name);
    for (int n : {1, 3}) {
      const auto g = make_game(name, {}, n);
      std::visit([&](const auto& game) { CHECK(game.generator_dim() == n); }, g);
    }
  }
  const vec x = Eigen::Vector2d(0.8, 0.5);
  const double theta = 0.8, psi = 0.5;
  // wgan-gp: lambda 0.35, c 1 -> v_psi = theta - 2 lambda (1 - c/|psi|) psi
  CHECK(test::field(make_game("wgan-gp", {}), x)[1] == Approx(theta - 0.7 * (psi - 1)));
  // wgan-div: c = 0
  CHECK(test::field(make_game("wgan-div", {}), x)[1] == Approx(theta - 0.7 * psi));
  // -r1: gamma 0.3
  CHECK(test::field(make_game("wgan-r1", {}), x)[1] == Approx(theta - 0.3 * psi));
  // wgan: clip 1 is a projection, not part of the field
  CHECK(test::field(make_game("wgan", {}), x) == vec(Eigen::Vector2d(-psi, theta)));
}

TEST_CASE("presets are combinations: a regulariser adds the same term to any loss") {
  const vec x = test::random_vector(6, 5);
  const vec psi = x.tail(3);
  for (std::string_view base : base_game_names) {
    INFO(base);
    const vec plain = test::field(make_game(base, {}, 3), x);
    const vec r1 = test::field(make_game(std::string(base) + "-r1", {.gamma = 0.45}, 3), x);
    CHECK((r1.head(3) - plain.head(3)).norm() == 0);
    CHECK((r1.tail(3) - (plain.tail(3) - 0.45 * psi)).norm() < 1e-14);
  }
  // wgan-gp and wgan-lp are wgan plus their penalty's term
  const vec wgan = test::field(make_game("wgan", {}, 3), x);
  const vec gp = test::field(make_game("wgan-gp", {.lambda = 0.6, .c = 0.3}, 3), x);
  CHECK((gp.tail(3) - (wgan.tail(3) - 2 * 0.6 * (1 - 0.3 / psi.norm()) * psi)).norm() < 1e-14);
  const vec lp = test::field(make_game("wgan-lp", {.lambda = 0.6}, 3), x);
  CHECK((lp.tail(3) - (wgan.tail(3) - 2 * 0.6 * std::max(0.0, psi.norm() - 1) * psi / psi.norm())).norm() < 1e-14);
}

TEST_CASE("bad names and parameters are errors that name them") {
  const auto message = [](auto&& build) -> std::string {
    try {
      build();
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
    return "no error";
  };
  using Catch::Matchers::Contains;
  CHECK_THAT(message([] { make_game("dcgan", {}); }), Contains("unknown game 'dcgan'"));
  CHECK_THAT(message([] { make_game("gan-consensus-r1", {}); }), Contains("unknown game 'gan-consensus-r1'"));
  CHECK_THAT(message([] { make_game("gan-", {}); }), Contains("unknown game"));
  CHECK_THAT(message([] { make_game("wgan-noise", {}); }), Contains("-noise applies to gan, nsgan and nsgan-fm"));
  CHECK_THAT(message([] { make_game("wgan-gp", {.lambda = -1}); }), Contains("lambda must be"));
  CHECK_THAT(message([] { make_game("wgan-gp", {.c = std::nan("")}); }), Contains("c must be"));
  CHECK_THAT(message([] { make_game("gan-noise", {.sigma = INFINITY}); }), Contains("sigma must be"));
  CHECK_THAT(message([] { make_game("wgan", {.clip = 0}); }), Contains("clip must be a finite number > 0"));
  CHECK_THAT(message([] { make_game("gan", {.sigma = 0.5}); }), Contains("sigma does not apply to game 'gan'"));
  CHECK_THAT(message([] { make_game("wgan-div", {.c = 1}); }), Contains("c does not apply to game 'wgan-div'"));
  CHECK_THAT(message([] { make_game("gan", {.gamma = 0.5}); }), Contains("gamma does not apply"));
  CHECK_THAT(message([] { make_game("gan", {.data = {1, 2}}, 3); }), Contains("data has 2 values"));
  CHECK_THAT(message([] { make_game("gan", {.data = {NAN}}, 1); }), Contains("data must be finite"));
  CHECK_THAT(message([] { make_game("gan", {}, 0); }), Contains("dim must be an integer >= 1"));
  CHECK_THAT(message([] { make_game<2>("gan", {}, 3); }), Contains("compiled dimension 2"));
  CHECK(message([] { make_game("nsgan-r1-noise-consensus", {.gamma = 0.1, .sigma = 0.2}, 2); }) == "no error");
  // library words, not flags: the parameter is named as the C++ caller wrote it
  CHECK_THAT(message([] { make_game("gan", {.gamma = 0.5}); }), !Contains("--"));
  // a near miss gets the closest valid name
  CHECK_THAT(message([] { make_game("nsgan-r2", {}); }), Contains("did you mean 'nsgan-r1'?"));
  try {
    make_game("gan", {.gamma = 0.5});
  } catch (const parameter_error& e) {
    CHECK(e.parameter() == "gamma");
    CHECK(e.spelled([](const std::string& name) { return "--" + name; }) == "--gamma does not apply to game 'gan'");
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
