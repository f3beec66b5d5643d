// Update rules, Odeint integration, observers and the behaviour classifier, against
// hand-worked steps, closed-form solutions, conserved quantities, the notes' lemmas and
// the distances Mescheder et al.'s published Dirac-GAN code gives.
#include "support.hpp"

#include <boost/numeric/odeint.hpp>
#include <boost/numeric/odeint/external/eigen/eigen.hpp>
#include <catch2/catch.hpp>

#include <cmath>

using namespace gandyn;
using namespace gandyn::registry;
using vec2 = Eigen::Vector2d;
using vec4 = Eigen::Vector4d;
namespace odeint = boost::numeric::odeint;

namespace {

double sigmoid_d(double t) { return 1 / (1 + std::exp(-t)); }

// nsgan in one dimension, data at 0, written out by hand (SPEC 2):
// v_theta = -sigmoid(psi theta) psi, v_psi = sigmoid(-psi theta) theta.
vec2 nsgan_by_hand(const vec2& x) {
  const double d = x[0] * x[1];
  return {-sigmoid_d(d) * x[1], sigmoid_d(-d) * x[0]};
}

template <class Rule, class G, class State>
State run(const Rule& rule, const G& g, State x, long steps, double h) {
  auto stepper = make_stepper<State>(rule);
  iterate(stepper, g, x, steps, h, [](const auto&, long, double) { return true; });
  return x;
}

const auto keep_going = [](const auto&, long, double) { return true; };

// The scalar bilinear game L = theta psi: v = (-psi, theta).
struct scalar_bilinear {
  static constexpr int state_size = 2;
  Eigen::Index generator_dim() const { return 1; }
  Eigen::Index discriminator_dim() const { return 1; }
  template <class S>
  state<S, 2> operator()(const state<S, 2>& x) const {
    return {-x[1], x[0]};
  }
};

}  // namespace

TEST_CASE("one step of each rule, worked out by hand on nsgan") {
  const f_gan<1> g = nsgan<1>();
  const vec2 x0(0.7, -1.2);
  const double h = 0.1, hd = 0.25;
  const vec2 v0 = nsgan_by_hand(x0);
  SECTION("simgd with h_D != h_G") {
    const vec2 x1 = run(simgd{.discriminator_scale = hd / h}, g, x0, 1, h);
    CHECK(x1[0] == Approx(x0[0] + h * v0[0]).epsilon(1e-14));
    CHECK(x1[1] == Approx(x0[1] + hd * v0[1]).epsilon(1e-14));
  }
  SECTION("altgd, generator first, then discriminator first") {
    const vec2 half(x0[0] + h * v0[0], x0[1]);
    const vec2 x1 = run(altgd{}, g, x0, 1, h);
    CHECK(x1[0] == Approx(half[0]).epsilon(1e-14));
    CHECK(x1[1] == Approx(half[1] + h * nsgan_by_hand(half)[1]).epsilon(1e-14));
    const vec2 other(x0[0], x0[1] + h * v0[1]);
    const vec2 y1 = run(altgd{.order = {.discriminator_first = true}}, g, x0, 1, h);
    CHECK(y1[1] == Approx(other[1]).epsilon(1e-14));
    CHECK(y1[0] == Approx(other[0] + h * nsgan_by_hand(other)[0]).epsilon(1e-14));
  }
  SECTION("extragradient") {
    const vec2 half = x0 + h * v0;
    const vec2 expected = x0 + h * nsgan_by_hand(half);
    CHECK((run(extragradient{}, g, x0, 1, h) - expected).norm() < 1e-15);
  }
  SECTION("optimistic: plain first, then 2 v_k - v_{k-1}") {
    const vec2 x1 = x0 + h * v0;
    const vec2 x2 = x1 + h * (2 * nsgan_by_hand(x1) - v0);
    CHECK((run(optimistic{}, g, x0, 2, h) - x2).norm() < 1e-15);
  }
  SECTION("momentum with negative beta") {
    const double beta = -0.4;
    const vec2 m1 = v0, x1 = x0 + h * m1;
    const vec2 m2 = beta * m1 + nsgan_by_hand(x1), x2 = x1 + h * m2;
    CHECK((run(momentum{.beta = beta}, g, x0, 2, h) - x2).norm() < 1e-15);
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
      CHECK((run(altgd{.order = {.ng = ng, .nd = nd}}, g, x0, 1, h) - x).norm() < 1e-15);
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
          const vec2 grad = -nsgan_by_hand(x);
          const int first = alternating ? p : 0, last = alternating ? p : 1;
          for (int i = first; i <= last; ++i) {
            m[i] = b1 * m[i] + (1 - b1) * grad[i];
            s[i] = b2 * s[i] + (1 - b2) * grad[i] * grad[i];
            const double mhat = m[i] / (1 - std::pow(b1, t)), shat = s[i] / (1 - std::pow(b2, t));
            x[i] -= lr * mhat / (std::sqrt(shat) + eps);
          }
        }
      }
      const vec2 ours = run(adam{.beta1 = b1, .beta2 = b2, .eps = eps, .alternate = alternating ? std::optional<alternation>(alternation{}) : std::nullopt}, g, x0, 3, lr);
      CHECK((ours - x).norm() < 1e-14);
    }
    SECTION("rmsprop") {
      const double alpha = 0.9, eps = 1e-8;
      vec2 x = x0, s = vec2::Zero();
      for (int t = 1; t <= 3; ++t) {
        for (int p = 0; p < 2; ++p) {
          if (p == 1 && !alternating) break;
          const vec2 grad = -nsgan_by_hand(x);
          const int first = alternating ? p : 0, last = alternating ? p : 1;
          for (int i = first; i <= last; ++i) {
            s[i] = alpha * s[i] + (1 - alpha) * grad[i] * grad[i];
            x[i] -= lr * grad[i] / (std::sqrt(s[i]) + eps);
          }
        }
      }
      const vec2 ours = run(rmsprop{.alpha = alpha, .eps = eps, .alternate = alternating ? std::optional<alternation>(alternation{}) : std::nullopt}, g, x0, 3, lr);
      CHECK((ours - x).norm() < 1e-14);
    }
  }
}

TEST_CASE("RK4 and Dopri5 reproduce the linear WGAN flow, a rotation, at their order") {
  // v = (-psi, theta - x*) with x* = 0 and no clipping: theta(t) = theta0 cos t - psi0 sin t.
  const f_gan<1, linear_loss> g{};
  const vec2 x0(1.0, 0.5);
  const double t_end = 10;
  const auto exact = [&](double t) {
    return vec2(x0[0] * std::cos(t) - x0[1] * std::sin(t), x0[1] * std::cos(t) + x0[0] * std::sin(t));
  };
  const auto rk4_error = [&](double h) {
    odeint::runge_kutta4<vec2, double, vec2, double, odeint::vector_space_algebra> rk4;
    vec2 x = x0;
    iterate(rk4, g, x, std::lround(t_end / h), h, keep_going);
    return (x - exact(t_end)).norm();
  };
  const double e1 = rk4_error(0.1), e2 = rk4_error(0.05);
  INFO("RK4 errors " << e1 << ", " << e2);
  CHECK(e1 / e2 == Approx(16).epsilon(0.05));  // fourth order

  vec2 x = x0;
  std::vector<double> times{2.5, 5.0, 10.0};
  std::vector<double> errors;
  integrate_dopri5(g, x, times, {.rtol = 1e-10, .atol = 1e-10}, [&](const vec2& y, long row, double t) {
    if (row > 0) {
      CHECK(t == times[row - 1]);
      errors.push_back((y - exact(t)).norm());
    }
    return true;
  });
  REQUIRE(errors.size() == 3);
  CHECK(errors.back() < 1e-8);
}

TEST_CASE("simgd on the scalar bilinear game grows exactly as (1 + h^2)^(k/2)") {
  const double h = 0.1;
  const vec2 x0(0.6, -0.8);
  std::vector<double> norms;
  auto stepper = make_stepper<vec2>(simgd{});
  vec2 x = x0;
  iterate(stepper, scalar_bilinear{}, x, 50, h, [&](const vec2& y, long, double) {
    norms.push_back(y.norm());
    return true;
  });
  for (std::size_t k = 0; k < norms.size(); ++k)
    CHECK(norms[k] == Approx(std::pow(1 + h * h, k / 2.0) * x0.norm()).epsilon(1e-13));
}

TEST_CASE("conserved and dissipated quantities along the flow") {
  odeint::runge_kutta4<vec4, double, vec4, double, odeint::vector_space_algebra> rk4;
  const vec4 x0(1.0, 0.5, 0.3, -0.8);
  SECTION("gan keeps theta^2 + psi^2 (Lemma 1)") {
    vec4 x = x0;
    track<vec4> radius{[](const vec4& y) { return y.squaredNorm(); }};
    iterate(rk4, gan<2>(), x, 2000, 0.01, radius);
    const auto [lo, hi] = std::minmax_element(radius.values.begin(), radius.values.end());
    CHECK(*hi - *lo < 1e-9);
    CHECK(radius.values.front() == Approx(x0.squaredNorm()));
  }
  SECTION("nsgan: d||x||^2/dt = -2 d tanh(d/2), d = psi.theta") {
    const f_gan<2> g = nsgan<2>();
    vec4 x = x0;
    iterate(rk4, g, x, 300, 0.01, [&](const vec4& y, long, double) {
      const double d = y.head<2>().dot(y.tail<2>());
      CHECK(2 * y.dot(g(y)) == Approx(-2 * d * std::tanh(d / 2)).margin(1e-15));
      return true;
    });
  }
}

TEST_CASE("the behaviours of SPEC 4 in two dimensions from theta = (1, 0.5), psi = (0.3, -0.8)") {
  const vec4 start(1.0, 0.5, 0.3, -0.8), zero = vec4::Zero();
  const auto flow = [&](const std::string& name, gandyn::registry::game_parameters p, double t_end) {
    const auto game = make_game<2>(name, p);
    return std::visit(
        [&](const auto& g) {
          odeint::runge_kutta4<vec4, double, vec4, double, odeint::vector_space_algebra> rk4;
          vec4 x = start;
          record_every<vec4> record{.every = 10};
          iterate(rk4, g, x, std::lround(t_end / 0.01), 0.01, record);
          return std::pair{classify(record.states, zero), x};
        },
        game);
  };
  SECTION("nsgan and wgan-norm oscillate without decaying") {
    for (std::string name : {"nsgan", "wgan-norm"}) {
      const auto [b, x] = flow(name, {}, 200);
      INFO(name << ": " << to_string(b.kind) << " radius " << b.radius_min << ".." << b.radius_max);
      CHECK((b.kind == behaviour_kind::circle || b.kind == behaviour_kind::oscillating));
      CHECK(b.radius_min > 0.5);
    }
    // nsgan's orbit has theta orthogonal to psi
    const auto [b, x] = flow("nsgan", {}, 200);
    CHECK(std::abs(x.head<2>().dot(x.tail<2>())) < 1e-3);
  }
  SECTION("wgan-gp with c = 1 ends on the circle ||psi|| = 1") {
    const auto [b, x] = flow("wgan-gp", {}, 200);
    CHECK(x.tail<2>().norm() == Approx(1).epsilon(1e-6));
    CHECK(b.kind == behaviour_kind::circle);
  }
  SECTION("wgan-div (c = 0) and L2 weight decay converge to the equilibrium") {
    for (std::string name : {"wgan-div", "nsgan-r1", "gan-r1"}) {
      const auto [b, x] = flow(name, {}, 200);
      INFO(name);
      CHECK(b.kind == behaviour_kind::converged);
      CHECK(x.norm() < 1e-4);
    }
  }
}

TEST_CASE("weight averaging finds the centre of gan's oscillation under altgd") {
  // dirac-gan-convergence.zh.txt: the orbit's centre is the equilibrium; EMA decay 0.999.
  const vec4 start(1.0, 0.5, 0.3, -0.8);
  vec4 x = start;
  auto stepper = make_stepper<vec4>(altgd{});
  moving_average<vec4> ema{.beta = 0.999};
  record_every<vec4> record{.every = 1};
  iterate(stepper, gan<2>(), x, 5000, 0.2, observe_all(record, ema));
  const behaviour b = classify(record.states, vec4(vec4::Zero()));
  CHECK(b.radius_min > 0.5 * start.norm());  // the iterates keep oscillating
  CHECK(ema.average.norm() < 0.05 * b.radius_min);
}

TEST_CASE("on gan, simgd moves away from the equilibrium and altgd stays bounded (Lemmas 2-3)") {
  const vec2 x0(0.1, 0.1);
  std::vector<double> sim, alt;
  for (int k : {100, 200, 400}) {
    sim.push_back(run(simgd{}, gan<1>(), x0, k, 0.1).norm());
    alt.push_back(run(altgd{}, gan<1>(), x0, k, 0.1).norm());
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
          CHECK(run(simgd{}, g, x0, 500, 0.2).norm() == Approx(r.sim).margin(0.005));
          CHECK(run(altgd{}, g, x0, 500, 0.2).norm() == Approx(r.alt1).margin(0.005));
          CHECK(run(altgd{.order = {.nd = 5}}, g, x0, 500, 0.2).norm() == Approx(r.alt5).margin(0.005));
        },
        game);
  }
  const auto r1 = std::get<f_gan<1>>(make_game<1>("nsgan-r1", {}));
  CHECK(run(simgd{}, r1, vec2(1, 1), 500, 0.2).norm() < 1e-4);
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

TEST_CASE("the stop observers report how a run ended") {
  auto stepper = make_stepper<vec2>(simgd{});
  SECTION("divergence at the step the bound is crossed") {
    vec2 x(0.6, -0.8);
    stop_on_divergence divergence{.bound = 2.0};
    const auto end = iterate(stepper, scalar_bilinear{}, x, 1000, 0.1, divergence);
    const run_result r = outcome<vec2>(end, &divergence, nullptr);
    CHECK(r.status == run_status::diverged);
    // ||x_k|| = (1.01)^(k/2) crosses 2 at k = ceil(2 log 2 / log 1.01) = 140
    CHECK(r.step == 140);
  }
  SECTION("convergence at the first iterate within tol") {
    vec2 x(0.5, 0.5);
    stop_on_convergence<vec2> convergence{.target = vec2::Zero(), .tol = 1e-3};
    const f_gan<1> g{.penalty = {.r1 = 1.0}};
    const auto end = iterate(stepper, g, x, 100000, 0.1, convergence);
    const run_result r = outcome(end, nullptr, &convergence);
    CHECK(r.status == run_status::converged);
    CHECK(x.norm() <= 1e-3);
    vec2 y(0.5, 0.5);
    auto again = make_stepper<vec2>(simgd{});
    iterate(again, g, y, r.step - 1, 0.1, keep_going);
    CHECK(y.norm() > 1e-3);
  }
}

TEST_CASE("rules are Odeint steppers: integrate_n_steps runs them and keeps their state through std::ref") {
  const f_gan<1> g = nsgan<1>();
  const vec2 x0(0.7, -1.2);
  const vec2 expected = run(optimistic{}, g, x0, 25, 0.1);
  auto stepper = make_stepper<vec2>(optimistic{});
  vec2 x = x0;
  odeint::integrate_n_steps(std::ref(stepper), ode_system(g), x, 0.0, 0.1, 25);
  CHECK((x - expected).norm() < 1e-15);
}
