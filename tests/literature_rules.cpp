// The rules from the literature (docs/rules.md, "Rules from the literature"): sga, cgd, lcgd,
// hgd, la, past_extragradient, lookahead and optimistic_adam.
//   * each against its paper's update written out here, in the paper's own convention (the
//     players' gradient xi = -v and its Jacobian -J), on a test-local polynomial game whose
//     Jacobian is derived by hand, a few steps in 1-D and 2-D, at fixed and run-time size;
//   * the exact step Jacobian (nested dual numbers through the rule) against finite differences;
//   * the linearisations at the gan equilibrium against their closed forms, and the largest
//     stable step where it has one;
//   * CGD's Figure 2 (Schafer & Anandkumar 2019) on L = alpha x y;
//   * the field evaluations per iteration, counted by a game that counts its calls;
//   * each rule as an Odeint stepper.
#include "support.hpp"

#include <boost/numeric/odeint.hpp>
#include <boost/numeric/odeint/external/eigen/eigen.hpp>
#include <catch2/catch.hpp>
#include <Eigen/Dense>

#include <cmath>
#include <complex>
#include <functional>
#include <type_traits>

using namespace gandyn;
using cd = std::complex<double>;
using vec = Eigen::VectorXd;
using mat = Eigen::MatrixXd;
namespace odeint = boost::numeric::odeint;

namespace {

// A general-sum polynomial game on theta, psi in R^N (a test-local field):
//   v_theta = -B psi - c1 theta^3,   v_psi = C theta - c2 psi + c3 psi^2   (powers elementwise),
// with the Jacobian by hand:
//   J = [ -3 c1 diag(theta^2)   -B                        ]
//       [  C                    -c2 I + 2 c3 diag(psi)    ].
template <int N>
struct polynomial_game {
  static constexpr int state_size = 2 * N;
  Eigen::Matrix<double, N, N> b, c;
  double c1 = 0.3, c2 = 0.2, c3 = 0.15;

  Eigen::Index generator_dim() const { return N; }
  Eigen::Index discriminator_dim() const { return N; }

  template <class S>
  state<S, 2 * N> operator()(const state<S, 2 * N>& x) const {
    state<S, 2 * N> v;
    for (int i = 0; i < N; ++i) {
      S gen = -S(c1) * x[i] * x[i] * x[i], dis = -S(c2) * x[N + i] + S(c3) * x[N + i] * x[N + i];
      for (int j = 0; j < N; ++j) {
        gen -= S(b(i, j)) * x[N + j];
        dis += S(c(i, j)) * x[j];
      }
      v[i] = gen;
      v[N + i] = dis;
    }
    return v;
  }

  mat jacobian_by_hand(const vec& x) const {
    mat j = mat::Zero(2 * N, 2 * N);
    for (int i = 0; i < N; ++i) {
      j(i, i) = -3 * c1 * x[i] * x[i];
      j(N + i, N + i) = -c2 + 2 * c3 * x[N + i];
    }
    j.topRightCorner(N, N) = -b;
    j.bottomLeftCorner(N, N) = c;
    return j;
  }
};

polynomial_game<1> game_1d() { return {.b = Eigen::Matrix<double, 1, 1>(1.0), .c = Eigen::Matrix<double, 1, 1>(1.5)}; }
polynomial_game<2> game_2d() {
  return {.b = (Eigen::Matrix2d() << 1.0, 0.4, -0.3, 0.8).finished(),
          .c = (Eigen::Matrix2d() << 1.2, -0.5, 0.2, 0.9).finished()};
}

// The same game at run-time size (no state_size: Eigen::Dynamic).
template <class G>
struct at_runtime_size {
  G game;
  Eigen::Index generator_dim() const { return game.generator_dim(); }
  Eigen::Index discriminator_dim() const { return game.discriminator_dim(); }
  template <class S>
  state<S, Eigen::Dynamic> operator()(const state<S, Eigen::Dynamic>& x) const {
    return game(state<S, G::state_size>(x));
  }
};

// ---------------------------------------------------------------------------------------------
// The papers' updates, by hand, in each paper's convention: xi = -v (the gradient of the
// players' losses) and H = dxi/dx = -J (Balduzzi et al. 2018, Letcher et al. 2019); for CGD
// Schafer & Anandkumar's f = L_1 (theta minimises), g = L_2 (psi minimises), so that
// grad_x f = xi_theta, grad_y g = xi_psi, D_xy f = H_theta,psi, D_yx g = H_psi,theta.

struct by_hand_context {
  vec xi;
  mat hess;  // H = dxi/dx
  Eigen::Index n;
};

template <class G>
by_hand_context context(const G& g, const vec& x) {
  const vec v = g(Eigen::Matrix<double, G::state_size, 1>(x));
  return {-v, -g.jacobian_by_hand(x), g.generator_dim()};
}

// SGA (Balduzzi et al. 2018, Algorithm 1; alignment: Letcher et al. 2019, Algorithm 1):
// x -= h (xi + lam A^T xi), A = (H - H^T)/2, lam = lambda sign(<xi, grad H><A^T xi, grad H>/d + 1/10).
template <class G>
vec sga_by_hand(const G& g, const vec& x, double h, double lambda, bool align) {
  const auto [xi, hess, n] = context(g, x);
  const mat a = (hess - hess.transpose()) / 2;
  const vec at_xi = a.transpose() * xi;
  const vec grad_hamiltonian = hess.transpose() * xi;
  double lam = lambda;
  if (align) {
    const double q = xi.dot(grad_hamiltonian) * at_xi.dot(grad_hamiltonian) / static_cast<double>(x.size()) + 0.1;
    lam *= q > 0 ? 1 : -1;
  }
  return x - h * (xi + lam * at_xi);
}

// CGD (Schafer & Anandkumar 2019, eq. 4):
//   dx = -h (I - h^2 D_xy f D_yx g)^{-1} (grad_x f - h D_xy f grad_y g), dy likewise.
template <class G>
vec cgd_by_hand(const G& g, const vec& x, double h) {
  const auto [xi, hess, n] = context(g, x);
  const mat dxy_f = hess.topRightCorner(n, n), dyx_g = hess.bottomLeftCorner(n, n);
  const vec fx = xi.head(n), gy = xi.tail(n);
  const mat id = mat::Identity(n, n);
  vec out = x;
  out.head(n) -= h * (id - h * h * dxy_f * dyx_g).inverse() * (fx - h * dxy_f * gy);
  out.tail(n) -= h * (id - h * h * dyx_g * dxy_f).inverse() * (gy - h * dyx_g * fx);
  return out;
}

// LCGD (Schafer & Anandkumar 2019, eq. 5): dx = -h (grad_x f - h D_xy f grad_y g), dy likewise.
template <class G>
vec lcgd_by_hand(const G& g, const vec& x, double h) {
  const auto [xi, hess, n] = context(g, x);
  const mat dxy_f = hess.topRightCorner(n, n), dyx_g = hess.bottomLeftCorner(n, n);
  vec out = x;
  out.head(n) -= h * (xi.head(n) - h * dxy_f * xi.tail(n));
  out.tail(n) -= h * (xi.tail(n) - h * dyx_g * xi.head(n));
  return out;
}

// HGD (Balduzzi et al. 2018, section 3.2): x -= h grad(||xi||^2 / 2) = h H^T xi.
template <class G>
vec hgd_by_hand(const G& g, const vec& x, double h) {
  const auto [xi, hess, n] = context(g, x);
  return x - h * hess.transpose() * xi;
}

// LA (Letcher et al. 2019, section 3): x -= h (I - alpha H_o) xi, H_o the off-diagonal blocks of H.
template <class G>
vec la_by_hand(const G& g, const vec& x, double h, double alpha) {
  auto [xi, hess, n] = context(g, x);
  hess.topLeftCorner(n, n).setZero();
  hess.bottomRightCorner(n, n).setZero();
  return x - h * (xi - alpha * hess * xi);
}

// Field of a polynomial game on a vec.
template <class G>
vec field_of(const G& g, const vec& x) {
  return g(Eigen::Matrix<double, G::state_size, 1>(x));
}

// A run of `steps` iterations of `rule` from x0 at a fixed and at run-time size, against the
// same number of `by_hand` steps.
template <class Rule, class G, class ByHand>
void check_against_paper(const Rule& rule, const G& g, const vec& x0, double h, int steps, ByHand by_hand,
                         double tolerance = 1e-13) {
  using fixed = Eigen::Matrix<double, G::state_size, 1>;
  vec expected = x0;
  for (int k = 0; k < steps; ++k) expected = by_hand(expected);
  const vec at_fixed = test::run(rule, g, fixed(x0), steps, h);
  const vec at_runtime = test::run(rule, at_runtime_size<G>{g}, x0, steps, h);
  INFO("expected " << expected.transpose() << ", fixed " << at_fixed.transpose() << ", run-time "
                   << at_runtime.transpose());
  CHECK((at_fixed - expected).cwiseAbs().maxCoeff() < tolerance);
  CHECK((at_runtime - expected).cwiseAbs().maxCoeff() < tolerance);
}

const vec start_1d = (vec(2) << 0.7, -0.4).finished();
const vec start_2d = (vec(4) << 0.6, -0.3, 0.5, 0.8).finished();

}  // namespace

TEST_CASE("every rule from the literature is an update rule; optimistic_adam is not analysed", "[literature]") {
  STATIC_REQUIRE(update_rule<sga>);
  STATIC_REQUIRE(update_rule<cgd>);
  STATIC_REQUIRE(update_rule<lcgd>);
  STATIC_REQUIRE(update_rule<hgd>);
  STATIC_REQUIRE(update_rule<la>);
  STATIC_REQUIRE(update_rule<past_extragradient>);
  STATIC_REQUIRE(update_rule<lookahead<simgd>>);
  STATIC_REQUIRE(update_rule<lookahead<cgd>>);
  STATIC_REQUIRE(update_rule<optimistic_adam>);
  STATIC_REQUIRE(analysable_rule<lookahead<optimistic>>);
  STATIC_REQUIRE_FALSE(analysable_rule<optimistic_adam>);
  STATIC_REQUIRE_FALSE(analysable_rule<lookahead<adam>>);
  // the augmented state: past_extragradient as optimistic, lookahead as its base
  STATIC_REQUIRE(augmented_rule<past_extragradient, Eigen::Vector2d>);
  STATIC_REQUIRE(augmented_rule<lookahead<momentum>, Eigen::VectorXd>);
  STATIC_REQUIRE_FALSE(augmented_rule<lookahead<simgd>, Eigen::Vector2d>);
  // one step size: no discriminator_scale, scale 1; lookahead has its base's
  CHECK(discriminator_scale_of(cgd{}) == 1);
  CHECK(discriminator_scale_of(lookahead<simgd>{.base = {.discriminator_scale = 2}}) == 2);
}

TEST_CASE("sga, cgd, lcgd, hgd and la follow their papers' updates in 1-D and 2-D", "[literature]") {
  const auto both = [&](const auto& rule, double h, auto by_hand, const char* name) {
    INFO(name);
    check_against_paper(rule, game_1d(), start_1d, h, 4, [&](const vec& x) { return by_hand(game_1d(), x); });
    check_against_paper(rule, game_2d(), start_2d, h, 4, [&](const vec& x) { return by_hand(game_2d(), x); });
  };
  const double h = 0.15;
  both(sga{}, h, [&](const auto& g, const vec& x) { return sga_by_hand(g, x, h, 1, true); }, "sga");
  both(sga{.lambda = 0.7, .align = false}, h, [&](const auto& g, const vec& x) { return sga_by_hand(g, x, h, 0.7, false); },
       "sga without alignment");
  both(cgd{}, h, [&](const auto& g, const vec& x) { return cgd_by_hand(g, x, h); }, "cgd");
  both(lcgd{}, h, [&](const auto& g, const vec& x) { return lcgd_by_hand(g, x, h); }, "lcgd");
  both(hgd{}, h, [&](const auto& g, const vec& x) { return hgd_by_hand(g, x, h); }, "hgd");
  both(la{.alpha = 0.4}, h, [&](const auto& g, const vec& x) { return la_by_hand(g, x, h, 0.4); }, "la");
  both(la{}, h, [&](const auto& g, const vec& x) { return la_by_hand(g, x, h, h); }, "la, alpha = h");
  both(la{}, h, [&](const auto& g, const vec& x) { return lcgd_by_hand(g, x, h); }, "la with alpha = h is lcgd");
}

TEST_CASE("sga's alignment flips the adjustment where the paper's criterion is negative", "[literature]") {
  // Points of the 2-D game where <xi, grad H><A^T xi, grad H>/d + 1/10 is negative and where it
  // is positive: the rule follows the paper's update at both kinds.
  const auto g = game_2d();
  int positive = 0, negative = 0;
  for (unsigned seed = 1; seed <= 3000 && (positive < 5 || negative < 5); ++seed) {
    const vec x = test::random_vector(4, seed, 3.0);
    const auto [xi, hess, n] = context(g, x);
    const vec grad_hamiltonian = hess.transpose() * xi;
    const vec at_xi = ((hess - hess.transpose()) / 2).transpose() * xi;
    int& kind = xi.dot(grad_hamiltonian) * at_xi.dot(grad_hamiltonian) / 4 + 0.1 > 0 ? positive : negative;
    if (kind >= 5) continue;
    ++kind;
    const vec next = test::run(sga{}, g, Eigen::Vector4d(x), 1, 0.05);
    CHECK((next - sga_by_hand(g, x, 0.05, 1, true)).cwiseAbs().maxCoeff() < 1e-13);
  }
  INFO("positive " << positive << ", negative " << negative);
  CHECK(positive == 5);
  CHECK(negative == 5);
}

TEST_CASE("past_extragradient is extrapolation from the past (Gidel et al. 2019, eq. 18)", "[literature]") {
  // w'_t = w_t - h F(w'_{t-1}), w_{t+1} = w_t - h F(w'_t), F = xi = -v, w'_{-1} = w_0.
  const auto check = [](const auto& g, const vec& x0) {
    const double h = 0.2;
    vec w = x0, half_previous = x0;
    for (int steps = 1; steps <= 4; ++steps) {
      const vec half = w + h * field_of(g, half_previous);
      w += h * field_of(g, half);  // in place, as at optimistic_adam below (GCC 12 -O3 false use-after-free)
      half_previous = half;
      using fixed = Eigen::Matrix<double, std::decay_t<decltype(g)>::state_size, 1>;
      CHECK((test::run(past_extragradient{}, g, fixed(x0), steps, h) - w).cwiseAbs().maxCoeff() < 1e-14);
      CHECK((test::run(past_extragradient{}, at_runtime_size<std::decay_t<decltype(g)>>{g}, x0, steps, h) - w)
                .cwiseAbs().maxCoeff() < 1e-14);
    }
    // the first step is an extragradient step
    using fixed = Eigen::Matrix<double, std::decay_t<decltype(g)>::state_size, 1>;
    CHECK((test::run(past_extragradient{}, g, fixed(x0), 1, h) - test::run(extragradient{}, g, fixed(x0), 1, h)).norm() <
          1e-15);
  };
  check(game_1d(), start_1d);
  check(game_2d(), start_2d);
}

TEST_CASE("lookahead: k base steps from the slow weights, then slow += alpha (fast - slow)", "[literature]") {
  const auto g = game_2d();
  const double h = 0.1, alpha = 0.3;
  // Chavdarova et al. 2021, Algorithm 1, with simgd and extragradient written out as the base.
  const auto simgd_step = [&](const vec& x) { return vec(x + h * field_of(g, x)); };
  const auto extragradient_step = [&](const vec& x) { return vec(x + h * field_of(g, x + h * field_of(g, x))); };
  const auto block = [&](auto base, const vec& slow, int k) {
    vec fast = slow;
    for (int j = 0; j < k; ++j) fast = base(fast);
    return vec(slow + alpha * (fast - slow));
  };
  vec a = start_2d, b = start_2d;
  for (int blocks = 1; blocks <= 3; ++blocks) {
    a = block(simgd_step, a, 4);
    b = block(extragradient_step, b, 2);
    CHECK((test::run(lookahead<simgd>{.steps = 4, .alpha = alpha}, g, Eigen::Vector4d(start_2d), blocks, h) - a)
              .cwiseAbs().maxCoeff() < 1e-14);
    CHECK((test::run(lookahead<extragradient>{.steps = 2, .alpha = alpha}, at_runtime_size<polynomial_game<2>>{g},
                     start_2d, blocks, h) - b)
              .cwiseAbs().maxCoeff() < 1e-14);
  }
  // A base with memory keeps it across blocks: optimistic's v(x_{k-1}) at the start of block 2
  // is v at the last fast iterate of block 1 (not at the new slow weights).
  vec slow = start_2d, previous;
  bool started = false;
  for (int blocks = 0; blocks < 2; ++blocks) {
    vec fast = slow;
    for (int j = 0; j < 3; ++j) {
      const vec v = field_of(g, fast);
      fast += h * (started ? vec(2 * v - previous) : v);
      previous = v;
      started = true;
    }
    slow += alpha * (fast - slow);
  }
  CHECK((test::run(lookahead<optimistic>{.steps = 3, .alpha = alpha}, g, Eigen::Vector4d(start_2d), 2, h) - slow)
            .cwiseAbs().maxCoeff() < 1e-14);
  CHECK_THROWS_AS(test::run(lookahead<simgd>{.steps = 0}, g, Eigen::Vector4d(start_2d), 1, h), std::invalid_argument);
  CHECK_THROWS_AS(test::run(lookahead<simgd>{.alpha = 1.5}, g, Eigen::Vector4d(start_2d), 1, h), std::invalid_argument);
}

TEST_CASE("optimistic_adam is Daskalakis et al.'s Algorithm 1 with PyTorch's Adam moments", "[literature]") {
  const auto check = [](const auto& g, const vec& x0) {
    const double h = 0.05, b1 = 0.5, b2 = 0.9, eps = 1e-8;
    vec x = x0, m = vec::Zero(x0.size()), s = vec::Zero(x0.size()), d_previous = vec::Zero(x0.size());
    using fixed = Eigen::Matrix<double, std::decay_t<decltype(g)>::state_size, 1>;
    const optimistic_adam rule{.beta1 = b1, .beta2 = b2, .eps = eps};
    for (int t = 1; t <= 5; ++t) {
      const vec grad = -field_of(g, x);
      // In place: GCC 12 at -O3 reports a false use-after-free in `m = b1 * m + ...` on a VectorXd.
      m *= b1;
      m += (1 - b1) * grad;
      s *= b2;
      s += (1 - b2) * grad.cwiseProduct(grad);
      const vec m_hat = m / (1 - std::pow(b1, t)), s_hat = s / (1 - std::pow(b2, t));
      const vec d = m_hat.cwiseQuotient((s_hat.cwiseSqrt().array() + eps).matrix());
      x += h * d_previous - 2 * h * d;
      d_previous = d;
      CHECK((test::run(rule, g, fixed(x0), t, h) - x).cwiseAbs().maxCoeff() < 1e-14);
      CHECK((test::run(rule, at_runtime_size<std::decay_t<decltype(g)>>{g}, x0, t, h) - x).cwiseAbs().maxCoeff() <
            1e-14);
    }
  };
  check(game_1d(), start_1d);
  check(game_2d(), start_2d);
}

TEST_CASE("the exact step Jacobian of every new rule equals finite differences of the step", "[literature]") {
  const auto nsgan2 = nsgan<2>();
  const auto check = [&](const auto& rule, const auto& g, const char* name) {
    INFO(name);
    using Rule = std::decay_t<decltype(rule)>;
    vec z = analysed_point<Rule>(g, start_2d);
    if (z.size() > 4) z.tail(4) = test::random_vector(4, 11, 0.3);  // a non-zero memory
    const auto map = one_step_map(rule, g, 0.13);
    const mat fd = test::jacobian_fd([&](const vec& y) -> vec { return map(y); }, z, 1e-6);
    const mat exact = step_jacobian(rule, g, z, 0.13);
    CHECK((exact - fd).cwiseAbs().maxCoeff() < 1e-8);
    // run-time size: the same matrix
    const auto dynamic_game = at_runtime_size<std::decay_t<decltype(g)>>{g};
    if constexpr (std::is_same_v<std::decay_t<decltype(g)>, polynomial_game<2>>)
      CHECK((step_jacobian(rule, dynamic_game, z, 0.13) - exact).cwiseAbs().maxCoeff() < 1e-14);
  };
  const auto both = [&](const auto& rule, const char* name) {
    check(rule, game_2d(), name);
    check(rule, nsgan2, name);
  };
  both(sga{}, "sga");
  both(sga{.align = false}, "sga without alignment");
  both(cgd{}, "cgd");
  both(lcgd{}, "lcgd");
  both(hgd{}, "hgd");
  both(la{.alpha = 0.4}, "la");
  both(past_extragradient{}, "past_extragradient");
  both(lookahead<simgd>{}, "lookahead simgd");
  both(lookahead<optimistic>{.steps = 3}, "lookahead optimistic");
  both(lookahead<cgd>{.steps = 2}, "lookahead cgd");
}

TEST_CASE("linearisations at the gan equilibrium: the closed forms", "[literature]") {
  constexpr double a = 0.5;  // f'(0)
  const auto check = [&](auto g, int n) {
    const Eigen::Index m = 2 * n;
    const mat id = mat::Identity(m, m);
    mat j = mat::Zero(m, m);  // v' at the equilibrium: [[0, -a I], [a I, 0]]
    j.topRightCorner(n, n) = -a * mat::Identity(n, n);
    j.bottomLeftCorner(n, n) = a * mat::Identity(n, n);
    const vec zero = vec::Zero(m);
    const auto map_jacobian = [&](const auto& rule, double h) -> mat {
      return step_jacobian(rule, g, analysed_point<std::decay_t<decltype(rule)>>(g, zero), h);
    };
    for (double h : {0.1, 0.5, 1.3}) {
      INFO("n = " << n << ", h = " << h);
      CHECK((map_jacobian(cgd{}, h) - (id - h * j).inverse()).norm() < 1e-14);
      CHECK((map_jacobian(sga{}, h) - ((1 - h * a * a) * id + h * j)).norm() < 1e-14);
      CHECK((map_jacobian(sga{.align = false}, h) - ((1 - h * a * a) * id + h * j)).norm() < 1e-14);
      CHECK((map_jacobian(hgd{}, h) - (1 - h * a * a) * id).norm() < 1e-14);
      CHECK((map_jacobian(lcgd{}, h) - map_jacobian(extragradient{}, h)).norm() < 1e-14);
      CHECK((map_jacobian(lcgd{}, h) - (id + h * j + h * h * j * j)).norm() < 1e-14);
      CHECK((map_jacobian(la{}, h) - map_jacobian(lcgd{}, h)).norm() < 1e-14);
      CHECK((map_jacobian(la{.alpha = 0.7}, h) - ((1 - 0.7 * h * a * a) * id + h * j)).norm() < 1e-14);
      // past_extragradient on [x; w]: x_half = x + h w, x' = x + h J x_half, w' = J x_half
      mat peg(2 * m, 2 * m);
      peg << id + h * j, h * h * j, j, h * j;
      CHECK((map_jacobian(past_extragradient{}, h) - peg).norm() < 1e-14);
      // lookahead over simgd: I + alpha ((I + h J)^k - I)
      mat power = id;
      for (int k = 0; k < 5; ++k) power = (id + h * j) * power;
      CHECK((map_jacobian(lookahead<simgd>{}, h) - (id + 0.5 * (power - id))).norm() < 1e-13);
      // lookahead over optimistic on [x; w]: M = [[I + 2hJ, -hI], [J, 0]] k times, then the
      // slow step on x only: diag(alpha I, I) M^k + [[(1 - alpha) I, 0], [0, 0]]
      mat opt(2 * m, 2 * m), block = mat::Identity(2 * m, 2 * m);
      opt << id + 2 * h * j, -h * id, j, mat::Zero(m, m);
      for (int k = 0; k < 3; ++k) block = opt * block;
      block.topRows(m) *= 0.3;
      block.topLeftCorner(m, m) += 0.7 * id;
      CHECK((map_jacobian(lookahead<optimistic>{.steps = 3, .alpha = 0.3}, h) - block).norm() < 1e-13);
    }
  };
  check(gan<1>(), 1);
  check(gan<2>(), 2);
  check(f_gan<Eigen::Dynamic>{.data = Eigen::VectorXd::Zero(2)}, 2);  // run-time size
}

namespace {

// The largest h such that every step in (0, h) has rho(h) < 1, from a radius written out by
// hand: a fine scan up from 1e-4 (each of these is stable from 0 on), then bisection.
double largest_stable_by_hand(const std::function<double(double)>& rho, double h_max = 100) {
  double stable = 1e-4;
  REQUIRE(rho(stable) < 1);
  double unstable = 0;
  for (double h = stable; h <= h_max; h *= 1.001) {
    if (!(rho(h) < 1)) {
      unstable = h;
      break;
    }
    stable = h;
  }
  if (unstable == 0) return h_max;
  for (int i = 0; i < 200 && unstable - stable > 1e-14 * stable; ++i) {
    const double mid = (stable + unstable) / 2;
    (rho(mid) < 1 ? stable : unstable) = mid;
  }
  return stable;
}

}  // namespace

TEST_CASE("the largest stable step of each new rule at the gan equilibrium", "[literature]") {
  const auto g = gan<1>();
  const Eigen::Vector2d zero = Eigen::Vector2d::Zero();
  const cd l(0, 0.5);  // an eigenvalue i f'(0) of v' (its conjugate gives the same moduli)
  const auto largest = [&](const auto& rule) { return max_stable_step(rule, g, zero); };
  // HGD: |1 - h f'(0)^2| < 1  <=>  h < 2 / f'(0)^2 = 8.
  CHECK(largest(hgd{}) == Approx(8).epsilon(1e-9));
  // SGA: |1 - h/4 + i h/2|^2 = 1 - h/2 + 5 h^2/16 < 1  <=>  h < 8/5.
  CHECK(largest(sga{}) == Approx(1.6).epsilon(1e-9));
  CHECK(largest(sga{.align = false}) == Approx(1.6).epsilon(1e-9));
  // LCGD (= extragradient) and LA with alpha = h: |1 - h^2/4 + i h/2|^2 = 1 - h^2/4 + h^4/16 < 1  <=>  h < 2.
  CHECK(largest(lcgd{}) == Approx(2).epsilon(1e-9));
  CHECK(largest(la{}) == Approx(2).epsilon(1e-9));
  // LA with a fixed alpha = 1: the same as SGA, (1 - h/4)^2 + h^2/4 < 1  <=>  h < 8/5.
  CHECK(largest(la{.alpha = 1.0}) == Approx(1.6).epsilon(1e-9));
  // CGD: |1 / (1 - i h/2)| = 1 / sqrt(1 + h^2/4) < 1 for every h > 0: every step searched is
  // stable, reported as the top of the searched range, search.h_max.
  CHECK(largest(cgd{}) == step_search{}.h_max);
  CHECK(max_stable_step(cgd{}, g, zero, {.h_max = 1e4}) == 1e4);
  // past_extragradient: the roots of z^2 - (1 + 2 h l) z + h l (the characteristic polynomial of
  // [[1 + h l, h^2 l], [l, h l]]), both inside the unit circle.
  const auto peg_rho = [&](double h) {
    const cd b = 1.0 + 2.0 * h * l, c = h * l, root = std::sqrt(b * b - 4.0 * c);
    return std::max(std::abs((b + root) / 2.0), std::abs((b - root) / 2.0));
  };
  const double peg = largest_stable_by_hand(peg_rho);
  INFO("past_extragradient h* = " << peg);
  CHECK(largest(past_extragradient{}) == Approx(peg).epsilon(1e-8));
  CHECK(largest(past_extragradient{}) == Approx(largest(optimistic{})).epsilon(1e-9));
  // lookahead over simgd (k = 5, alpha = 1/2): |1 + alpha ((1 + h l)^k - 1)| < 1.
  const auto lookahead_rho = [&](double h) { return std::abs(1.0 + 0.5 * (std::pow(1.0 + h * l, 5) - 1.0)); };
  const double la5 = largest_stable_by_hand(lookahead_rho);
  INFO("lookahead simgd h* = " << la5);
  CHECK(largest(lookahead<simgd>{}) == Approx(la5).epsilon(1e-8));

  // analyze_map: verdicts and the same largest steps
  const auto report = analyze_map(hgd{}, g, zero, 1.0);
  CHECK(report.verdict == verdict::converges);
  CHECK(report.spectral_radius == Approx(0.75));
  CHECK(*report.max_stable_h == Approx(8).epsilon(1e-9));
  CHECK(analyze_map(hgd{}, g, zero, 9.0).verdict == verdict::diverges);
  const auto cgd_report = analyze_map(cgd{}, g, zero, 50.0);
  CHECK(cgd_report.verdict == verdict::converges);
  CHECK(cgd_report.spectral_radius == Approx(1 / std::sqrt(1 + 50.0 * 50.0 / 4)));
  CHECK(*cgd_report.max_stable_h == step_search{}.h_max);
  CHECK(analyze_map(sga{}, g, zero, 1.0).verdict == verdict::converges);
  CHECK(analyze_map(sga{}, g, zero, 2.0).verdict == verdict::diverges);
  CHECK(analyze_map(lcgd{}, g, zero, 1.0).verdict == verdict::converges);
  CHECK(analyze_map(la{}, g, zero, 2.5).verdict == verdict::diverges);
  const auto peg_report = analyze_map(past_extragradient{}, g, zero, 0.3);
  CHECK(peg_report.eigenvalues.size() == 4);
  CHECK(peg_report.spectral_radius == Approx(peg_rho(0.3)));
  CHECK(analyze_map(lookahead<simgd>{}, g, zero, 0.3).spectral_radius == Approx(lookahead_rho(0.3)));
}

namespace {

// The CGD paper's bilinear game f(x, y) = alpha x y (x minimises f, y maximises it), here
// L = alpha theta psi: v = (-alpha psi, alpha theta).
struct scaled_bilinear {
  static constexpr int state_size = 2;
  double alpha = 1;
  Eigen::Index generator_dim() const { return 1; }
  Eigen::Index discriminator_dim() const { return 1; }
  template <class S>
  state<S, 2> operator()(const state<S, 2>& x) const {
    return {-S(alpha) * x[1], S(alpha) * x[0]};
  }
};

}  // namespace

TEST_CASE("CGD's Figure 2 (Schafer & Anandkumar 2019): on alpha x y with step 0.2, GDA diverges, CGD converges",
          "[literature]") {
  // v = J x with J = alpha [[0, -1], [1, 0]], so simgd multiplies ||x|| by sqrt(1 + h^2 alpha^2)
  // per step and CGD, x -> x + h (I - h J)^{-1} J x = (I - h J)^{-1} x, divides it by the same.
  const double h = 0.2;
  const Eigen::Vector2d x0(0.5, 0.5);
  for (double alpha : {1.0, 3.0, 6.0}) {
    INFO("alpha = " << alpha);
    const scaled_bilinear g{alpha};
    const long steps = 200;
    const double growth = std::pow(1 + h * h * alpha * alpha, steps / 2.0);
    const double gda = test::run(simgd{}, g, x0, steps, h).norm(), competitive = test::run(cgd{}, g, x0, steps, h).norm();
    CHECK(gda == Approx(x0.norm() * growth).epsilon(1e-10));
    CHECK(competitive == Approx(x0.norm() / growth).epsilon(1e-10));
    CHECK(gda > 10 * x0.norm());
    CHECK(competitive < 0.1 * x0.norm());
  }
}

namespace {

// A game that counts its calls: plain ones (an evaluation of v) and dual ones (one
// forward-mode pass, v and J at once: two evaluations).
struct counted_game {
  static constexpr int state_size = 2;
  long* plain;
  long* passes;
  Eigen::Index generator_dim() const { return 1; }
  Eigen::Index discriminator_dim() const { return 1; }
  template <class S>
  state<S, 2> operator()(const state<S, 2>& x) const {
    ++*(std::is_arithmetic_v<S> ? plain : passes);
    return test::scalar_bilinear{}(x);
  }
};

}  // namespace

TEST_CASE("each rule's evaluations() is the number of field evaluations it makes per iteration", "[literature]") {
  long plain = 0, passes = 0;
  const counted_game g{&plain, &passes};
  const auto count = [&](const auto& rule, long steps) {
    plain = passes = 0;
    test::run(rule, g, Eigen::Vector2d(0.3, -0.2), steps, 0.1);
    return plain + 2 * passes;
  };
  const auto check = [&](const auto& rule, int expected, const char* name) {
    INFO(name);
    CHECK(rule.evaluations() == expected);
    CHECK(count(rule, 3) == 3 * expected);
  };
  check(simgd{}, 1, "simgd");
  check(altgd{.order = {.ng = 2, .nd = 3}}, 5, "altgd 2/3");
  check(extragradient{}, 2, "extragradient");
  check(optimistic{}, 1, "optimistic");
  check(momentum{}, 1, "momentum");
  check(adam{}, 1, "adam");
  check(adam{.alternate = alternation{.nd = 5}}, 6, "adam alternating");
  check(rmsprop{.alternate = alternation{.ng = 2}}, 3, "rmsprop alternating");
  check(sga{}, 2, "sga");
  check(cgd{}, 2, "cgd");
  check(lcgd{}, 2, "lcgd");
  check(hgd{}, 2, "hgd");
  check(la{}, 2, "la");
  check(lookahead<simgd>{}, 5, "lookahead simgd");
  check(lookahead<cgd>{.steps = 3}, 6, "lookahead cgd");
  check(lookahead<extragradient>{.steps = 4}, 8, "lookahead extragradient");
  check(optimistic_adam{}, 1, "optimistic_adam");
  // past_extragradient: one per iteration, and v(x_0) once on the first
  CHECK(past_extragradient{}.evaluations() == 1);
  CHECK(count(past_extragradient{}, 3) == 3 + 1);
  CHECK(count(past_extragradient{}, 1) == 2);
}

TEST_CASE("every new rule runs as an Odeint stepper in integrate_n_steps", "[literature]") {
  const auto g = nsgan<1>();
  const Eigen::Vector2d x0(0.7, -1.2);
  const auto check = [&](const auto& rule, const char* name) {
    INFO(name);
    const Eigen::Vector2d expected = test::run(rule, g, x0, 12, 0.1);
    auto stepper = make_stepper<Eigen::Vector2d>(rule);
    Eigen::Vector2d x = x0;
    odeint::integrate_n_steps(std::ref(stepper), ode_system(g), x, 0.0, 0.1, 12);
    CHECK((x - expected).norm() < 1e-15);
    CHECK((x - x0).norm() > 1e-3);
  };
  check(sga{}, "sga");
  check(cgd{}, "cgd");
  check(lcgd{}, "lcgd");
  check(hgd{}, "hgd");
  check(la{}, "la");
  check(past_extragradient{}, "past_extragradient");
  check(lookahead<optimistic>{}, "lookahead optimistic");
  check(optimistic_adam{}, "optimistic_adam");
}

TEST_CASE("bad hyper-parameters are refused by name", "[literature]") {
  const auto g = gan<1>();
  const Eigen::Vector2d x(0.1, 0.2);
  const auto message = [&](const auto& rule) {
    try {
      test::run(rule, g, x, 1, 0.1);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK_THAT(message(sga{.lambda = -1}), Catch::Contains("lambda"));
  CHECK_THAT(message(la{.alpha = -0.5}), Catch::Contains("alpha"));
  CHECK_THAT(message(lookahead<simgd>{.steps = 0}), Catch::Contains("steps"));
  CHECK_THAT(message(optimistic_adam{.beta1 = 1}), Catch::Contains("beta1"));
}
