// The largest stable step of every rule (docs/analysis.md, "Largest stable step") against
// bounds derived here, by hand, from the eigenvalues l of v' at the equilibrium (data at 0,
// f'(0) = 1/2 for the logistic loss): never from the step Jacobians or the search under test.
//   simgd          1 + h l:                         h* = min 2a/(a^2 + b^2), l = -a + i b;
//   extragradient  1 + h l + h^2 l^2:               first root of |1 + h l + h^2 l^2| = 1;
//   optimistic     roots of z^2 - (1 + 2hl) z + hl: both inside the unit circle (Schur-Cohn);
//   momentum       the map of [x; m] written out by hand, and z^2 - (1 + beta + h l) z + beta;
//   altgd          the product of the two half-step matrices (Jury's criterion).
// gan and nsgan (l = +- i/2) are the case where rho -> 1 as h -> 0 at second order.
#include "support.hpp"

#include <gandyn/analysis/max_stable_step.hpp>
#include <gandyn/gandyn.hpp>

#include <catch2/catch.hpp>
#include <Eigen/Dense>

#include <cmath>
#include <complex>
#include <functional>
#include <limits>
#include <vector>

using namespace gandyn;
using cd = std::complex<double>;

namespace {

constexpr double fp0 = 0.5;  // f'(0) = sigmoid(0)
constexpr double gamma_r1 = 0.3;
constexpr double lambda_div = 0.35;

// A user's game (as examples/bilinear_game.cpp): L = theta^T A psi, v' = [[0, -A], [A^T, 0]],
// eigenvalues +- i sigma_k(A) (and 0 for each psi direction beyond rank A).
template <int NG, int ND>
struct user_bilinear {
  static constexpr int state_size = NG + ND;
  Eigen::Matrix<double, NG, ND> a;
  Eigen::Index generator_dim() const { return NG; }
  Eigen::Index discriminator_dim() const { return ND; }
  template <class S>
  state<S, NG + ND> operator()(const state<S, NG + ND>& x) const {
    state<S, NG + ND> v;
    v.template head<NG>() = -a.template cast<S>() * x.template tail<ND>();
    v.template tail<ND>() = a.transpose().template cast<S>() * x.template head<NG>();
    return v;
  }
};

// A = [[1, 2], [0, 1]]: A^T A = [[1, 2], [2, 5]], eigenvalues 3 +- 2 sqrt 2 = (sqrt 2 +- 1)^2,
// so sigma = sqrt 2 + 1 and sqrt 2 - 1.
user_bilinear<2, 2> square_bilinear() { return {.a = (Eigen::Matrix2d() << 1, 2, 0, 1).finished()}; }
const double sigma_max = std::sqrt(2.0) + 1, sigma_min = std::sqrt(2.0) - 1;

// The eigenvalues of v' at the equilibrium, from the closed forms.
std::vector<cd> gan_spectrum() { return {cd(0, fp0), cd(0, -fp0)}; }
std::vector<cd> r1_spectrum(double g) {  // -g/2 +- sqrt(g^2/4 - f'(0)^2)
  const cd root = std::sqrt(cd(g * g / 4 - fp0 * fp0));
  return {-g / 2 + root, -g / 2 - root};
}
std::vector<cd> wgan_div_spectrum(double l) {  // -l +- sqrt(l^2 - 1)
  const cd root = std::sqrt(cd(l * l - 1));
  return {-l + root, -l - root};
}
std::vector<cd> bilinear_spectrum() {
  return {cd(0, sigma_max), cd(0, -sigma_max), cd(0, sigma_min), cd(0, -sigma_min)};
}

// sup { h in (0, h_max] : f(t) < 0 for every t in (0, h) }, for an f whose sign is resolved
// at `from` (checked): a fine geometric walk (factor 1.001), then bisection to rounding.
double first_root(const std::function<double(double)>& f, double from, double h_max = 100) {
  REQUIRE(f(from) < 0);
  double lo = from;
  for (double h = from * 1.001;; h *= 1.001) {
    h = std::min(h, h_max);
    if (!(f(h) < 0)) {
      double hi = h;
      while (hi - lo > 1e-15 * hi) {
        const double mid = 0.5 * (lo + hi);
        (f(mid) < 0 ? lo : hi) = mid;
      }
      return lo;
    }
    lo = h;
    if (h == h_max) return h_max;
  }
}

// extragradient: with w = h l, |1 + w + w^2|^2 - 1 = 2 Re w + 2 Re w^2 + |w|^2 + 2 |w|^2 Re w
// + |w|^4, i.e. h times the cubic below (no cancellation at small h: its sign is resolved).
double extragradient_bound(const std::vector<cd>& ls) {
  double bound = 100;
  for (const cd l : ls) {
    const double a = l.real(), r2 = std::norm(l), re_l2 = (l * l).real();
    bound = std::min(bound, first_root([&](double h) {
      return 2 * a + h * (2 * re_l2 + r2) + 2 * h * h * r2 * a + h * h * h * r2 * r2;
    }, 1e-9));
  }
  return bound;
}

// optimistic: z^2 + a1 z + a0 with a1 = -(1 + 2hl), a0 = hl has both roots in the unit disc
// iff |a0| < 1 and |a1 - conj(a1) a0| < 1 - |a0|^2 (Schur-Cohn). Here
// a1 - conj(a1) a0 = -(1 + hl - 2h^2|l|^2), and with a = Re l, r2 = |l|^2 the second condition
// reads h (2a - h r2 - 4 h^2 a r2 + 3 h^3 r2^2) < 0.
double optimistic_bound(const std::vector<cd>& ls) {
  double bound = 100;
  for (const cd l : ls) {
    const double a = l.real(), r2 = std::norm(l);
    bound = std::min(bound, first_root([&](double h) {
      const double schur = 2 * a - h * r2 - 4 * h * h * a * r2 + 3 * h * h * h * r2 * r2;
      return std::max(schur, h * std::sqrt(r2) - 1);
    }, 1e-9));
  }
  return bound;
}

// The roots of z^2 - (1 + 2hl) z + hl, by the quadratic formula.
double optimistic_root_modulus(const std::vector<cd>& ls, double h) {
  double m = 0;
  for (const cd l : ls) {
    const cd b = 1.0 + 2.0 * h * l, d = std::sqrt(b * b - 4.0 * h * l);
    m = std::max({m, std::abs((b + d) / 2.0), std::abs((b - d) / 2.0)});
  }
  return m;
}

// The roots of z^2 - (1 + beta + h l) z + beta (momentum on one eigenvalue l).
double momentum_root_modulus(const std::vector<cd>& ls, double beta, double h) {
  double m = 0;
  for (const cd l : ls) {
    const cd b = 1.0 + beta + h * l, d = std::sqrt(b * b - 4.0 * beta);
    m = std::max({m, std::abs((b + d) / 2.0), std::abs((b - d) / 2.0)});
  }
  return m;
}

double radius_of(const Eigen::MatrixXd& m) { return m.eigenvalues().array().abs().maxCoeff(); }

// momentum by hand: m' = beta m + A x, x' = x + h m' = (I + hA) x + h beta m, on [x; m].
Eigen::MatrixXd momentum_map(const Eigen::MatrixXd& a, double beta, double h) {
  const Eigen::Index n = a.rows();
  const Eigen::MatrixXd id = Eigen::MatrixXd::Identity(n, n);
  Eigen::MatrixXd m(2 * n, 2 * n);
  m << id + h * a, h * beta * id, a, beta * id;
  return m;
}

// v' of 1-D gan-r1 at the equilibrium: v_theta = -f'(psi theta) psi, v_psi = f'(psi theta) theta
// - gamma psi.
Eigen::Matrix2d gan_r1_jacobian(double g) { return (Eigen::Matrix2d() << 0, -fp0, fp0, -g).finished(); }

template <class G>
double rho(const auto& rule, const G& g, double h) {
  const auto z = analysed_point<std::decay_t<decltype(rule)>>(g, state_of<G>::Zero(state_dim(g)).eval());
  return spectral_radius(step_jacobian(rule, g, z, h));
}

template <class G>
state_of<G> zero_of(const G& g) {
  return state_of<G>::Zero(state_dim(g));
}

const f_gan<1> gan_r1{.penalty = {.r1 = gamma_r1}};
const f_gan<1, linear_loss> wgan_div{.penalty = {.gp_lambda = lambda_div, .gp_centre = 0}};

}  // namespace

TEST_CASE("the hand-derived bounds: values on the record", "[max_stable_step]") {
  // Not the code under test: the independent bounds themselves, against exact values where
  // there are some (l = i b: extragradient 1/b, optimistic 1/(sqrt 3 b)).
  CHECK(extragradient_bound(gan_spectrum()) == Approx(2).epsilon(1e-13));
  CHECK(extragradient_bound(bilinear_spectrum()) == Approx(1 / sigma_max).epsilon(1e-13));
  CHECK(optimistic_bound(gan_spectrum()) == Approx(2 / std::sqrt(3.0)).epsilon(1e-13));
  CHECK(optimistic_bound(bilinear_spectrum()) == Approx(1 / (std::sqrt(3.0) * sigma_max)).epsilon(1e-13));
  // The Schur-Cohn form agrees with the roots themselves on either side of the bound.
  for (const auto& ls : {gan_spectrum(), r1_spectrum(gamma_r1), wgan_div_spectrum(lambda_div)}) {
    const double b = optimistic_bound(ls);
    CHECK(optimistic_root_modulus(ls, b * (1 - 1e-6)) < 1);
    CHECK(optimistic_root_modulus(ls, b * (1 + 1e-6)) > 1);
  }
}

TEST_CASE("extragradient: the first root of |1 + h l + h^2 l^2| = 1", "[max_stable_step]") {
  SECTION("gan and nsgan: h* = 1/f'(0) = 2, though rho -> 1 like 1 - h^2/8 as h -> 0") {
    for (const f_gan<1>& g : {gan<1>(), nsgan<1>()}) {
      // The old scan's first step, h_max 1e-8 = 1e-6: rho is within 1e-12 of 1 there
      // (1 - 1.25e-13), unresolved, and it returned 0.
      CHECK(std::abs(rho(extragradient{}, g, 1e-6) - 1) < 1e-12);
      CHECK(rho(extragradient{}, g, 1e-3) - 1 == Approx(-1e-6 / 8).epsilon(1e-6));
      CHECK(max_stable_step(extragradient{}, g, zero_of(g)) == Approx(2).epsilon(1e-9));
      CHECK(max_stable_step(extragradient{}, g, zero_of(g)) ==
            Approx(extragradient_bound(gan_spectrum())).epsilon(1e-9));
    }
    // In three dimensions each eigenvalue appears three times: the same bound.
    const f_gan<Eigen::Dynamic> gan3{.data = Eigen::VectorXd::Zero(3)};
    CHECK(max_stable_step(extragradient{}, gan3, zero_of(gan3)) == Approx(2).epsilon(1e-9));
  }
  SECTION("gan-r1 and wgan-div") {
    const double r1 = extragradient_bound(r1_spectrum(gamma_r1));
    const double div = extragradient_bound(wgan_div_spectrum(lambda_div));
    CHECK(max_stable_step(extragradient{}, gan_r1, zero_of(gan_r1)) == Approx(r1).epsilon(1e-9));
    CHECK(max_stable_step(extragradient{}, wgan_div, zero_of(wgan_div)) == Approx(div).epsilon(1e-9));
    CHECK(r1 == Approx(2.7586927823805).epsilon(1e-9));
    CHECK(div == Approx(1.4121643118336).epsilon(1e-9));
  }
  SECTION("a user's bilinear game: h* = 1/sigma_max(A) = sqrt 2 - 1") {
    const auto g = square_bilinear();
    CHECK(max_stable_step(extragradient{}, g, zero_of(g)) == Approx(std::sqrt(2.0) - 1).epsilon(1e-9));
    // With A 2 x 3 (examples/bilinear_game.cpp) v' has the eigenvalue 0: one eigenvalue of
    // every step's Jacobian is exactly 1, so no step is strictly stable.
    const user_bilinear<2, 3> wide{.a = (Eigen::Matrix<double, 2, 3>() << 1, 2, 0, 0, 1, -1).finished()};
    CHECK(max_stable_step(extragradient{}, wide, zero_of(wide)) == 0);
  }
  SECTION("iterating agrees: near the equilibrium, contraction below 2, growth above") {
    const auto g = gan<1>();
    const auto distance_after = [&](double h) {
      Eigen::Vector2d x(1e-3, 1e-3);
      extragradient::memory<Eigen::Vector2d> m;
      for (int k = 0; k < 2000; ++k) extragradient{}.step(g, x, m, h);
      return x.norm();
    };
    CHECK(distance_after(1.9) < 1e-3);
    CHECK(distance_after(2.1) > std::sqrt(2.0) * 1e-3);
  }
}

TEST_CASE("optimistic: both roots of z^2 - (1 + 2hl) z + hl inside the unit circle", "[max_stable_step]") {
  for (const f_gan<1>& g : {gan<1>(), nsgan<1>()}) {
    // rho -> 1 like 1 - h^2/8 here too.
    CHECK(std::abs(rho(optimistic{}, g, 1e-6) - 1) < 1e-12);
    CHECK(max_stable_step(optimistic{}, g, zero_of(g)) == Approx(2 / std::sqrt(3.0)).epsilon(1e-9));
  }
  CHECK(max_stable_step(optimistic{}, gan_r1, zero_of(gan_r1)) ==
        Approx(optimistic_bound(r1_spectrum(gamma_r1))).epsilon(1e-9));
  CHECK(max_stable_step(optimistic{}, wgan_div, zero_of(wgan_div)) ==
        Approx(optimistic_bound(wgan_div_spectrum(lambda_div))).epsilon(1e-9));
  const auto g = square_bilinear();
  CHECK(max_stable_step(optimistic{}, g, zero_of(g)) == Approx(optimistic_bound(bilinear_spectrum())).epsilon(1e-9));
}

TEST_CASE("momentum: the map of [x; m] written out by hand", "[max_stable_step]") {
  for (double beta : {0.5, -0.3}) {
    INFO("beta = " << beta);
    // gan-r1 in one dimension: a 4 x 4 map.
    const Eigen::MatrixXd a = gan_r1_jacobian(gamma_r1);
    const double by_hand = first_root([&](double h) { return radius_of(momentum_map(a, beta, h)) - 1; }, 1e-6);
    const double by_roots =
        first_root([&](double h) { return momentum_root_modulus(r1_spectrum(gamma_r1), beta, h) - 1; }, 1e-6);
    CHECK(by_hand == Approx(by_roots).epsilon(1e-9));
    CHECK(max_stable_step(momentum{.beta = beta}, gan_r1, zero_of(gan_r1)) == Approx(by_hand).epsilon(1e-9));
    // The bilinear game (and gan): l = i b gives |z|^2 = 1 + h^2 b^2 (1 + beta)/(1 - beta)^3 + ...,
    // unstable at every small step for |beta| < 1: h* = 0.
    Eigen::MatrixXd bilinear_v(4, 4);
    bilinear_v << 0, 0, -1, -2, 0, 0, 0, -1, 1, 0, 0, 0, 2, 1, 0, 0;
    for (double h : {1e-4, 1e-2, 0.3, 1.0}) CHECK(radius_of(momentum_map(bilinear_v, beta, h)) > 1);
    const auto g = square_bilinear();
    CHECK(max_stable_step(momentum{.beta = beta}, g, zero_of(g)) == 0);
    CHECK(max_stable_step(momentum{.beta = beta}, gan<1>(), zero_of(gan<1>())) == 0);
  }
}

TEST_CASE("altgd: marginal on gan (Lemma 3), Jury's criterion on gan-r1", "[max_stable_step]") {
  SECTION("gan: rho = 1 exactly while a = sqrt(ng nd) h f'(0) < 2, so no step is strictly stable") {
    const auto g = gan<1>();
    for (double h : {1e-3, 0.5, 2.0, 3.9}) CHECK(std::abs(rho(altgd{}, g, h) - 1) < 1e-12);
    CHECK(rho(altgd{}, g, 4.1) > 1.1);
    CHECK(max_stable_step(altgd{}, g, zero_of(g)) == 0);
    CHECK(max_stable_step(altgd{.order = {.nd = 5}}, g, zero_of(g)) == 0);
    CHECK(max_stable_step(altgd{}, g, zero_of(g), {.h_max = 3}) == 0);  // marginal on all of (0, h_max]
  }
  SECTION("gan-r1: the product of the two half-step matrices") {
    // theta' = theta - h c psi, then psi' = psi + h (c theta' - gamma psi), c = f'(0):
    //   G = [[1, -hc], [0, 1]],  D = [[1, 0], [hc, 1 - h gamma]],
    //   F = D G = [[1, -hc], [hc, 1 - h gamma - h^2 c^2]],  det F = 1 - h gamma,
    //   tr F = 2 - h gamma - h^2 c^2.
    // Jury: both eigenvalues inside the unit circle iff |det| < 1 and |tr| < 1 + det, i.e.
    // h gamma < 2 and c^2 h^2 + 2 gamma h - 4 < 0:
    //   h* = min(2/gamma, (-gamma + sqrt(gamma^2 + 4c^2)) / c^2).
    const double c = fp0, g = gamma_r1;
    const double jury = std::min(2 / g, (-g + std::sqrt(g * g + 4 * c * c)) / (c * c));
    CHECK(jury == Approx(2.9761226035642).epsilon(1e-12));
    const auto half_steps = [&](double h, int nd) {
      Eigen::Matrix2d gen, dis;
      gen << 1, -h * c, 0, 1;
      dis << 1, 0, h * c, 1 - h * g;
      Eigen::Matrix2d f = gen;
      for (int k = 0; k < nd; ++k) f = dis * f;
      return Eigen::MatrixXd(f);
    };
    CHECK(radius_of(half_steps(jury * (1 - 1e-7), 1)) < 1);
    CHECK(radius_of(half_steps(jury * (1 + 1e-7), 1)) > 1);
    CHECK(max_stable_step(altgd{}, gan_r1, zero_of(gan_r1)) == Approx(jury).epsilon(1e-9));
    // n_d = 5: D^5 G, searched directly.
    const double nd5 = first_root([&](double h) { return radius_of(half_steps(h, 5)) - 1; }, 1e-6);
    CHECK(max_stable_step(altgd{.order = {.nd = 5}}, gan_r1, zero_of(gan_r1)) == Approx(nd5).epsilon(1e-9));
  }
}

TEST_CASE("simgd: min 2a/(a^2 + b^2), in closed form through max_stable_step", "[max_stable_step]") {
  const auto by_formula = [](const std::vector<cd>& ls) {
    double bound = std::numeric_limits<double>::infinity();
    for (const cd l : ls) bound = l.real() < 0 ? std::min(bound, -2 * l.real() / std::norm(l)) : 0.0;
    return bound;
  };
  CHECK(by_formula(r1_spectrum(gamma_r1)) == Approx(4 * gamma_r1).epsilon(1e-14));  // 2 (g/2) / f'(0)^2
  CHECK(by_formula(wgan_div_spectrum(lambda_div)) == Approx(2 * lambda_div).epsilon(1e-14));
  const f_gan<1> strong_r1{.penalty = {.r1 = 2.0}};  // real eigenvalues -1 +- sqrt(3)/2
  CHECK(by_formula(r1_spectrum(2.0)) == Approx(2 / (1 + std::sqrt(3.0) / 2)).epsilon(1e-14));

  const auto both = [](const auto& g, double expected) {
    const auto x = zero_of(g);
    const double closed = max_stable_step(simgd{}, g, x);  // dispatched to the closed form
    const double scanned = max_stable_step(
        [&](double h) { return spectral_radius(step_jacobian(simgd{}, g, x, h)); });
    CHECK(closed == Approx(expected).epsilon(1e-12));
    CHECK(scanned == Approx(expected).epsilon(1e-9));
    CHECK(simgd_max_stable_h(jacobian(g, x)) == Approx(expected).epsilon(1e-12));
  };
  both(gan_r1, by_formula(r1_spectrum(gamma_r1)));
  both(wgan_div, by_formula(wgan_div_spectrum(lambda_div)));
  both(strong_r1, by_formula(r1_spectrum(2.0)));
  CHECK(max_stable_step(simgd{}, gan<1>(), zero_of(gan<1>())) == 0);
  CHECK(max_stable_step(simgd{}, square_bilinear(), zero_of(square_bilinear())) == 0);
  // Capped at h_max, like the search.
  CHECK(max_stable_step(simgd{}, gan_r1, zero_of(gan_r1), {.h_max = 1}) == 1);

  // h_D = s h: the closed form on D v' = [[0, -c], [s c, -s gamma]], eigenvalues
  // -s gamma/2 +- sqrt(s^2 gamma^2/4 - s c^2), against the search on the step Jacobian.
  for (double s : {0.5, 2.0, 40.0}) {
    INFO("discriminator_scale = " << s);
    const cd root = std::sqrt(cd(s * s * gamma_r1 * gamma_r1 / 4 - s * fp0 * fp0));
    const double expected = by_formula({-s * gamma_r1 / 2 + root, -s * gamma_r1 / 2 - root});
    const simgd rule{.discriminator_scale = s};
    CHECK(max_stable_step(rule, gan_r1, zero_of(gan_r1)) == Approx(expected).epsilon(1e-12));
    const auto z = zero_of(gan_r1);
    CHECK(max_stable_step([&](double h) { return spectral_radius(step_jacobian(rule, gan_r1, z, h)); }) ==
          Approx(expected).epsilon(1e-9));
  }
}

TEMPLATE_TEST_CASE("simgd's closed form in float, double and long double", "[max_stable_step]", float, double,
                   long double) {
  using T = TestType;
  using complex = std::complex<T>;
  const T g = T(3) / 10, c = T(1) / 2;
  Eigen::Matrix<T, 2, 2> v;
  v << 0, -c, c, -g;
  const auto from_matrix = simgd_max_stable_h(v);
  static_assert(std::is_same_v<std::remove_cv_t<decltype(from_matrix)>, T>);
  const T tolerance = 64 * std::numeric_limits<T>::epsilon();
  CHECK(std::abs(from_matrix - 4 * g) <= tolerance * 4 * g);  // 2 (g/2) / (g^2/4 + c^2 - g^2/4)
  const Eigen::Matrix<complex, 3, 1> lambda(complex(-1, 0), complex(-1, 2), complex(-1, -2));
  CHECK(std::abs(simgd_max_stable_h(lambda) - T(2) / 5) <= tolerance);
  CHECK(simgd_max_stable_h(Eigen::Matrix<complex, 2, 1>(complex(0, 1), complex(0, -1))) == 0);
}

TEST_CASE("the search decides the limit h -> 0 from the leading term", "[max_stable_step]") {
  const auto search = [](auto rho) { return max_stable_step(std::function<double(double)>(rho)); };
  // Extragradient on gan in closed form: rho^2 = 1 - h^2/4 + h^4/16.
  CHECK(search([](double h) { return std::sqrt(1 - h * h / 4 + h * h * h * h / 16); }) == Approx(2).epsilon(1e-9));
  // rho - 1 = -h^4 (1 - h): unresolved below h ~ 1e-3, stable up to 1.
  CHECK(search([](double h) { return 1 - std::pow(h, 4) * (1 - h); }) == Approx(1).epsilon(1e-9));
  // rho - 1 = +h^4 (1 - h): unstable at every small step (stable beyond 1): 0.
  CHECK(search([](double h) { return 1 + std::pow(h, 4) * (1 - h); }) == 0);
  // Exactly marginal everywhere, then unstable: 0.
  CHECK(search([](double) { return 1.0; }) == 0);
  CHECK(search([](double h) { return h < 3 ? 1.0 : 1 + (h - 3); }) == 0);
  // Marginal up to 1, stable from there: (0, h) is never all stable, 0. rho falls off a plateau
  // just below the first resolved step, which no power law c h^p does.
  CHECK(search([](double h) { return h < 1 ? 1.0 : 1 - (h - 1) / 10; }) == 0);
  // A power law of order above 22.7 (here 30) is not extrapolated to 0: refused, 0.
  CHECK(search([](double h) { return 1 - std::pow(h / 10, 30); }) == 0);
  // Stable at every step: h_max; a contraction that does not vanish at 0 (not a step of a
  // flow) is stable too.
  CHECK(search([](double h) { return 1 - h / 200; }) == 100);
  CHECK(search([](double) { return 0.5; }) == 100);
  CHECK(search([](double h) { return h < 7 ? 0.5 : 2.0; }) == Approx(7).epsilon(1e-9));
  // NaN is never stable.
  CHECK(search([](double h) { return h < 5 ? 1 - h / 10 : std::numeric_limits<double>::quiet_NaN(); }) ==
        Approx(5).epsilon(1e-9));
  // Bad searches.
  const auto one = [](double) { return 0.5; };
  CHECK_THROWS_AS(max_stable_step(one, {.h_max = 0}), std::invalid_argument);
  CHECK_THROWS_AS(max_stable_step(one, {.scan_points = 1}), std::invalid_argument);
  CHECK_THROWS_AS(max_stable_step(one, {.relative_tolerance = 0}), std::invalid_argument);
  CHECK_THROWS_AS(max_stable_step(one, {.rounding = -1}), std::invalid_argument);
}

// The simgd closed form and the bisection against simulated iterations (moved here from the
// flow and map analysis tests).
using vec = Eigen::VectorXd;
using Eigen::MatrixXd;
using Eigen::VectorXcd;
using namespace gandyn::registry;

namespace {

// Iterates x_{k+1} = x_k + h v(x_k) from x: +1 once ||x - centre|| has fallen below 1e-6 of
// its start, -1 once it has risen above 1e4 times it, 0 if `steps` run out first.
template <class G>
int simgd_fate(const G& g, const vec& centre, vec x, double h, int steps) {
  const double start = (x - centre).norm();
  for (int k = 0; k < steps; ++k) {
    x += h * vec(g(x));
    const double d = (x - centre).norm();
    if (!(d < 1e4 * start)) return -1;
    if (d < 1e-6 * start) return +1;
  }
  return 0;
}

}  // namespace

TEST_CASE("simgd step bound: min 2a/(a^2+b^2) over -a+ib, 0 unless every a > 0", "[analysis]") {
  using c = std::complex<double>;
  CHECK(simgd_max_stable_h(Eigen::Vector2cd(c(-1, 0), c(-3, 0))) == Approx(2.0 / 3).epsilon(1e-15));
  CHECK(simgd_max_stable_h(Eigen::Vector2cd(c(-1, 2), c(-1, -2))) == Approx(2.0 / 5).epsilon(1e-15));
  CHECK(simgd_max_stable_h(Eigen::Vector2cd(c(0, 1), c(0, -1))) == 0);
  CHECK(simgd_max_stable_h(Eigen::Vector3cd(c(-1, 0), c(0.1, 1), c(0.1, -1))) == 0);
  CHECK(simgd_max_stable_h(VectorXcd(0)) == std::numeric_limits<double>::infinity());
  // From a matrix: diag(-1, -3) -> 2/3
  CHECK(simgd_max_stable_h(MatrixXd(Eigen::Vector2d(-1, -3).asDiagonal())) == Approx(2.0 / 3));
  CHECK_THROWS_AS(simgd_max_stable_h(Eigen::Vector2cd(c(NAN, 0), c(-1, 0))), std::domain_error);
}

TEST_CASE("simgd step bound against simulated iterations on gan-r1 and nsgan-r1", "[analysis]") {
  for (const std::string name : {"gan-r1", "nsgan-r1"}) {
    for (int n : {1, 3}) {
      for (double gamma : {0.3, 1.6}) {
        INFO(name << ", n = " << n << ", gamma = " << gamma);
        const auto g = test::preset<f_gan<Eigen::Dynamic>>(name, {.gamma = gamma}, n);
        const vec centre = dirac_equilibrium(g);
        const double bound = simgd_max_stable_h(analyze_flow(g, centre).jacobian);
        // Independently: for gamma < 2 f'(0) the pair -gamma/2 +- i sqrt(f'^2 - gamma^2/4) gives
        // 2a/|lambda|^2 = gamma / f'(0)^2; beyond, the real pair gives 2 / (gamma/2 + sqrt(gamma^2/4 - f'^2)).
        const double expected = gamma < 1 ? gamma / 0.25 : 2 / (gamma / 2 + std::sqrt(gamma * gamma / 4 - 0.25));
        CHECK(bound == Approx(expected).epsilon(1e-12));
        const vec start = centre + 1e-9 * test::random_vector(2 * n, 7 + n).normalized();
        CHECK(simgd_fate(g, centre, start, 0.97 * bound, 20000) == +1);
        CHECK(simgd_fate(g, centre, start, 1.03 * bound, 20000) == -1);
      }
    }
  }
}

TEST_CASE("the largest stable step: simgd's closed form and the bisection agree with brute force", "[analysis]") {
  for (std::string name : {"gan-r1", "nsgan-r1"}) {
    const auto game = std::get<f_gan<Eigen::Dynamic>>(make_game(name, {}, 1));
    const vec zero = vec::Zero(2);
    // simgd: min_i 2 a_i / (a_i^2 + b_i^2) over eigenvalues -a_i + i b_i of v' (docs/analysis.md, "Largest stable step"):
    // here -0.15 +- 0.477i, so 0.3 / (0.0225 + 0.2275) = 1.2.
    const double closed = static_cast<double>(simgd_max_stable_h(jacobian(game, zero)));
    CHECK(closed == Approx(1.2).epsilon(1e-12));
    const double bisected = max_stable_step(simgd{}, game, zero);
    CHECK(bisected == Approx(closed).epsilon(1e-9));
    // brute force from near the equilibrium
    const vec x0 = vec::Constant(2, 1e-3);
    const auto final_distance = [&](const auto& rule, double h) {
      auto stepper = make_stepper<vec>(rule);
      vec x = x0;
      iterate(stepper, game, x, 4000, h, [](const vec&, long, double) { return true; });
      return x.norm();
    };
    CHECK(final_distance(simgd{}, 0.98 * closed) < x0.norm());
    CHECK(final_distance(simgd{}, 1.02 * closed) > x0.norm());
    for (double nd : {1, 5}) {
      const altgd rule{.order = {.nd = static_cast<int>(nd)}};
      const double h_alt = max_stable_step(rule, game, zero);
      INFO(name << " altgd nd = " << nd << ": " << h_alt);
      REQUIRE(h_alt > 0);
      CHECK(final_distance(rule, 0.98 * h_alt) < x0.norm());
      CHECK_FALSE(final_distance(rule, 1.02 * h_alt) < x0.norm());  // grows (or overflows)
    }
  }
  // No stable step: gan without regularisation under simgd (Lemma 2).
  const auto gan_game = gan<1>();
  CHECK(max_stable_step(simgd{}, gan_game, Eigen::Vector2d::Zero().eval()) == 0);
  CHECK(simgd_max_stable_h(jacobian(gan_game, Eigen::Vector2d::Zero().eval())) == 0);
}
