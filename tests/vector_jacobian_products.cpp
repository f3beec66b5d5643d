// Reverse-mode vector-Jacobian products (docs/analysis.md, "Vector-Jacobian products";
// core/reverse.hpp) against u^T J with J by central differences, for every game; their own
// derivatives (forward over reverse) against finite differences of the product; the tape
// after nested and throwing recordings; gan-consensus at n = 64 against the hand-derived O(n)
// form of J^T v (Mescheder, Nowozin & Geiger 2017, eq. 9); and the consensus field's forward-mode
// route (two tangents, games/consensus.hpp) against reverse mode for every game.
#include "support.hpp"

#include <catch2/catch.hpp>
#include <Eigen/Dense>

#include <cmath>
#include <stdexcept>

using namespace gandyn;
using namespace gandyn::registry;
using test::vec;

TEST_CASE("u^T J by reverse mode equals u^T J with J by central differences, for every game") {
  for (const std::string& name : test::all_game_names()) {
    for (int n : {1, 3}) {
      INFO(name << ", n = " << n);
      const auto game = make_game(name, {}, n);
      const vec x = test::random_vector(2 * n, 5 + n);
      const vec u = test::random_vector(2 * n, 7 + n);
      std::visit(
          [&](const auto& g) {
            const auto [value, product] = value_and_vjp(g, x, u);
            const Eigen::MatrixXd fd = test::jacobian_fd([&](const vec& y) -> vec { return g(y); }, x);
            CHECK((value - g(x)).cwiseAbs().maxCoeff() < 1e-13);
            CHECK((product - fd.transpose() * u).cwiseAbs().maxCoeff() < 1e-6);
          },
          game);
    }
  }
}

TEST_CASE("the cotangent may be a function of the value: J^T v = grad (1/2 ||v||^2)") {
  const auto game = std::get<f_gan<Eigen::Dynamic>>(make_game("nsgan-r1", {.data = {0.4, -0.1}}, 2));
  const vec x = test::random_vector(4, 3);
  const auto [value, product] = value_and_vjp(game, x, [](const vec& v) -> const vec& { return v; });
  const auto half_norm = [&](const test::lvec& y) -> long double {
    return 0.5L * vec(game(vec(y.cast<double>()))).squaredNorm();
  };
  const vec grad = test::gradient_fd(half_norm, x.cast<long double>()).cast<double>();
  CHECK((product - grad).cwiseAbs().maxCoeff() < 1e-8);
  CHECK((value - game(x)).cwiseAbs().maxCoeff() == 0);
}

TEST_CASE("a product on dual numbers carries its own derivative (forward over reverse)") {
  // p(x) = J(x)^T u for a fixed u: its Jacobian by dual numbers through the tape against
  // central differences of p.
  for (const std::string name : {"nsgan", "gan-noise", "wgan-gp", "wgan-qc", "wgan-norm"}) {
    INFO(name);
    const auto game = make_game(name, {}, 2);
    const vec x = test::random_vector(4, 23);
    const vec u = test::random_vector(4, 29);
    std::visit(
        [&](const auto& g) {
          const auto p = [&](const auto& y) {
            using S = typename std::decay_t<decltype(y)>::Scalar;
            return value_and_vjp(g, y, u.cast<S>().eval()).second;
          };
          const Eigen::MatrixXd exact = jacobian(p, x);
          const Eigen::MatrixXd fd = test::jacobian_fd([&](const vec& y) -> vec { return p(y); }, x);
          CHECK((exact - fd).cwiseAbs().maxCoeff() < 1e-6);
        },
        game);
  }
}

TEST_CASE("the tape rewinds after a product, a product inside a recording, and a throw") {
  using t = tape<double>;
  const int before = t::mark();  // where a product begins (the first use makes slot 0, for constants)
  const auto square = [](const auto& y) { return y.cwiseProduct(y).eval(); };
  const vec x = vec::LinSpaced(3, 1, 3);
  const vec u = vec::Ones(3);
  CHECK(value_and_vjp(square, x, u).second == 2 * x);
  CHECK(t::size() == before);

  // f itself takes a product of its own (the same tape, appended and rewound): d/dy of
  // sum_i y_i * (2 y_i) = 4 y.
  const auto outer = [&](const auto& y) {
    const vec inner = value_and_vjp(square, x, u).second;  // 2 x, a constant here
    using S = typename std::decay_t<decltype(y)>::Scalar;
    return (y.cwiseProduct(y) + inner.cast<S>()).eval();
  };
  const auto [value, product] = value_and_vjp(outer, x, u);
  CHECK(value == (x.cwiseProduct(x) + 2 * x).eval());
  CHECK(product == 2 * x);
  CHECK(t::size() == before);

  const auto throwing = [](const auto& y) -> Eigen::Matrix<std::decay_t<decltype(y[0])>, Eigen::Dynamic, 1> {
    const auto z = (y * y[0]).eval();
    if (z.size() > 0) throw std::invalid_argument("x");
    return z;
  };
  CHECK_THROWS_AS(value_and_vjp(throwing, x, u), std::invalid_argument);
  CHECK(t::size() == before);
}

TEST_CASE("gan-consensus at n = 64 (two forward-mode tangents) equals the hand-derived J^T v") {
  // gan: v_theta = -f1 psi, v_psi = f1 theta - g1 x*, with f1 = f'(a), f2 = f''(a) at
  // a = psi.theta and g1, g2 at b = -psi.x* (f'(t) = sigmoid(-t), f'' = -sigmoid(t) sigmoid(-t)):
  //   J = [ -f2 psi psi^T           -f2 psi theta^T - f1 I          ]
  //       [ f2 theta psi^T + f1 I    f2 theta theta^T + g2 x* x*^T ],
  // so J^T v = [ f2 psi (theta.v_psi - psi.v_theta) + f1 v_psi ;
  //              f2 theta (theta.v_psi - psi.v_theta) - f1 v_theta + g2 x* (x*.v_psi) ].
  const Eigen::Index n = 64;
  const double gamma = 0.8;
  f_gan<Eigen::Dynamic> base = gan<Eigen::Dynamic>();
  base.data = test::random_vector(n, 41, 0.5);
  const consensus<f_gan<Eigen::Dynamic>> cons{.game = base, .gamma = gamma};
  const vec x = test::random_vector(2 * n, 43, 0.3);
  const vec theta = x.head(n), psi = x.tail(n), xs = base.data;
  const auto sigmoid = [](double t) { return 1 / (1 + std::exp(-t)); };
  const double a = psi.dot(theta), b = -psi.dot(xs);
  const double f1 = sigmoid(-a), f2 = -sigmoid(a) * sigmoid(-a), g1 = sigmoid(-b), g2 = -sigmoid(b) * sigmoid(-b);
  const vec vt = -f1 * psi, vp = f1 * theta - g1 * xs;
  const double cross = theta.dot(vp) - psi.dot(vt);
  vec jtv(2 * n);
  jtv << f2 * cross * psi + f1 * vp, f2 * cross * theta - f1 * vt + g2 * xs.dot(vp) * xs;
  vec v(2 * n);
  v << vt, vp;
  CHECK((cons(x) - (v - gamma * jtv)).cwiseAbs().maxCoeff() < 1e-13);
}

TEST_CASE("consensus: the forward-mode path at a small fixed size and reverse mode agree") {
  const f_gan<3> fixed{.objective = generator_objective::non_saturating, .penalty = {.r1 = 0.2},
                       .data = Eigen::Vector3d(0.1, -0.2, 0.3)};
  f_gan<Eigen::Dynamic> dynamic = nsgan<Eigen::Dynamic>();
  dynamic.penalty = fixed.penalty;
  dynamic.data = fixed.data;
  const consensus<f_gan<3>> forward{.game = fixed, .gamma = 0.6};
  const consensus<f_gan<Eigen::Dynamic>> backward{.game = dynamic, .gamma = 0.6};
  STATIC_REQUIRE(consensus<f_gan<3>>::state_size <= consensus<f_gan<3>>::forward_limit);
  const Eigen::Matrix<double, 6, 1> x = test::random_vector(6, 47);
  const vec xd = x;
  // In plain numbers the run-time-size field takes J^T v from two tangents; reverse mode here.
  const auto [v, jtv] = value_and_vjp(dynamic, xd, [](const auto& value) -> const auto& { return value; });
  CHECK((vec(forward(x)) - (v - 0.6 * jtv)).cwiseAbs().maxCoeff() < 1e-14);
  CHECK((vec(forward(x)) - backward(xd)).cwiseAbs().maxCoeff() < 1e-14);
  // Its Jacobian (dual numbers) differentiates the reverse-mode route.
  CHECK((Eigen::MatrixXd(jacobian(forward, x)) - jacobian(backward, xd)).cwiseAbs().maxCoeff() < 1e-13);
}

TEST_CASE("consensus at run-time size: J^T v from two forward-mode tangents equals reverse mode, every game") {
  // The f-GANs take w = (-grad_theta L_D, +grad_psi L_G) (games/f_gan.hpp), the zero-sum games w = v,
  // the others reverse mode itself (then the two sides are one computation).
  int by_tangents = 0;
  for (const std::string& name : test::all_game_names()) {
    if (name.find("-consensus") == std::string::npos) continue;
    for (int n : {1, 3, 64}) {
      INFO(name << ", n = " << n);
      const auto game = make_game(name, {.data = std::vector<double>(static_cast<std::size_t>(n), 0.3)}, n);
      const vec x = test::random_vector(2 * n, 61 + n, 0.5);
      std::visit(
          [&](const auto& g) {
            if constexpr (is_consensus<std::decay_t<decltype(g)>>) {
              const vec v = g.game(x);
              const auto [value, jtv] = value_and_vjp(g.game, x, v);  // (the first test's instantiation)
              const vec expected = v - g.gamma * jtv;
              vec in_place;
              g.evaluate(x, in_place);
              CHECK((g(x) - expected).cwiseAbs().maxCoeff() <= 1e-12 * (1 + expected.cwiseAbs().maxCoeff()));
              CHECK((in_place - g(x)).cwiseAbs().maxCoeff() == 0);
              by_tangents += requires(const state<dual<double, 2>, Eigen::Dynamic>& y, state<dual<double, 2>, Eigen::Dynamic>& w) {
                g.game.exchanged_field(y, w);
              };
            }
          },
          game);
    }
  }
  CHECK(by_tangents >= 3 * 8);  // gan, nsgan, nsgan-fm, hinge, lsgan and their -r1 / -noise variants
}
