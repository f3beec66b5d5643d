// The update rules (docs/rules.md): one iteration of each against the update written out by
// hand (in double, float and long double), altgd as a composition of one-player steps, Adam
// and RMSProp against PyTorch's equations, the update-rule concept, the projection applied once
// per update, the notes' Lemmas 2-3 on gan, and the distances of Mescheder et al.'s notebook.
#include "support.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

using namespace gandyn;
using namespace gandyn::registry;
using vec2 = Eigen::Vector2d;
using vec4 = Eigen::Vector4d;

namespace {

// A type that is not an update rule: it has parameters and memory but no step().
struct no_step {
  double discriminator_scale = 1;
  template <class State>
  using memory = scratch<State>;
  int evaluations() const { return 1; }
};

// Not a rule either: a step but no count of its field evaluations.
struct no_evaluations {
  template <class State>
  struct memory {};
  template <class G, class State>
  void step(const G&, State&, memory<State>&, double) const {}
};

// A rule with one step size: no discriminator_scale (its scale is 1).
struct one_step_size : no_evaluations {
  int evaluations() const { return 0; }
};

// The scalar bilinear game whose projection counts its calls (and changes nothing).
struct counted_projection : test::scalar_bilinear {
  long* calls;
  template <class V>
  bool project(V&) const {
    ++*calls;
    return false;
  }
};

// nsgan on R^1 in scalar S, written out from the notes (dirac-gan-convergence.zh.txt, through
// psi = -theta_D; docs/conventions.md, "Relation to dirac-gan-convergence.zh.txt").
template <class S>
Eigen::Matrix<S, 2, 1> nsgan_in(const Eigen::Matrix<S, 2, 1>& x) {
  using std::exp;
  const S d = x[0] * x[1];
  const S s = S(1) / (S(1) + exp(-d));       // sigmoid(psi theta)
  const S r = S(1) / (S(1) + exp(d));        // sigmoid(-psi theta)
  return {-s * x[1], r * x[0]};
}

}  // namespace

TEST_CASE("every rule satisfies the update_rule concept, and a type without step() does not") {
  STATIC_REQUIRE(update_rule<simgd>);
  STATIC_REQUIRE(update_rule<altgd>);
  STATIC_REQUIRE(update_rule<extragradient>);
  STATIC_REQUIRE(update_rule<optimistic>);
  STATIC_REQUIRE(update_rule<momentum>);
  STATIC_REQUIRE(update_rule<adam>);
  STATIC_REQUIRE(update_rule<rmsprop>);
  STATIC_REQUIRE_FALSE(update_rule<no_step>);
  STATIC_REQUIRE_FALSE(update_rule<no_evaluations>);
  STATIC_REQUIRE(update_rule<one_step_size>);
  CHECK(discriminator_scale_of(one_step_size{}) == 1);
  CHECK(discriminator_scale_of(simgd{.discriminator_scale = 3}) == 3);
  STATIC_REQUIRE_FALSE(update_rule<int>);
  STATIC_REQUIRE(update_rule_for<simgd, f_gan<2>, Eigen::Vector4d>);
  STATIC_REQUIRE(update_rule_for<altgd, f_gan<Eigen::Dynamic>, Eigen::VectorXd>);
}

TEST_CASE("the projection runs once per update: once per simgd step, n_g + n_d times per altgd block") {
  // docs/rules.md, "Projection": the rule owns it; the driver projects only the initial state.
  long calls = 0;
  const counted_projection g{{}, &calls};
  vec2 x(0.6, -0.8);
  SECTION("simgd: 7 steps, 7 + 1 calls") {
    auto stepper = make_stepper<vec2>(simgd{});
    iterate(stepper, g, x, 7, 0.1, test::keep_going);
    CHECK(calls == 8);
  }
  SECTION("altgd, n_g = 2, n_d = 3: 4 iterations, 4 * 5 + 1 calls") {
    auto stepper = make_stepper<vec2>(altgd{.order = {.ng = 2, .nd = 3}});
    iterate(stepper, g, x, 4, 0.1, test::keep_going);
    CHECK(calls == 21);
  }
  SECTION("extragradient: after the half step and after the step, 2 per iteration") {
    auto stepper = make_stepper<vec2>(extragradient{});
    iterate(stepper, g, x, 5, 0.1, test::keep_going);
    CHECK(calls == 11);
  }
  SECTION("optimistic and momentum: once per iteration") {
    auto a = make_stepper<vec2>(optimistic{});
    iterate(a, g, x, 6, 0.1, test::keep_going);
    CHECK(calls == 7);
    calls = 0;
    auto b = make_stepper<vec2>(momentum{});
    iterate(b, g, x, 6, 0.1, test::keep_going);
    CHECK(calls == 7);
  }
  SECTION("Odeint's RK4 through iterate: once per step, by the driver") {
    rk4<vec2> stepper;
    iterate(stepper, g, x, 9, 0.1, test::keep_going);
    CHECK(calls == 10);
  }
}

TEMPLATE_TEST_CASE("one simgd, altgd and extragradient step against the hand-written update, in each scalar type", "",
                   double, float, long double) {
  using S = TestType;
  using V = Eigen::Matrix<S, 2, 1>;
  const S eps = std::numeric_limits<S>::epsilon();
  const f_gan<1> g = nsgan<1>();
  const V x0(S(0.7), S(-1.2));
  const S h = S(0.125);  // exact in every type
  const V v0 = nsgan_in(x0);
  // The field in S first (docs/games.md, "nsgan"), then each rule's update (docs/rules.md).
  CHECK((g(x0) - v0).template lpNorm<Eigen::Infinity>() <= 32 * eps);
  const auto step = [&](const auto& rule) {
    V x = x0;
    auto stepper = make_stepper<V>(rule);
    iterate(stepper, g, x, 1, 0.125, test::keep_going);
    return x;
  };
  const V sim = x0 + h * v0;
  CHECK((step(simgd{}) - sim).template lpNorm<Eigen::Infinity>() <= 32 * eps);
  // simgd with h_D = 2 h_G
  const V sim2(x0[0] + h * v0[0], x0[1] + 2 * h * v0[1]);
  CHECK((step(simgd{.discriminator_scale = 2}) - sim2).template lpNorm<Eigen::Infinity>() <= 32 * eps);
  // altgd: the generator from x0, then the discriminator from the new state
  const V half(x0[0] + h * v0[0], x0[1]);
  const V alt(half[0], half[1] + h * nsgan_in(half)[1]);
  CHECK((step(altgd{}) - alt).template lpNorm<Eigen::Infinity>() <= 32 * eps);
  // extragradient: x + h v(x + h v(x))
  const V extra = x0 + h * nsgan_in<S>(x0 + h * v0);
  CHECK((step(extragradient{}) - extra).template lpNorm<Eigen::Infinity>() <= 32 * eps);
}

TEST_CASE("one step of each rule, worked out by hand on nsgan") {
  const f_gan<1> g = nsgan<1>();
  const vec2 x0(0.7, -1.2);
  const double h = 0.1, hd = 0.25;
  const vec2 v0 = test::nsgan_by_hand(x0);
  SECTION("simgd with h_D != h_G") {
    const vec2 x1 = test::run(simgd{.discriminator_scale = hd / h}, g, x0, 1, h);
    CHECK(x1[0] == Approx(x0[0] + h * v0[0]).epsilon(1e-14));
    CHECK(x1[1] == Approx(x0[1] + hd * v0[1]).epsilon(1e-14));
  }
  SECTION("altgd, generator first, then discriminator first") {
    const vec2 half(x0[0] + h * v0[0], x0[1]);
    const vec2 x1 = test::run(altgd{}, g, x0, 1, h);
    CHECK(x1[0] == Approx(half[0]).epsilon(1e-14));
    CHECK(x1[1] == Approx(half[1] + h * test::nsgan_by_hand(half)[1]).epsilon(1e-14));
    const vec2 other(x0[0], x0[1] + h * v0[1]);
    const vec2 y1 = test::run(altgd{.order = {.discriminator_first = true}}, g, x0, 1, h);
    CHECK(y1[1] == Approx(other[1]).epsilon(1e-14));
    CHECK(y1[0] == Approx(other[0] + h * test::nsgan_by_hand(other)[0]).epsilon(1e-14));
  }
  SECTION("extragradient") {
    const vec2 half = x0 + h * v0;
    const vec2 expected = x0 + h * test::nsgan_by_hand(half);
    CHECK((test::run(extragradient{}, g, x0, 1, h) - expected).norm() < 1e-15);
  }
  SECTION("optimistic: plain first, then 2 v_k - v_{k-1}") {
    const vec2 x1 = x0 + h * v0;
    const vec2 x2 = x1 + h * (2 * test::nsgan_by_hand(x1) - v0);
    CHECK((test::run(optimistic{}, g, x0, 2, h) - x2).norm() < 1e-15);
  }
  SECTION("momentum with negative beta") {
    const double beta = -0.4;
    const vec2 m1 = v0, x1 = x0 + h * m1;
    const vec2 m2 = beta * m1 + test::nsgan_by_hand(x1), x2 = x1 + h * m2;
    CHECK((test::run(momentum{.beta = beta}, g, x0, 2, h) - x2).norm() < 1e-15);
  }
}

TEST_CASE("altgd with n_g, n_d is the composition of single-player steps") {
  const auto game = make_game<2>("wgan-gp", {});
  const auto& g = std::get<f_gan<2, linear_loss>>(game);
  const vec4 x0(0.4, -0.3, 1.1, 0.2);
  const double h = 0.07;
  for (int ng : {1, 2, 3})
    for (int nd : {1, 5}) {
      vec4 x = x0;
      for (int k = 0; k < ng; ++k) x.head<2>() += h * g(x).head<2>();
      for (int k = 0; k < nd; ++k) x.tail<2>() += h * g(x).tail<2>();
      CHECK((test::run(altgd{.order = {.ng = ng, .nd = nd}}, g, x0, 1, h) - x).norm() < 1e-15);
    }
}

// f_gan's evaluate_block (core/game.hpp), which altgd uses: the block it writes is the whole
// field's block bit for bit, and the other block keeps what it held, for every f-GAN of the
// catalogue (objectives, penalties, instance noise, data away from 0), in doubles at fixed and
// run-time size and in dual numbers.
template <int N, class S>
void check_blocks_of(const std::string& name, const state<S, doubled(N)>& x) {
  const Eigen::Index n = x.size() / 2;
  std::vector<double> data{0.4, -0.3};
  data.resize(static_cast<std::size_t>(n));
  std::visit(
      [&](const auto& g) {
        using X = state<S, doubled(N)>;
        if constexpr (requires(X& out) { g.evaluate_block(x, out, player::generator); }) {
          const X v = g(x);
          for (const player p : {player::generator, player::discriminator}) {
            X block = X::Constant(x.size(), S(7.5));
            g.evaluate_block(x, block, p);
            const Eigen::Index mine = p == player::generator ? 0 : n, other = n - mine;
            for (Eigen::Index i = 0; i < n; ++i) {
              CHECK(primal(block[mine + i]) == primal(v[mine + i]));
              CHECK(primal(block[other + i]) == 7.5);
              if constexpr (!std::is_arithmetic_v<S>)
                for (int k = 0; k < 2; ++k) CHECK(block[mine + i].tangent[k] == v[mine + i].tangent[k]);
            }
          }
        } else {
          FAIL("no evaluate_block");
        }
      },
      make_game<N>(name, {.data = data}, n));
}

TEST_CASE("f_gan's evaluate_block writes one player's block of the field, the other untouched") {
  using D = dual<double, 2>;
  for (const std::string name : {"gan", "nsgan", "nsgan-fm", "wgan-gp", "wgan-div", "wgan-lp", "nsgan-r1", "gan-noise",
                                 "nsgan-noise", "nsgan-fm-noise", "hinge", "hinge-r1", "lsgan", "lsgan-r1", "wgan"}) {
    INFO(name);
    check_blocks_of<1, double>(name, Eigen::Vector2d(0.7, -1.2));
    check_blocks_of<2, double>(name, Eigen::Vector4d(0.7, -1.2, 0.5, 0.9));
    check_blocks_of<Eigen::Dynamic, double>(name, Eigen::VectorXd(Eigen::Vector4d(0.7, -1.2, 0.5, 0.9)));
    check_blocks_of<1, D>(name, Eigen::Matrix<D, 2, 1>(D::seeded(0.7, 0), D::seeded(-1.2, 1)));
  }
}

TEST_CASE("Adam and RMSProp follow PyTorch's update equations for three steps") {
  // Written out per player and per coordinate, loss gradient g = -v (torch.optim docs).
  const f_gan<1> g = nsgan<1>();
  const vec2 x0(0.7, -1.2);
  const double lr = 0.05;
  for (bool alternating : {false, true}) {
    INFO("alternating: " << alternating);
    SECTION("adam") {
      const double b1 = 0.5, b2 = 0.9, eps = 1e-8;
      vec2 x = x0, m = vec2::Zero(), s = vec2::Zero();
      for (int t = 1; t <= 3; ++t) {
        for (int p = 0; p < 2; ++p) {
          if (p == 1 && !alternating) break;
          const vec2 grad = -test::nsgan_by_hand(x);
          const int first = alternating ? p : 0, last = alternating ? p : 1;
          for (int i = first; i <= last; ++i) {
            m[i] = b1 * m[i] + (1 - b1) * grad[i];
            s[i] = b2 * s[i] + (1 - b2) * grad[i] * grad[i];
            const double mhat = m[i] / (1 - std::pow(b1, t)), shat = s[i] / (1 - std::pow(b2, t));
            x[i] -= lr * mhat / (std::sqrt(shat) + eps);
          }
        }
      }
      const vec2 ours = test::run(adam{.beta1 = b1, .beta2 = b2, .eps = eps, .alternate = alternating ? std::optional<alternation>(alternation{}) : std::nullopt}, g, x0, 3, lr);
      CHECK((ours - x).norm() < 1e-14);
    }
    SECTION("rmsprop") {
      const double alpha = 0.9, eps = 1e-8;
      vec2 x = x0, s = vec2::Zero();
      for (int t = 1; t <= 3; ++t) {
        for (int p = 0; p < 2; ++p) {
          if (p == 1 && !alternating) break;
          const vec2 grad = -test::nsgan_by_hand(x);
          const int first = alternating ? p : 0, last = alternating ? p : 1;
          for (int i = first; i <= last; ++i) {
            s[i] = alpha * s[i] + (1 - alpha) * grad[i] * grad[i];
            x[i] -= lr * grad[i] / (std::sqrt(s[i]) + eps);
          }
        }
      }
      const vec2 ours = test::run(rmsprop{.alpha = alpha, .eps = eps, .alternate = alternating ? std::optional<alternation>(alternation{}) : std::nullopt}, g, x0, 3, lr);
      CHECK((ours - x).norm() < 1e-14);
    }
  }
}

TEST_CASE("simgd on the scalar bilinear game grows exactly as (1 + h^2)^(k/2)") {
  const double h = 0.1;
  const vec2 x0(0.6, -0.8);
  std::vector<double> norms;
  auto stepper = make_stepper<vec2>(simgd{});
  vec2 x = x0;
  iterate(stepper, test::scalar_bilinear{}, x, 50, h, [&](const vec2& y, long, double) {
    norms.push_back(y.norm());
    return true;
  });
  for (std::size_t k = 0; k < norms.size(); ++k)
    CHECK(norms[k] == Approx(std::pow(1 + h * h, k / 2.0) * x0.norm()).epsilon(1e-13));
}

TEST_CASE("on gan, simgd moves away from the equilibrium and altgd stays bounded (Lemmas 2-3)") {
  const vec2 x0(0.1, 0.1);
  std::vector<double> sim, alt;
  for (int k : {100, 200, 400}) {
    sim.push_back(test::run(simgd{}, gan<1>(), x0, k, 0.1).norm());
    alt.push_back(test::run(altgd{}, gan<1>(), x0, k, 0.1).norm());
  }
  CHECK(sim[0] > x0.norm());
  CHECK(sim[2] > sim[1]);
  CHECK(sim[1] > sim[0]);
  for (double r : alt) CHECK(r < 2 * x0.norm());
}

TEST_CASE("Mescheder's notebook configuration gives the authors' published distances") {
  // h = 0.2, 500 iterations from theta = psi = 1; simgd / altgd n_d = 1 / altgd n_d = 5.
  struct row {
    std::string name;
    double sim, alt1, alt5;
  };
  for (const row& r : {row{"gan", 3.10, 1.42, 1.85}, row{"nsgan", 0.64, 0.28, 0.14}, row{"wgan", 1.00, 1.02, 0.92},
                       row{"wgan-gp", 1.80, 1.22, 0.72}}) {
    INFO(r.name);
    const auto game = make_game<1>(r.name, {});
    std::visit(
        [&](const auto& g) {
          const vec2 x0(1, 1);
          CHECK(test::run(simgd{}, g, x0, 500, 0.2).norm() == Approx(r.sim).margin(0.005));
          CHECK(test::run(altgd{}, g, x0, 500, 0.2).norm() == Approx(r.alt1).margin(0.005));
          CHECK(test::run(altgd{.order = {.nd = 5}}, g, x0, 500, 0.2).norm() == Approx(r.alt5).margin(0.005));
        },
        game);
  }
  const auto r1 = std::get<f_gan<1>>(make_game<1>("nsgan-r1", {}));
  CHECK(test::run(simgd{}, r1, vec2(1, 1), 500, 0.2).norm() < 1e-4);
}

TEST_CASE("WGAN clipping is applied to the initial state and after every update") {
  const auto g = std::get<f_gan<1, linear_loss>>(make_game<1>("wgan", {.clip = 0.5}));
  vec2 x(1.0, 3.0);
  auto stepper = make_stepper<vec2>(simgd{});
  iterate(stepper, g, x, 20, 0.3, [&](const vec2& y, long, double) {
    CHECK(std::abs(y[1]) <= 0.5);
    return true;
  });
}
