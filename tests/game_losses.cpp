// Every built-in game's losses (L_G, L_D) against its field: v = (-grad_theta L_G,
// +grad_psi L_D) (docs/games.md, "Losses"), the gradients taken by automatic differentiation
// of the losses (core/jacobian.hpp) at several points, n = 1 and 2, to 1e-12 relative; and a
// few loss values against the formulas written out here.
#include "support.hpp"

#include <gandyn/games/classic/bilinear.hpp>
#include <gandyn/games/classic/linear_wgan_mean.hpp>
#include <gandyn/games/classic/matching_pennies.hpp>
#include <gandyn/games/classic/tandem.hpp>
#include <gandyn/games/sampled_noise.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

using namespace gandyn;

namespace {

// [L_G; L_D] as a vector function of x, for value_and_jacobian.
template <class G>
struct loss_vector {
  const G& g;
  template <class S>
  Eigen::Matrix<S, 2, 1> operator()(const state_of<G, S>& x) const {
    const auto [l_g, l_d] = g.losses(x);
    return {l_g, l_d};
  }
};

// (-grad_theta L_G, +grad_psi L_D) at x; with `exchanged`, the field of the exchanged objectives
// (-grad_theta L_D, +grad_psi L_G) (games/f_gan.hpp; docs/analysis.md, "Vector-Jacobian products").
template <class G>
test::vec field_from_losses(const G& g, const state_of<G>& x, bool exchanged = false) {
  const auto jac = jacobian(loss_vector<G>{g}, x);
  const Eigen::Index n = g.generator_dim(), m = g.discriminator_dim();
  const Eigen::Index generator_row = exchanged ? 1 : 0, discriminator_row = 1 - generator_row;
  test::vec w(n + m);
  w.head(n) = -jac.row(generator_row).head(n).transpose();
  w.tail(m) = jac.row(discriminator_row).tail(m).transpose();
  return w;
}

template <class G>
void check_at(const G& g, const state_of<G>& x, double tolerance = 1e-12) {
  static_assert(game_with_losses<G>);
  const test::vec v = g(x);
  const test::vec w = field_from_losses(g, x);
  INFO("x = " << x.transpose() << "\nv = " << v.transpose() << "\n-grad L = " << w.transpose());
  REQUIRE(v.allFinite());
  CHECK((v - w).norm() <= tolerance * v.norm());
  if constexpr (requires(state_of<G>& out) { g.exchanged_field(x, out); }) {
    state_of<G> exchanged(x.size());
    g.exchanged_field(x, exchanged);
    const test::vec expected = field_from_losses(g, x, true);
    INFO("exchanged field " << exchanged.transpose() << "\n(-grad_theta L_D, grad_psi L_G) " << expected.transpose());
    CHECK((exchanged - expected).norm() <= tolerance * (expected.norm() + v.norm()));
    // v and w in one pass (what the consensus field calls): the same two fields.
    state_of<G> together_v, together_w;
    g.evaluate_with_exchanged_field(x, together_v, together_w);
    CHECK((together_v - w).norm() <= tolerance * v.norm());
    CHECK((together_w - expected).norm() <= tolerance * (expected.norm() + v.norm()));
    // On dual numbers with two tangents, as the consensus field evaluates them: the tangents are
    // the directional derivatives of v and w, here against central differences of the fields
    // from the losses (step 1e-5: error of order 1e-10 relative).
    using D = dual<double, 2>;
    using dual_state = state_of<G, D>;
    const state_of<G> u = test::random_vector(x.size(), 7, 1.0), t = test::random_vector(x.size(), 8, 1.0);
    dual_state lifted(x.size()), v_d, w_d;
    for (Eigen::Index i = 0; i < x.size(); ++i) lifted[i] = D(x[i], D::tangents{u[i], t[i]});
    g.evaluate_with_exchanged_field(lifted, v_d, w_d);
    const double step = 1e-5;
    for (int k = 0; k < 2; ++k) {
      const state_of<G>& dir = k == 0 ? u : t;
      const state_of<G> ahead = x + step * dir, behind = x - step * dir;
      const test::vec dv = (field_from_losses(g, ahead) - field_from_losses(g, behind)) / (2 * step);
      const test::vec dw = (field_from_losses(g, ahead, true) - field_from_losses(g, behind, true)) / (2 * step);
      test::vec v_tangent(x.size()), w_tangent(x.size());
      for (Eigen::Index i = 0; i < x.size(); ++i) {
        CHECK(std::abs(v_d[i].value - together_v[i]) <= 1e-12 * (1 + std::abs(together_v[i])));
        v_tangent[i] = v_d[i].tangent[k];
        w_tangent[i] = w_d[i].tangent[k];
      }
      INFO("tangent " << k << ": dv " << v_tangent.transpose() << " vs " << dv.transpose() << "\ndw " << w_tangent.transpose() << " vs " << dw.transpose());
      CHECK((v_tangent - dv).norm() <= 1e-7 * (1 + dv.norm()));
      CHECK((w_tangent - dw).norm() <= 1e-7 * (1 + dw.norm()));
    }
  }
}

// Points with theta != x*, psi != 0 (off every kink and norm-1 sphere by construction: the
// random entries are generic), at scales small and large.
template <int N, class G>
void check_game(const G& g, unsigned seed, double tolerance = 1e-12) {
  const Eigen::Index dim = 2 * g.generator_dim();
  for (unsigned k = 0; k < 6; ++k) {
    const double scale = k < 3 ? 0.4 : 2.0;
    const state_of<G> x = test::random_vector(dim, seed + 17 * k, scale);
    check_at(g, x, tolerance);
  }
}

template <int N>
Eigen::Matrix<double, N, 1> data_point() {
  Eigen::Matrix<double, N, 1> d(N == Eigen::Dynamic ? 3 : N);
  for (Eigen::Index i = 0; i < d.size(); ++i) d[i] = 0.7 - 0.9 * static_cast<double>(i);
  return d;
}

template <int N, class Loss>
void check_objectives(unsigned seed, double sigma, double tolerance) {
  const auto data = data_point<N>();
  const discriminator_penalty penalties[] = {
      {}, {.r1 = 0.3}, {.gp_lambda = 0.35, .gp_centre = 1}, {.gp_lambda = 0.35, .gp_centre = 0}, {.lp_lambda = 0.8}};
  for (const auto objective : {generator_objective::saturating, generator_objective::non_saturating,
                               generator_objective::feature_matching, generator_objective::critic,
                               generator_objective::least_squares})
    for (const auto& penalty : penalties)
      for (const bool at_zero : {false, true}) {
        const f_gan<N, Loss> g{.objective = objective,
                               .penalty = penalty,
                               .noise_sigma = sigma,
                               .data = at_zero ? Eigen::Matrix<double, N, 1>::Zero(data.size()) : data};
        INFO("objective " << static_cast<int>(objective) << ", r1 " << penalty.r1 << ", gp " << penalty.gp_lambda
                          << " c " << penalty.gp_centre << ", lp " << penalty.lp_lambda << ", sigma " << sigma);
        check_game<N>(g, seed, tolerance);
      }
}

}  // namespace

TEST_CASE("the probe game of the update-rule concept exposes its losses", "[losses]") {
  static_assert(game_with_losses<gandyn::detail::probe_game>);
  check_at(gandyn::detail::probe_game{}, state<double, 2>(0.3, -1.2));
}

TEST_CASE("f-GAN losses give the field: every loss, objective and penalty, n = 1 and 2", "[losses]") {
  check_objectives<1, logistic_loss>(1, 0, 1e-12);
  check_objectives<2, logistic_loss>(2, 0, 1e-12);
  check_objectives<1, linear_loss>(3, 0, 1e-12);
  check_objectives<2, linear_loss>(4, 0, 1e-12);
  check_objectives<1, least_squares_loss>(5, 0, 1e-12);
  check_objectives<2, least_squares_loss>(6, 0, 1e-12);
  check_objectives<1, hinge_loss>(7, 0, 1e-12);
  check_objectives<2, hinge_loss>(8, 0, 1e-12);
}

TEST_CASE("f-GAN losses at run-time size n = 3 give the field and the exchanged field", "[losses]") {
  check_objectives<Eigen::Dynamic, logistic_loss>(21, 0, 1e-12);
  check_objectives<Eigen::Dynamic, logistic_loss>(22, 0.7, 1e-12);
  check_objectives<Eigen::Dynamic, least_squares_loss>(23, 0.7, 1e-12);
  check_objectives<Eigen::Dynamic, hinge_loss>(24, 0, 1e-12);
}

TEST_CASE("instance-noise losses (exact expectations) give the noisy field", "[losses][noise]") {
  check_objectives<1, logistic_loss>(11, 0.7, 1e-12);
  check_objectives<2, logistic_loss>(12, 0.7, 1e-12);
  check_objectives<1, least_squares_loss>(13, 0.7, 1e-12);
  // Large noise scales s = sigma ||psi||: the quadrature adapts (docs/games.md).
  check_objectives<2, logistic_loss>(14, 6.0, 1e-12);
}

TEST_CASE("the losses' derivatives at psi = 0 with instance noise: the field and its Jacobian", "[losses][noise]") {
  // At psi = 0 the losses use the expansion in s^2: first derivatives give the field, and the
  // Hessian of L_D in psi gives the field's Jacobian block dv_psi/dpsi.
  const f_gan<2> g{.objective = generator_objective::non_saturating, .noise_sigma = 0.7, .data = {0.5, -1}};
  state<double, 4> x(0.3, 0.2, 0, 0);
  check_at(g, x);
  using D = dual<double, 4>;
  const auto grad_psi_l_d = [&](const state<D, 4>& z) {
    const auto jac = jacobian(loss_vector<f_gan<2>>{g}, z);  // nested: z is already dual
    return Eigen::Matrix<D, 2, 1>(jac(1, 2), jac(1, 3));
  };
  const auto hessian = jacobian(grad_psi_l_d, x);
  const auto field_jacobian = jacobian(g, x);
  CHECK((hessian.rightCols(2) - field_jacobian.bottomRightCorner(2, 2)).norm() <= 1e-12);
  CHECK((hessian.leftCols(2) - field_jacobian.bottomLeftCorner(2, 2)).norm() <= 1e-12);
}

TEST_CASE("normalised WGAN, WGAN-QC and consensus losses give their fields", "[losses]") {
  check_game<1>(normalised_wgan<1>{}, 21);
  check_game<2>(normalised_wgan<2>{.penalty = {.r1 = 0.3, .lp_lambda = 0.5}, .data = data_point<2>()}, 22);
  check_game<1>(wgan_qc<1>{.data = data_point<1>()}, 23);
  check_game<2>(wgan_qc<2>{.lambda = 0.9, .penalty = {.r1 = 0.3}, .data = data_point<2>()}, 24);
  check_game<2>(wgan_qc<2>{.lambda = 0}, 25);

  check_game<1>(consensus<f_gan<1>>{.game = {.penalty = {.r1 = 0.3}, .data = data_point<1>()}, .gamma = 1}, 31);
  check_game<2>(consensus<f_gan<2>>{.game = nsgan<2>(), .gamma = 0.4}, 32);
  check_game<2>(consensus<f_gan<2, linear_loss>>{.game = {.penalty = {.gp_lambda = 0.35}}, .gamma = 1}, 33);
  check_game<2>(consensus<f_gan<2, least_squares_loss>>{.game = lsgan<2>(), .gamma = 0.7}, 34);
  check_game<1>(consensus<f_gan<1, hinge_loss>>{.game = hinge<1>(), .gamma = 0.7}, 35);
  check_game<2>(consensus<normalised_wgan<2>>{.game = {.data = data_point<2>()}, .gamma = 0.5}, 36);
  check_game<2>(consensus<wgan_qc<2>>{.game = {.data = data_point<2>()}, .gamma = 0.5}, 37);
  check_game<1>(consensus<f_gan<1>>{.game = {.objective = generator_objective::non_saturating, .noise_sigma = 0.7},
                                    .gamma = 1},
                38);
}

TEST_CASE("Monte-Carlo instance noise: the same draws give field and losses", "[losses][noise]") {
  for (const auto objective : {generator_objective::saturating, generator_objective::non_saturating,
                               generator_objective::feature_matching, generator_objective::critic,
                               generator_objective::least_squares}) {
    sampled_noise<2> g{.game = {.objective = objective, .penalty = {.r1 = 0.3}, .noise_sigma = 0.7, .data = {0.5, -1}},
                       .samples = 16};
    const state<double, 4> x(0.4, -0.3, 0.8, 0.2);
    g.reseed(5);
    const test::vec v = g(x);
    g.reseed(5);
    const test::vec w = field_from_losses(g, x);
    CHECK((v - w).norm() <= 1e-12 * v.norm());
  }
}

TEST_CASE("classic games' losses give their fields", "[losses][classic]") {
  check_game<1>(bilinear_game<1>{}, 41);
  check_game<2>(bilinear_game<2>{.coupling = (Eigen::Matrix2d() << 1, 2, -0.5, 3).finished()}, 42);
  check_game<1>(linear_wgan_mean<1>{.data = Eigen::Matrix<double, 1, 1>(3)}, 43);
  check_game<2>(linear_wgan_mean<2>{}, 44);
  check_game<1>(tandem{}, 45);
  check_game<1>(matching_pennies{}, 46);
  check_game<1>(consensus<tandem>{.game = {}, .gamma = 0.3}, 47);
}

TEST_CASE("loss values against the formulas written out", "[losses]") {
  const double t = 0.6, p = -1.3, xs = 0.5;  // theta, psi, x* in one dimension
  const state<double, 2> x(t, p);
  const double a = p * t, b = -p * xs;
  const auto log_f = [](double z) { return -std::log(1 + std::exp(-z)); };
  {  // gan-r1: L_D = f(a) + f(b) - gamma/2 psi^2, L_G = f(a) + f(b)
    const f_gan<1> g{.penalty = {.r1 = 0.3}, .data = Eigen::Matrix<double, 1, 1>(xs)};
    const auto [l_g, l_d] = g.losses(x);
    CHECK(l_d == Approx(log_f(a) + log_f(b) - 0.15 * p * p).epsilon(1e-14));
    CHECK(l_g == Approx(log_f(a) + log_f(b)).epsilon(1e-14));
  }
  {  // hinge (Miyato et al. 2018 with D = -D_Miyato): L_D = -max(0, 1 - a) - max(0, 1 - b), L_G = a
    const f_gan<1, hinge_loss> g{.objective = generator_objective::critic, .data = Eigen::Matrix<double, 1, 1>(xs)};
    const auto [l_g, l_d] = g.losses(x);
    CHECK(l_d == Approx(-std::max(0.0, 1 - a) - std::max(0.0, 1 - b)).epsilon(1e-14));
    CHECK(l_g == Approx(a).epsilon(1e-14));
  }
  {  // lsgan (Mao et al. 2017, a = -1, b = 1, c = 0, D_Mao = -D):
     // L_D = -1/2 (D_Mao(theta) + 1)^2 - 1/2 (D_Mao(x*) - 1)^2, L_G = 1/2 D_Mao(theta)^2
    const f_gan<1, least_squares_loss> g{.objective = generator_objective::least_squares,
                                         .data = Eigen::Matrix<double, 1, 1>(xs)};
    const auto [l_g, l_d] = g.losses(x);
    const double mao_fake = -p * t, mao_real = -p * xs;
    CHECK(l_d == Approx(-0.5 * (mao_fake + 1) * (mao_fake + 1) - 0.5 * (mao_real - 1) * (mao_real - 1)).epsilon(1e-14));
    CHECK(l_g == Approx(0.5 * mao_fake * mao_fake).epsilon(1e-14));
  }
  {  // wgan-gp: L_D = psi (theta - x*) - lambda (|psi| - c)^2
    const f_gan<1, linear_loss> g{.penalty = {.gp_lambda = 0.35, .gp_centre = 1}, .data = Eigen::Matrix<double, 1, 1>(xs)};
    CHECK(g.losses(x).second == Approx(p * (t - xs) - 0.35 * (std::abs(p) - 1) * (std::abs(p) - 1)).epsilon(1e-14));
  }
  {  // consensus: L_G + gamma/2 ||v||^2, L_D - gamma/2 ||v||^2
    const f_gan<1> base{.data = Eigen::Matrix<double, 1, 1>(xs)};
    const consensus<f_gan<1>> g{.game = base, .gamma = 0.4};
    const double sig_a = 1 / (1 + std::exp(a)), sig_b = 1 / (1 + std::exp(b));  // f'(t) = sigmoid(-t)
    const double v_theta = -sig_a * p, v_psi = sig_a * t - sig_b * xs;
    const double half = 0.2 * (v_theta * v_theta + v_psi * v_psi);
    CHECK(g.losses(x).first == Approx(log_f(a) + log_f(b) + half).epsilon(1e-14));
    CHECK(g.losses(x).second == Approx(log_f(a) + log_f(b) - half).epsilon(1e-14));
  }
}
