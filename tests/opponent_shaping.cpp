// The rules that need the players' losses: lola, sos (Letcher et al. 2019, "Stable Opponent
// Shaping in Differentiable Games", Algorithm 1) and unrolled (Metz et al. 2017,
// "Unrolled Generative Adversarial Networks"); docs/rules.md, "Opponent shaping: LOLA and
// SOS" and "Unrolled GAN". Each against its paper's update written out here on games whose
// gradients and Hessians are derived by hand, the SOS paper's tandem game, finite
// differences, and closed forms of the linearisation at the equilibrium of the bilinear game.
#include "support.hpp"

#include <gandyn/core/game.hpp>
#include <gandyn/dynamics/rules/lola.hpp>
#include <gandyn/dynamics/rules/sos.hpp>
#include <gandyn/dynamics/rules/unrolled.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <complex>
#include <stdexcept>
#include <utility>
#include <vector>

using namespace gandyn;
using vec = Eigen::VectorXd;
using mat = Eigen::MatrixXd;

namespace {

// ---------------------------------------------------------------------------------------------
// Games, each twice: as a gandyn game (field and losses, scalar-templated) and as the hand
// derivatives the papers' updates need, in the papers' notation: players minimise L_1 (theta)
// and L_2 (psi); xi_1 = grad_theta L_1, xi_2 = grad_psi L_2, H_12 = dxi_1/dpsi, H_21 = dxi_2/dtheta,
// H_22 = dxi_2/dpsi, and the cross gradients grad_psi L_1, grad_theta L_2. gandyn's losses are
// L_G = L_1, L_D = -L_2, its field v = -xi.
// ---------------------------------------------------------------------------------------------

// sum_ij a_i M_ij b_j and (M b)_i on any scalar, M of doubles.
template <class S, class A, class B>
S form(const A& a, const mat& M, const B& b) {
  S r(0);
  for (Eigen::Index i = 0; i < M.rows(); ++i)
    for (Eigen::Index j = 0; j < M.cols(); ++j) r += a[i] * S(M(i, j)) * b[j];
  return r;
}
template <class S, class B>
S row_times(const mat& M, Eigen::Index i, const B& b) {
  S r(0);
  for (Eigen::Index j = 0; j < M.cols(); ++j) r += S(M(i, j)) * b[j];
  return r;
}

// A general-sum quadratic game (everything in the papers' updates is then linear):
//   L_1 = theta'A theta/2 + theta'B psi + psi'C psi/2 + a'theta + c'psi,
//   L_2 = psi'D psi/2 + psi'E theta + theta'F theta/2 + d'psi + e'theta,
// A, C, D, F symmetric. N: the compile-time n (Eigen::Dynamic for run-time n).
template <int N>
struct quadratic_game {
  static constexpr int state_size = doubled(N);
  mat A, B, C, D, E, F;
  vec a, c, d, e;

  Eigen::Index generator_dim() const { return a.size(); }
  Eigen::Index discriminator_dim() const { return a.size(); }

  template <class S>
  state<S, state_size> operator()(const state<S, state_size>& x) const {
    const Eigen::Index n = a.size();
    const auto theta = x.head(n);
    const auto psi = x.tail(n);
    state<S, state_size> v(2 * n);
    for (Eigen::Index i = 0; i < n; ++i) {
      v[i] = -(row_times<S>(A, i, theta) + row_times<S>(B, i, psi) + S(a[i]));
      v[n + i] = -(row_times<S>(D, i, psi) + row_times<S>(E, i, theta) + S(d[i]));
    }
    return v;
  }

  template <class S>
  std::pair<S, S> losses(const state<S, state_size>& x) const {
    const Eigen::Index n = a.size();
    const auto theta = x.head(n);
    const auto psi = x.tail(n);
    S l1 = form<S>(theta, A, theta) / S(2) + form<S>(theta, B, psi) + form<S>(psi, C, psi) / S(2);
    S l2 = form<S>(psi, D, psi) / S(2) + form<S>(psi, E, theta) + form<S>(theta, F, theta) / S(2);
    for (Eigen::Index i = 0; i < n; ++i) {
      l1 += S(a[i]) * theta[i] + S(c[i]) * psi[i];
      l2 += S(d[i]) * psi[i] + S(e[i]) * theta[i];
    }
    return {l1, -l2};
  }

  // Hand derivatives at (theta, psi).
  vec xi1(const vec& t, const vec& p) const { return A * t + B * p + a; }
  vec xi2(const vec& t, const vec& p) const { return D * p + E * t + d; }
  mat H12(const vec&, const vec&) const { return B; }
  mat H21(const vec&, const vec&) const { return E; }
  mat H22(const vec&, const vec&) const { return D; }
  vec grad_psi_L1(const vec& t, const vec& p) const { return B.transpose() * t + C * p + c; }
  vec grad_theta_L2(const vec& t, const vec& p) const { return E.transpose() * p + F * t + e; }
};

mat random_matrix(Eigen::Index n, unsigned seed, bool symmetric, double scale = 0.6) {
  const vec entries = test::random_vector(n * n, seed, scale);
  mat M = Eigen::Map<const mat>(entries.data(), n, n);
  if (symmetric) M = ((M + M.transpose()) / 2).eval();
  return M;
}

template <int N>
quadratic_game<N> random_quadratic_game(Eigen::Index n, unsigned seed) {
  quadratic_game<N> g;
  g.A = random_matrix(n, seed + 1, true);
  g.B = random_matrix(n, seed + 2, false);
  g.C = random_matrix(n, seed + 3, true);
  g.D = random_matrix(n, seed + 4, true);
  g.E = random_matrix(n, seed + 5, false);
  g.F = random_matrix(n, seed + 6, true);
  g.a = test::random_vector(n, seed + 7, 0.5);
  g.c = test::random_vector(n, seed + 8, 0.5);
  g.d = test::random_vector(n, seed + 9, 0.5);
  g.e = test::random_vector(n, seed + 10, 0.5);
  return g;
}

// A one-dimensional game that is not quadratic, so that every Hessian depends on the point:
//   L_1 = theta^2/2 + theta psi^2 + psi^3/3,   L_2 = psi^2/2 - theta^2 psi + theta^3.
struct cubic_game {
  static constexpr int state_size = 2;
  Eigen::Index generator_dim() const { return 1; }
  Eigen::Index discriminator_dim() const { return 1; }
  template <class S>
  state<S, 2> operator()(const state<S, 2>& x) const {
    const S t = x[0], p = x[1];
    return {-(t + p * p), -(p - t * t)};
  }
  template <class S>
  std::pair<S, S> losses(const state<S, 2>& x) const {
    const S t = x[0], p = x[1];
    const S l1 = t * t / S(2) + t * p * p + p * p * p / S(3);
    const S l2 = p * p / S(2) - t * t * p + t * t * t;
    return {l1, -l2};
  }
  static vec one(double v) { return vec::Constant(1, v); }
  static mat one_by_one(double v) { return mat::Constant(1, 1, v); }
  vec xi1(const vec& t, const vec& p) const { return one(t[0] + p[0] * p[0]); }
  vec xi2(const vec& t, const vec& p) const { return one(p[0] - t[0] * t[0]); }
  mat H12(const vec&, const vec& p) const { return one_by_one(2 * p[0]); }
  mat H21(const vec& t, const vec&) const { return one_by_one(-2 * t[0]); }
  mat H22(const vec&, const vec&) const { return one_by_one(1); }
  vec grad_psi_L1(const vec& t, const vec& p) const { return one(2 * t[0] * p[0] + p[0] * p[0]); }
  vec grad_theta_L2(const vec& t, const vec& p) const { return one(-2 * t[0] * p[0] + 3 * t[0] * t[0]); }
};

// The tandem game (Letcher et al. 2019, experiments, and their notebook stable_opponent_shaping.ipynb):
// L_1 = (x + y)^2 - 2x, L_2 = (x + y)^2 - 2y; its fixed points are the line x + y = 1.
struct letcher_tandem {
  static constexpr int state_size = 2;
  Eigen::Index generator_dim() const { return 1; }
  Eigen::Index discriminator_dim() const { return 1; }
  template <class S>
  state<S, 2> operator()(const state<S, 2>& x) const {
    const S s = x[0] + x[1];
    return {-(S(2) * s - S(2)), -(S(2) * s - S(2))};
  }
  template <class S>
  std::pair<S, S> losses(const state<S, 2>& x) const {
    const S s = x[0] + x[1];
    return {s * s - S(2) * x[0], -(s * s - S(2) * x[1])};
  }
  // By hand: xi_1 = xi_2 = 2s - 2, every second derivative 2, grad_y L_1 = grad_x L_2 = 2s.
  static vec one(double v) { return vec::Constant(1, v); }
  static mat two() { return mat::Constant(1, 1, 2); }
  vec xi1(const vec& t, const vec& p) const { return one(2 * (t[0] + p[0]) - 2); }
  vec xi2(const vec& t, const vec& p) const { return one(2 * (t[0] + p[0]) - 2); }
  mat H12(const vec&, const vec&) const { return two(); }
  mat H21(const vec&, const vec&) const { return two(); }
  mat H22(const vec&, const vec&) const { return two(); }
  vec grad_psi_L1(const vec& t, const vec& p) const { return one(2 * (t[0] + p[0])); }
  vec grad_theta_L2(const vec& t, const vec& p) const { return one(2 * (t[0] + p[0])); }
};

// The bilinear zero-sum game L_G = L_D = a theta.psi: v = (-a psi, a theta).
template <int N>
struct bilinear {
  static constexpr int state_size = doubled(N);
  double coupling = 1;
  Eigen::Index n = N == Eigen::Dynamic ? 2 : N;
  Eigen::Index generator_dim() const { return n; }
  Eigen::Index discriminator_dim() const { return n; }
  template <class S>
  state<S, state_size> operator()(const state<S, state_size>& x) const {
    state<S, state_size> v(2 * n);
    for (Eigen::Index i = 0; i < n; ++i) {
      v[i] = -S(coupling) * x[n + i];
      v[n + i] = S(coupling) * x[i];
    }
    return v;
  }
  template <class S>
  std::pair<S, S> losses(const state<S, state_size>& x) const {
    S l(0);
    for (Eigen::Index i = 0; i < n; ++i) l += S(coupling) * x[i] * x[n + i];
    return {l, l};
  }
};

// The saturating Dirac-GAN (the library's `gan`) with its losses L_G = L_D = f(psi.theta) +
// f(-psi.x*), f(t) = -log(1 + e^-t) (docs/conventions.md, "The loss family").
template <int N>
struct gan_with_losses : f_gan<N> {
  template <class S>
  std::pair<S, S> losses(const dirac_state<S, N>& x) const {
    const Eigen::Index n = this->data.size();
    S real(0), fake(0);
    for (Eigen::Index i = 0; i < n; ++i) {
      fake += x[n + i] * x[i];
      real += x[n + i] * S(this->data[i]);
    }
    const S l = logistic_loss::f(fake) + logistic_loss::f(S(-real));
    return {l, l};
  }
};

template <int N>
gan_with_losses<N> make_gan(Eigen::Index n) {
  gan_with_losses<N> g;
  g.data = test::random_vector(n, 77, 0.4);
  return g;
}

// ---------------------------------------------------------------------------------------------
// The papers' updates, by hand, on the hand derivatives of a game (h_D = scale h).
// ---------------------------------------------------------------------------------------------

struct split {
  vec theta, psi;
};
split parts(const vec& x) {
  const Eigen::Index n = x.size() / 2;
  return {x.head(n), x.tail(n)};
}
vec joined(const vec& theta, const vec& psi) {
  vec x(theta.size() + psi.size());
  x << theta, psi;
  return x;
}

// LOLA as Letcher et al. 2019 write it, per player: player 1 descends
// xi_1 - alpha H_12 xi_2 - alpha H_21' grad_psi L_1, player 2 symmetrically.
template <class Hand>
vec lola_by_hand(const Hand& g, const vec& x, double h, double alpha, double scale = 1) {
  const auto [t, p] = parts(x);
  const vec x1 = g.xi1(t, p), x2 = g.xi2(t, p);
  const vec lola1 = x1 - alpha * g.H12(t, p) * x2 - alpha * g.H21(t, p).transpose() * g.grad_psi_L1(t, p);
  const vec lola2 = x2 - alpha * g.H21(t, p) * x1 - alpha * g.H12(t, p).transpose() * g.grad_theta_L2(t, p);
  return joined(t - h * lola1, p - scale * h * lola2);
}

// SOS, Letcher et al. 2019, Algorithm 1 (a = 0.5, b = 0.1). `branch` records which p was taken:
// 0 p = 1, 1 p = p_1 < 1, 2 p = p_2 = ||xi||^2.
template <class Hand>
vec sos_by_hand(const Hand& g, const vec& x, double h, double alpha, int* branch = nullptr, double scale = 1) {
  const double a = 0.5, b = 0.1;
  const auto [t, p] = parts(x);
  const vec x1 = g.xi1(t, p), x2 = g.xi2(t, p);
  const vec xi = joined(x1, x2);
  const vec xi0 = joined(x1 - alpha * g.H12(t, p) * x2, x2 - alpha * g.H21(t, p) * x1);
  const vec chi = joined(g.H21(t, p).transpose() * g.grad_psi_L1(t, p), g.H12(t, p).transpose() * g.grad_theta_L2(t, p));
  const double dot = (-alpha * chi).dot(xi0);
  const double p1 = dot >= 0 ? 1 : std::min(1.0, -a * xi0.squaredNorm() / dot);
  const double p2 = xi.norm() < b ? xi.squaredNorm() : 1;
  const double pp = std::min(p1, p2);
  if (branch) *branch = pp == 1 ? 0 : (p1 <= p2 ? 1 : 2);
  const vec xip = xi0 - pp * alpha * chi;
  const Eigen::Index n = t.size();
  return joined(t - h * xip.head(n), p - scale * h * xip.tail(n));
}

// Unrolled GAN (Metz et al. 2017, section 2, for the generator): psi_{j+1} = psi_j - h_D xi_2(theta, psi_j),
// its derivative M_j = dpsi_j/dtheta by the chain rule, M_{j+1} = M_j - h_D (H_21 + H_22 M_j),
// and d/dtheta L_1(theta, psi_K) = xi_1(theta, psi_K) + M_K' grad_psi L_1(theta, psi_K).
template <class Hand>
vec unrolled_by_hand(const Hand& g, const vec& x, double h, int K, double scale = 1) {
  const auto [t, p] = parts(x);
  const double hd = scale * h;
  vec psi = p;
  mat M = mat::Zero(p.size(), t.size());
  for (int j = 0; j < K; ++j) {
    const mat next = M - hd * (g.H21(t, psi) + g.H22(t, psi) * M);
    const vec xi2 = g.xi2(t, psi);
    psi -= hd * xi2;  // in place (GCC 12 -O3 warned, wrongly, of a use after free for psi = psi - ...)
    M = next;
  }
  const vec gradient = g.xi1(t, psi) + M.transpose() * g.grad_psi_L1(t, psi);
  return joined(t - h * gradient, p - hd * g.xi2(t, p));
}

// `steps` iterations of the library's rule and of the hand update from x; the largest distance
// between the two over the run.
template <class Rule, class G, class Hand>
double worst_distance(const Rule& rule, const G& g, const Hand& by_hand, vec x, int steps, double h) {
  using State = state_of<G>;
  State y = x;
  typename Rule::template memory<State> memory{};
  double worst = 0;
  for (int k = 0; k < steps; ++k) {
    rule.step(g, y, memory, h);
    x = by_hand(x);
    worst = std::max(worst, (vec(y) - x).lpNorm<Eigen::Infinity>());
  }
  return worst;
}

std::complex<double> c(double re, double im) { return {re, im}; }

}  // namespace

// A rule that needs the losses is a rule, and refuses at compile time a game without them.
static_assert(update_rule<lola> && update_rule<sos> && update_rule<unrolled>);
// (detail::probe_game without its losses member stands for a game that lacks them.)
struct field_only : gandyn::detail::probe_game {
  template <class X>
  void losses(const X&) const = delete;
};
static_assert(game_with_losses<letcher_tandem> && game_with_losses<gan_with_losses<1>> && !game_with_losses<field_only>);
template <class Rule, class G>
constexpr bool steps_on = requires(const Rule& r, const G& g, state_of<G>& x,
                                   typename Rule::template memory<state_of<G>>& m) { r.step(g, x, m, 0.1); };
static_assert(steps_on<lola, letcher_tandem> && steps_on<sos, letcher_tandem> && steps_on<unrolled, letcher_tandem>);
static_assert(!steps_on<lola, field_only> && !steps_on<sos, field_only> && !steps_on<unrolled, field_only>);
static_assert(steps_on<simgd, field_only>);

TEST_CASE("the test games' fields are (-grad_theta L_G, grad_psi L_D) of their losses", "[rules][losses]") {
  const auto check = [](const auto& g, const vec& x) {
    using G = std::decay_t<decltype(g)>;
    const state_of<G> y = x;
    const mat dl = jacobian([&](const auto& z) {
                     using D = typename std::decay_t<decltype(z)>::Scalar;
                     const auto l = g.losses(z);
                     return Eigen::Matrix<D, 2, 1>(l.first, l.second);
                   }, y);
    const Eigen::Index n = g.generator_dim();
    const vec expected = joined(-dl.row(0).head(n).transpose(), dl.row(1).tail(n).transpose());
    CHECK((vec(g(y)) - expected).lpNorm<Eigen::Infinity>() < 1e-12);
  };
  check(random_quadratic_game<2>(2, 1), test::random_vector(4, 2));
  check(cubic_game{}, test::random_vector(2, 3));
  check(letcher_tandem{}, test::random_vector(2, 4));
  check(bilinear<2>{.coupling = 1.7}, test::random_vector(4, 5));
  check(make_gan<2>(2), test::random_vector(4, 6));
}

TEST_CASE("lola follows Letcher et al.'s LOLA update written out by hand", "[rules][lola]") {
  const double h = 0.1;
  SECTION("quadratic general-sum games, 1-D and 2-D, alpha = h and alpha given, h_D != h_G") {
    const auto g1 = random_quadratic_game<1>(1, 10);
    const auto g2 = random_quadratic_game<2>(2, 20);
    const auto gd = random_quadratic_game<Eigen::Dynamic>(2, 30);
    const vec x1 = test::random_vector(2, 11), x2 = test::random_vector(4, 21), xd = test::random_vector(4, 31);
    CHECK(worst_distance(lola{}, g1, [&](const vec& x) { return lola_by_hand(g1, x, h, h); }, x1, 5, h) < 1e-13);
    CHECK(worst_distance(lola{.alpha = 0.3}, g2, [&](const vec& x) { return lola_by_hand(g2, x, h, 0.3); }, x2, 5, h) <
          1e-13);
    CHECK(worst_distance(lola{.alpha = 0.2, .discriminator_scale = 0.5}, gd,
                         [&](const vec& x) { return lola_by_hand(gd, x, h, 0.2, 0.5); }, xd, 5, h) < 1e-13);
  }
  SECTION("a game whose Hessians depend on the point") {
    const cubic_game g;
    CHECK(worst_distance(lola{.alpha = 0.25}, g, [&](const vec& x) { return lola_by_hand(g, x, h, 0.25); },
                         vec(Eigen::Vector2d(0.4, -0.3)), 5, h) < 1e-13);
  }
}

TEST_CASE("sos follows Algorithm 1 of Letcher et al. written out by hand, through each choice of p", "[rules][sos]") {
  const double h = 0.1;
  std::vector<int> seen(3, 0);
  const auto run = [&](const auto& g, const auto& rule, double alpha, vec x, int steps) {
    using G = std::decay_t<decltype(g)>;
    state_of<G> y = x;
    typename std::decay_t<decltype(rule)>::template memory<state_of<G>> memory{};
    double worst = 0;
    for (int k = 0; k < steps; ++k) {
      int branch = 0;
      rule.step(g, y, memory, h);
      x = sos_by_hand(g, x, h, alpha, &branch, rule.discriminator_scale);
      ++seen[branch];
      worst = std::max(worst, (vec(y) - x).lpNorm<Eigen::Infinity>());
    }
    return worst;
  };
  // Near the fixed point of a quadratic game ||xi|| < b: p = ||xi||^2.
  const auto g1 = random_quadratic_game<1>(1, 40);
  mat hessian(2, 2);  // H = [[A, B], [E, D]]: xi = H x + (a, d) = 0 at the fixed point
  hessian << g1.A, g1.B, g1.E, g1.D;
  const vec fixed1 = -hessian.inverse() * joined(g1.a, g1.d);
  CHECK(run(g1, sos{}, h, vec(fixed1 + vec::Constant(2, 0.01)), 5) < 1e-13);
  const auto g2 = random_quadratic_game<2>(2, 50);
  CHECK(run(g2, sos{.alpha = 0.3}, 0.3, test::random_vector(4, 51), 5) < 1e-13);
  const auto gd = random_quadratic_game<Eigen::Dynamic>(2, 60);
  CHECK(run(gd, sos{.alpha = 0.2, .discriminator_scale = 0.5}, 0.2, test::random_vector(4, 61), 5) < 1e-13);
  const cubic_game cubic;
  CHECK(run(cubic, sos{.alpha = 0.25}, 0.25, vec(Eigen::Vector2d(0.4, -0.3)), 5) < 1e-13);
  CHECK(run(cubic, sos{.alpha = 0.8}, 0.8, vec(Eigen::Vector2d(1.1, 0.9)), 3) < 1e-13);
  CHECK(run(letcher_tandem{}, sos{}, h, vec(Eigen::Vector2d(0.3, -0.5)), 5) < 1e-13);
  CHECK(run(letcher_tandem{}, sos{}, h, vec(Eigen::Vector2d(0.52, 0.49)), 3) < 1e-13);
  // s = x + y = 1.5: p_1 = a (1 - 2 alpha)(2s - 2) / (4 alpha s) = 2/3 by hand, ||xi|| > b.
  CHECK(run(letcher_tandem{}, sos{}, h, vec(Eigen::Vector2d(0.9, 0.6)), 1) < 1e-13);
  INFO("p = 1: " << seen[0] << ", p = p_1 < 1: " << seen[1] << ", p = ||xi||^2: " << seen[2]);
  CHECK(seen[0] > 0);
  CHECK(seen[1] > 0);
  CHECK(seen[2] > 0);
}

TEST_CASE("on the tandem game LOLA ends off the fixed points and SOS on them (Letcher et al. 2019)", "[rules][lola][sos]") {
  // Both players' LOLA directions equal (1 - 2 alpha)(2s - 2) - 4 alpha s with s = x + y (by hand:
  // H_o = [[0, 2], [2, 0]], grad_y L_1 = grad_x L_2 = 2s), so x - y is conserved and s goes to
  // the root s* = (1 - 2 alpha) / (1 - 4 alpha): 4/3 at alpha = h = 0.1, where xi = 2s - 2 = 2/3
  // is not zero ("arrogant" LOLA). SOS goes to s = 1, a fixed point; at equal x - y each
  // player's loss s^2 - 2x (resp. s^2 - 2y) is then lower by (16/9 - 4/3) - 0 = 4/9.
  const letcher_tandem g;
  const double h = 0.1;
  const state<double, 2> x0(0.3, -0.5);
  const vec after_lola = test::run(lola{}, g, x0, 400, h);
  const vec after_sos = test::run(sos{}, g, x0, 400, h);
  const double s_lola = after_lola.sum(), s_sos = after_sos.sum();
  CHECK(s_lola == Approx(4.0 / 3).epsilon(1e-12));
  CHECK(vec(g(state<double, 2>(after_lola))).norm() == Approx(std::sqrt(2.0) * 2.0 / 3).epsilon(1e-10));
  CHECK(std::abs(s_sos - 1) < 1e-12);
  CHECK(vec(g(state<double, 2>(after_sos))).norm() < 1e-11);
  CHECK(after_lola[0] - after_lola[1] == Approx(x0[0] - x0[1]).epsilon(1e-12));
  CHECK(after_sos[0] - after_sos[1] == Approx(x0[0] - x0[1]).epsilon(1e-12));
  const auto l_lola = g.losses(state<double, 2>(after_lola));
  const auto l_sos = g.losses(state<double, 2>(after_sos));
  CHECK(l_lola.first - l_sos.first == Approx(4.0 / 9).epsilon(1e-10));       // L_1 = L_G
  CHECK(-l_lola.second + l_sos.second == Approx(4.0 / 9).epsilon(1e-10));    // L_2 = -L_D
}

TEST_CASE("unrolled follows Metz et al.'s update written out by hand", "[rules][unrolled]") {
  const double h = 0.1;
  const auto g1 = random_quadratic_game<1>(1, 70);
  const auto g2 = random_quadratic_game<2>(2, 80);
  const auto gd = random_quadratic_game<Eigen::Dynamic>(2, 90);
  const vec x1 = test::random_vector(2, 71), x2 = test::random_vector(4, 81), xd = test::random_vector(4, 91);
  CHECK(worst_distance(unrolled{}, g1, [&](const vec& x) { return unrolled_by_hand(g1, x, h, 5); }, x1, 5, h) < 1e-13);
  CHECK(worst_distance(unrolled{.steps = 3}, g2, [&](const vec& x) { return unrolled_by_hand(g2, x, h, 3); }, x2, 5, h) <
        1e-13);
  CHECK(worst_distance(unrolled{.steps = 2, .discriminator_scale = 2}, gd,
                       [&](const vec& x) { return unrolled_by_hand(gd, x, h, 2, 2); }, xd, 5, h) < 1e-13);
  const cubic_game cubic;
  CHECK(worst_distance(unrolled{.steps = 4}, cubic, [&](const vec& x) { return unrolled_by_hand(cubic, x, h, 4); },
                       vec(Eigen::Vector2d(0.4, -0.3)), 5, h) < 1e-13);
}

TEST_CASE("unrolled with K = 0 is simgd", "[rules][unrolled]") {
  const auto g = make_gan<2>(2);
  const state<double, 4> x0 = test::random_vector(4, 100);
  const vec mine = test::run(unrolled{.steps = 0, .discriminator_scale = 1.5}, g, x0, 20, 0.2);
  const vec reference = test::run(simgd{.discriminator_scale = 1.5}, g, x0, 20, 0.2);
  CHECK((mine - reference).lpNorm<Eigen::Infinity>() < 1e-14);
}

TEST_CASE("unrolled's generator step is -h times finite differences of L_G(theta, psi_K(theta))", "[rules][unrolled]") {
  const double h = 0.3;
  const int K = 5;
  const auto check = [&](const auto& g, const vec& x) {
    using G = std::decay_t<decltype(g)>;
    const Eigen::Index n = g.generator_dim();
    // psi_K by plain iteration of the game's field in long double, then L_G.
    const auto surrogate = [&](const test::lvec& theta) {
      using lstate = state_of<G, long double>;
      lstate y = x.cast<long double>();
      y.head(n) = theta;
      for (int j = 0; j < K; ++j) {
        const lstate v = g(y);
        y.tail(n) += static_cast<long double>(h) * v.tail(n);
      }
      return g.losses(y).first;
    };
    const test::lvec fd = test::gradient_fd(surrogate, x.head(n).cast<long double>());
    state_of<G> y = x;
    unrolled::memory<state_of<G>> memory;
    unrolled{.steps = K}.step(g, y, memory, h);
    const vec derivative = (x.head(n) - vec(y).head(n)) / h;
    CHECK((derivative - fd.cast<double>()).lpNorm<Eigen::Infinity>() < 1e-9);
    CHECK((vec(y).tail(n) - (x.tail(n) + h * vec(g(state_of<G>(x))).tail(n))).lpNorm<Eigen::Infinity>() < 1e-15);
  };
  check(make_gan<1>(1), test::random_vector(2, 110));
  check(make_gan<2>(2), test::random_vector(4, 111));
  check(make_gan<Eigen::Dynamic>(3), test::random_vector(6, 112));
}

TEST_CASE("the step Jacobians of lola, sos and unrolled (nested duals) equal finite differences of the step",
          "[rules][analysis]") {
  const double h = 0.15;
  const auto check = [&](const auto& g, const vec& x) {
    const auto one = [&](const auto& rule, const char* name) {
      INFO(name << ", state length " << x.size());
      const mat exact = step_jacobian(rule, g, x, h);
      CHECK((exact - test::step_jacobian_fd(rule, g, x, h)).cwiseAbs().maxCoeff() < 1e-8);
    };
    one(lola{}, "lola");
    one(lola{.alpha = 0.4, .discriminator_scale = 0.7}, "lola alpha 0.4");
    one(sos{}, "sos");
    one(unrolled{}, "unrolled");
    one(unrolled{.steps = 2, .discriminator_scale = 2}, "unrolled K = 2");
  };
  check(make_gan<1>(1), test::random_vector(2, 120));
  check(make_gan<2>(2), test::random_vector(4, 121));
  check(make_gan<Eigen::Dynamic>(2), test::random_vector(4, 122));
  check(make_gan<Eigen::Dynamic>(9), test::random_vector(18, 123, 0.5));  // more than one chunk of tangents
  // SOS through its branch p_1 < 1 (checked against the hand update above at this point).
  const vec at = Eigen::Vector2d(0.9, 0.6);
  int branch = -1;
  sos_by_hand(letcher_tandem{}, at, 0.1, 0.1, &branch);
  CHECK(branch == 1);
  CHECK((step_jacobian(sos{}, letcher_tandem{}, at, 0.1) - test::step_jacobian_fd(sos{}, letcher_tandem{}, at, 0.1)).cwiseAbs().maxCoeff() <
        1e-8);
}

TEST_CASE("the linearisations at the bilinear game's equilibrium have closed forms", "[rules][analysis]") {
  // L_G = L_D = a theta.psi, v = (-a psi, a theta), equilibrium 0; by hand:
  //   J_off v = -a^2 x and chi = -a^2 x, so with u = h a (alpha = h unless given)
  //   LOLA:  theta' = (1 - 2 h alpha a^2) theta - h a psi,  psi' = h a theta + (1 - 2 h alpha a^2) psi:
  //          lambda = 1 - 2 h alpha a^2 +- i h a;  alpha = h: |lambda|^2 = 1 - 3u^2 + 4u^4 < 1 iff h < sqrt(3)/(2a);
  //   SOS:   p = ||v||^2 vanishes to second order at 0, so its linearisation is the look-ahead's:
  //          lambda = 1 - h alpha a^2 +- i h a;  alpha = h: |lambda|^2 = 1 - u^2 + u^4 < 1 iff h < 1/a;
  //   unrolled (K steps): psi_K = psi + K h a theta, d/dtheta L_G(theta, psi_K) = a psi + 2 K h a^2 theta:
  //          [[1 - 2K u^2, -u], [u, 1]] per coordinate pair; trace 2 - 2K u^2, determinant
  //          1 - (2K - 1) u^2; Jury's conditions give stability iff u^2 < 4 / (4K - 1).
  const double a = 1.3, h = 0.2, u = h * a;
  const auto expected_pair = [](double re, double im) { return std::vector{c(re, im), c(re, -im)}; };
  const auto unrolled_pair = [&](int K) {
    const double trace = 2 - 2 * K * u * u, det = 1 - (2 * K - 1) * u * u;
    const std::complex<double> root = std::sqrt(std::complex<double>(trace * trace / 4 - det));
    return std::vector{trace / 2 + root, trace / 2 - root};
  };
  const auto repeated = [](std::vector<std::complex<double>> pair, int n) {
    std::vector<std::complex<double>> all;
    for (int i = 0; i < n; ++i) all.insert(all.end(), pair.begin(), pair.end());
    return all;
  };
  const auto check = [&](const auto& g, int n) {
    const vec zero = vec::Zero(2 * n);
    const auto lola_report = analyze_map(lola{}, g, zero, h);
    CHECK(test::distance_to(lola_report.eigenvalues, repeated(expected_pair(1 - 2 * u * u, u), n)) < 1e-12);
    CHECK(*lola_report.max_stable_h == Approx(std::sqrt(3.0) / (2 * a)).epsilon(1e-8));
    const auto lola_alpha = analyze_map(lola{.alpha = 0.5}, g, zero, h, {.max_stable_h = false});
    CHECK(test::distance_to(lola_alpha.eigenvalues, repeated(expected_pair(1 - 2 * h * 0.5 * a * a, u), n)) < 1e-12);
    const auto sos_report = analyze_map(sos{}, g, zero, h);
    CHECK(test::distance_to(sos_report.eigenvalues, repeated(expected_pair(1 - u * u, u), n)) < 1e-12);
    CHECK(*sos_report.max_stable_h == Approx(1 / a).epsilon(1e-8));
    for (int K : {1, 5}) {
      INFO("K = " << K);
      const auto report = analyze_map(unrolled{.steps = K}, g, zero, h);
      CHECK(test::distance_to(report.eigenvalues, repeated(unrolled_pair(K), n)) < 1e-12);
      CHECK(*report.max_stable_h == Approx(2 / (a * std::sqrt(4.0 * K - 1))).epsilon(1e-8));
    }
  };
  check(bilinear<1>{.coupling = a}, 1);
  check(bilinear<Eigen::Dynamic>{.coupling = a, .n = 2}, 2);
}

TEST_CASE("bad parameters of the rules are refused by name", "[rules]") {
  const letcher_tandem g;
  state<double, 2> x(0.1, 0.2);
  const auto refuses = [&](const auto& rule, const char* name) {
    typename std::decay_t<decltype(rule)>::template memory<state<double, 2>> m;
    try {
      rule.step(g, x, m, 0.1);
      FAIL("no exception");
    } catch (const std::invalid_argument& e) {
      CHECK_THAT(e.what(), Catch::Matchers::Contains(name));
    }
  };
  refuses(lola{.alpha = -0.1}, "alpha");
  refuses(sos{.alpha = std::nan("")}, "alpha");
  refuses(sos{.a = 1}, "a must");
  refuses(sos{.b = 0}, "b must");
  refuses(unrolled{.steps = -1}, "steps");
  CHECK(unrolled{.steps = 3}.evaluations() == 4);
  CHECK(unrolled{.steps = 0}.evaluations() == 2);
}
