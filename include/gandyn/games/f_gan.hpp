// The Dirac-GAN with a linear critic D(x) = psi . x and a loss f (docs/conventions.md,
// "The Dirac-GAN" and "The loss family"; docs/games.md, "The catalogue"; Mescheder, Geiger &
// Nowozin 2018, section 2.2; gan-training-convergence-analysis.fa.txt, "Dirac-GAN"): data is
// a point mass at x*, the generator a point mass at theta,
//   L_D = f(psi . theta) + f(-psi . x*)   (minus the penalties),
// and the generator's objective is saturating, non-saturating or feature matching.
//
// With logistic_loss this is `gan`, `nsgan` and `nsgan-fm`; with linear_loss it is
// `wgan` (clip K), `wgan-gp` / `wgan-div` (gradient penalty) and `wgan-lp`; with hinge_loss
// and the critic objective `hinge`, with least_squares_loss and the least-squares objective
// `lsgan` (docs/games.md, "hinge" and "lsgan"). Instance noise
// of scale sigma is taken by exact expectation (docs/games.md, "Instance noise, exactly");
// sigma = 0 switches it off.
#pragma once

#include "gandyn/core/batch.hpp"
#include "gandyn/core/game.hpp"
#include "gandyn/core/state.hpp"
#include "gandyn/games/instance_noise.hpp"
#include "gandyn/games/losses.hpp"
#include "gandyn/games/penalties.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

namespace gandyn {

enum class generator_objective {
  saturating,        // L_G = L_D:  v_theta = -f'(psi.theta) psi  (Goodfellow et al. 2014)
  non_saturating,    // L_G = -f(-psi.theta):  v_theta = -f'(-psi.theta) psi
  feature_matching,  // L_G = (psi.theta - psi.x*)^2:  v_theta = -2 (psi.(theta - x*)) psi
                     // (Salimans et al. 2016; gan-tutorial-improved-fgan-wgan.zh.txt)
  critic,            // L_G = D(theta) = psi.theta:  v_theta = -psi  (the hinge GAN's generator,
                     // Miyato et al. 2018, section 4; WGAN's, Arjovsky et al. 2017)
  least_squares,     // L_G = D(theta)^2 / 2:  v_theta = -(psi.theta) psi  (LSGAN with c = 0,
                     // Mao et al. 2017, eq. 2; docs/games.md, "lsgan")
};

template <int N = 1, class Loss = logistic_loss>
struct f_gan {
  static constexpr int dimension = N;
  static constexpr int state_size = doubled(N);
  using data_type = Eigen::Matrix<double, N, 1>;

  generator_objective objective = generator_objective::saturating;
  discriminator_penalty penalty{};
  double noise_sigma = 0;                                   // instance noise N(0, sigma^2 I)
  double clip = std::numeric_limits<double>::infinity();    // WGAN weight clipping |psi_i| <= clip
  data_type data = data_type::Zero(N == Eigen::Dynamic ? 0 : N);  // x*; size n when N is Dynamic

  Eigen::Index generator_dim() const { return data.size(); }
  Eigen::Index discriminator_dim() const { return data.size(); }

  // Whether the players share one objective up to terms in one player's parameters alone
  // (L_G - L_D = g(theta) + h(psi)): true for the saturating generator, whose L_G is L_D
  // without the discriminator's penalties (functions of psi), with or without instance noise.
  // Then dv_psi/dtheta = -(dv_theta/dpsi)^T and J^T = S J S, S = diag(I, -I) (games/consensus.hpp).
  bool zero_sum() const { return objective == generator_objective::saturating; }

  // The penalties' points without a derivative, and for a loss with a kink (hinge, f' jumps at
  // t = kink) the points where D(theta) = psi.theta or -D(x*) = -psi.x* is at the kink, to
  // within 8 machine epsilons relative (docs/games.md, "Where a field is not differentiable").
  // With instance noise (s = sigma ||psi|| > 0) the expectation smooths the kink.
  template <class X>
  std::optional<std::string> non_differentiable_reason(const X& x) const {
    const auto psi = x.tail(discriminator_dim());
    if constexpr (requires { Loss::kink; }) {
      if (noise_sigma == 0 || psi.squaredNorm() == 0) {
        const auto at_kink = [](double t) {
          return std::abs(t - Loss::kink) <= 8 * std::numeric_limits<double>::epsilon() * std::max(1.0, std::abs(t));
        };
        const double a = psi.dot(x.head(generator_dim()));
        const double b = -psi.dot(data);
        if (at_kink(a)) return "hinge is not differentiable where D(theta) = psi.theta = 1 (f' jumps)";
        if (at_kink(b)) return "hinge is not differentiable where -D(x*) = -psi.x* = 1 (f' jumps)";
      }
    }
    return gandyn::non_differentiable_reason(penalty, psi);
  }

  // The players' objectives (L_G, L_D) at x, with v = (-grad_theta L_G, +grad_psi L_D)
  // (docs/games.md, "Losses"): L_D = f(a) + f(b) - P(psi), a = psi.theta, b = -psi.x*, P the
  // penalties; with instance noise each f(t) is its expectation E f(t + s eta),
  // s = sigma ||psi||. L_G by the objective: saturating f(a) + f(b) (the value function,
  // without the discriminator's penalties), non-saturating -f(-a), feature matching (a + b)^2,
  // critic a, least squares a^2/2 (noise: (a^2 + s^2)/2).
  template <class S>
  std::pair<S, S> losses(const dirac_state<S, N>& x) const {
    using std::sqrt;
    const auto theta = generator_part<N>(x);
    const auto psi = discriminator_part<N>(x);
    const auto xs = data.template cast<S>();
    const S a = psi.dot(theta);
    const S b = -psi.dot(xs);
    const S squared = psi.squaredNorm();
    // E f(t + s eta). At psi = 0 exactly, f(t) + sigma^2 ||psi||^2 f''(t) / 2: the expectation's
    // expansion in s^2, whose first and second derivatives at psi = 0 are exact (a square root
    // of psi.psi has none there).
    const auto expected = [&](const S& t) -> S {
      if (noise_sigma == 0) return Loss::f(t);
      if (primal(squared) == 0) return Loss::f(t) + S(0.5 * noise_sigma * noise_sigma) * squared * Loss::d2f(t);
      return noisy_value<Loss>(t, S(S(noise_sigma) * sqrt(squared)));
    };
    const S value = expected(a) + expected(b);
    const S l_d = value - penalty_value(penalty, psi);
    switch (objective) {
      case generator_objective::saturating:
        return {value, l_d};
      case generator_objective::non_saturating:
        return {-expected(S(-a)), l_d};
      case generator_objective::feature_matching:
        return {(a + b) * (a + b), l_d};
      case generator_objective::critic:
        return {a, l_d};
      case generator_objective::least_squares:
        return {S(0.5) * (a * a + S(noise_sigma * noise_sigma) * squared), l_d};
    }
    return {value, l_d};
  }

  // Forced inline into the update rule: a field returned through memory from an out-of-line
  // call adds store-to-load latency to every step (benchmarks/rules.cpp).
  template <class S>
  [[gnu::always_inline]] dirac_state<S, N> operator()(const dirac_state<S, N>& x) const {
    dirac_state<S, N> v(x.size());
    dispatch_field<blocks::both>(x, v);
    return v;
  }

  // v(x) written into v, resized to x's length if it differs (v must not alias x).
  template <class S, class V>
  [[gnu::always_inline]] void evaluate(const dirac_state<S, N>& x, V& v) const {
    if (v.size() != x.size()) v.resize(x.size());
    dispatch_field<blocks::both>(x, v);
  }

  // The field of the exchanged objectives, w = (-grad_theta L_D, +grad_psi L_G), written into w
  // (docs/analysis.md, "Vector-Jacobian products"): the consensus field takes J^T v from the
  // forward-mode derivatives of v and w. With E over the instance noise (s = sigma ||psi||;
  // plain f', f'' without noise) and Stein's lemma for the derivative of s (docs/games.md,
  // "Instance noise, exactly"):
  //   w_theta = -E f'(a + s eta) psi                 (L_D = E f(a + s eta) + E f(-psi.x* + s eta) - P)
  //   w_psi   = grad_psi L_G by objective:
  //     saturating       E f'(a + s eta) theta - E f'(b + s eta) x* + sigma^2 (E f''(a + s eta) + E f''(b + s eta)) psi
  //     non-saturating   E f'(-a + s eta) theta - sigma^2 E f''(-a + s eta) psi   (L_G = -E f(-a + s eta))
  //     feature matching 2 (a + b) (theta - x*)                                   (L_G = (a + b)^2)
  //     critic           theta                                                    (L_G = a)
  //     least squares    a theta + sigma^2 psi                                    (L_G = (a^2 + sigma^2 ||psi||^2) / 2)
  // The penalties are the discriminator's alone: they enter neither block.
  template <class S, class V>
  void exchanged_field(const dirac_state<S, N>& x, V& w) const {
    if (w.size() != x.size()) w.resize(x.size());
    using std::sqrt;
    const auto theta = generator_part<N>(x);
    const auto psi = discriminator_part<N>(x);
    const S a = inner(psi, theta);
    const bool needs_b = objective == generator_objective::saturating || objective == generator_objective::feature_matching;
    const S b = needs_b ? S(-inner(psi, data.template cast<S>())) : S(0);
    const S squared = noise_sigma == 0 ? S(0) : S(psi.squaredNorm());
    const S s = primal(squared) == 0 ? S(0) : S(S(noise_sigma) * sqrt(squared));
    const auto expected = [&](const S& t) -> noisy_slopes<S> {
      if (noise_sigma == 0) return {Loss::df(t), S(0)};
      return noisy_at(t, s);
    };
    // f'(a) and f'(-a) from one exponential without noise.
    exchanged_slopes<S> e{{S(0), S(0)}, {S(0), S(0)}, {S(0), S(0)}};
    if (noise_sigma == 0) {
      const auto [d1, d1_reflected] = Loss::df_pair(a);
      e.fake.d1 = d1;
      e.reflected.d1 = d1_reflected;
    } else {
      e.fake = expected(a);
      if (objective == generator_objective::non_saturating) e.reflected = expected(S(-a));
    }
    if (objective == generator_objective::saturating) e.real = expected(b);
    write_exchanged_field(x, a, b, e, w);
  }

  // v(x) and the exchanged field w(x) together (the consensus field's two evaluations on dual
  // numbers, games/consensus.hpp): without instance noise w takes a = psi.theta, b = -psi.x*
  // and the slopes f'(a), f'(-a), f'(b) from the evaluation of v instead of computing them
  // again (benchmarks/consensus.cpp); with noise, the two evaluations.
  template <class S, class V>
  void evaluate_with_exchanged_field(const dirac_state<S, N>& x, V& v, V& w) const {
    if (noise_sigma != 0) {
      evaluate(x, v);
      exchanged_field(x, w);
      return;
    }
    if (v.size() != x.size()) v.resize(x.size());
    if (w.size() != x.size()) w.resize(x.size());
    const field_terms<S> t = write_field<false, blocks::both>(x, v);
    write_exchanged_field(x, t.a, t.b, {{t.fake.d1, S(0)}, {t.fake.reflected, S(0)}, {t.real.d1, S(0)}}, w);
  }

  // Player p's block of v(x) only (core/game.hpp): the generator's step skips the real data's
  // slope and the penalties, the discriminator's the generator's objective.
  template <class S, class V>
  [[gnu::always_inline]] void evaluate_block(const dirac_state<S, N>& x, V& v, player p) const {
    if (v.size() != x.size()) v.resize(x.size());
    if (p == player::generator) {
      dispatch_field<blocks::generator>(x, v);
    } else {
      dispatch_field<blocks::discriminator>(x, v);
    }
  }

  // Weight clipping of the critic, psi_i in [-clip, clip] (Arjovsky et al. 2017, Algorithm 1):
  // a projection applied by the update rules after every parameter update.
  // Returns whether x changed.
  template <class V>
  bool project(V& x) const {
    if (!(clip < std::numeric_limits<double>::infinity())) return false;
    auto psi = discriminator_part<N>(x);
    using S = typename V::Scalar;
    // Selects, not branches: a batch of trajectories (core/batch.hpp) clips lane by lane.
    bool changed = false;
    for (Eigen::Index i = 0; i < psi.size(); ++i) {
      const auto above = primal(psi[i]) > S(clip), below = primal(psi[i]) < S(-clip);
      changed = changed || any(above || below);
      psi[i] = select(above, S(clip), select(below, S(-clip), S(psi[i])));
    }
    return changed;
  }

 private:
  // The field with and without instance noise as two compiled paths: the noiseless one then
  // keeps its slopes in registers instead of joining the noise quadrature's results in memory.
  // Which of v's blocks a call writes.
  enum class blocks { both, generator, discriminator };

  // The expectations the exchanged field needs: E f'(t + s eta) and E f''(t + s eta) at t = a
  // (fake), -a (reflected, the non-saturating generator) and b (real, the saturating one).
  template <class S>
  struct exchanged_slopes {
    noisy_slopes<S> fake, reflected, real;
  };

  // w from a, b and the slopes (the formulas above exchanged_field); without noise sigma^2 = 0
  // and the terms in psi vanish.
  template <class S, class V>
  [[gnu::always_inline]] void write_exchanged_field(const dirac_state<S, N>& x, const S& a, const S& b,
                                                    const exchanged_slopes<S>& e, V& w) const {
    const auto theta = generator_part<N>(x);
    const auto psi = discriminator_part<N>(x);
    const auto& xs = data.template cast<S>();
    const bool noisy = noise_sigma != 0;
    const S variance(noise_sigma * noise_sigma);
    auto w_theta = generator_part<N>(w);
    auto w_psi = discriminator_part<N>(w);
    for (Eigen::Index i = 0; i < theta.size(); ++i) w_theta[i] = -e.fake.d1 * psi[i];
    switch (objective) {
      case generator_objective::saturating: {
        for (Eigen::Index i = 0; i < theta.size(); ++i) w_psi[i] = e.fake.d1 * theta[i] - e.real.d1 * xs[i];
        if (noisy) {
          const S k = variance * (e.fake.d2 + e.real.d2);
          for (Eigen::Index i = 0; i < theta.size(); ++i) w_psi[i] += k * psi[i];
        }
        break;
      }
      case generator_objective::non_saturating: {
        for (Eigen::Index i = 0; i < theta.size(); ++i) w_psi[i] = e.reflected.d1 * theta[i];
        if (noisy) {
          const S k = -variance * e.reflected.d2;
          for (Eigen::Index i = 0; i < theta.size(); ++i) w_psi[i] += k * psi[i];
        }
        break;
      }
      case generator_objective::feature_matching: {
        const S k = S(2) * (a + b);
        for (Eigen::Index i = 0; i < theta.size(); ++i) w_psi[i] = k * (theta[i] - xs[i]);
        break;
      }
      case generator_objective::critic:
        for (Eigen::Index i = 0; i < theta.size(); ++i) w_psi[i] = theta[i];
        break;
      case generator_objective::least_squares:
        for (Eigen::Index i = 0; i < theta.size(); ++i) w_psi[i] = a * theta[i];
        if (noisy)
          for (Eigen::Index i = 0; i < theta.size(); ++i) w_psi[i] += variance * psi[i];
        break;
    }
  }

  template <blocks Which, class S, class V>
  [[gnu::always_inline]] void dispatch_field(const dirac_state<S, N>& x, V& v) const {
    if (noise_sigma == 0) {
      write_field<false, Which>(x, v);
    } else {
      write_field<true, Which>(x, v);
    }
  }

  // v(x) into v of x's length (the field of docs/games.md, "The catalogue", written once for
  // operator() and evaluate). Returns a, b and the slopes, which the exchanged field reuses.
  template <bool Noisy, blocks Which, class S, class V>
  [[gnu::always_inline]] auto write_field(const dirac_state<S, N>& x, V& v) const {
    constexpr bool theta_block = Which != blocks::discriminator, psi_block = Which != blocks::generator;
    const auto theta = generator_part<N>(x);
    const auto psi = discriminator_part<N>(x);
    const auto& xs = data.template cast<S>();  // a reference to data when S = double: no copy
    // On dual numbers, for the usual x* = 0, b = -psi.x* and the term in x* are exactly zero:
    // they are skipped instead of taken on duals whose tangents are all zero (the consensus
    // field's J^T v, benchmarks/consensus.cpp).
    const bool data_terms = !(is_dual<S>::value && data_is_zero());
    const S a = inner(psi, theta);                      // D(theta)
    const S b = data_terms ? S(-inner(psi, xs)) : S(0);  // -D(x*)

    // s = sigma ||psi||, the noise scale seen by the critic (0 without noise). ||psi|| is
    // not differentiable at psi = 0 but every expectation is even in s: the subgradient 0
    // used there is the derivative of the smooth function of s^2.
    using std::sqrt;
    S s(0);
    if constexpr (Noisy) {
      const S squared = psi.squaredNorm();
      const auto at_zero = primal(squared) == S(0);
      s = select(at_zero, S(0), S(S(noise_sigma) * sqrt(select(at_zero, S(1), squared))));
    }
    const slopes_at<S> fake = slopes<Noisy>(a, s, theta_block && objective == generator_objective::non_saturating);
    // For a batch, b = 0 in every lane when x* = 0 (the usual data): the slopes there are the
    // constants that plain doubles get from the test t == 0 in `slopes`, without an exponential.
    const slopes_at<S> real = [&] {
      if constexpr (!psi_block) return slopes_at<S>{S(0), S(0), S(0)};  // not used
      if constexpr (!Noisy && is_batch_v<S>) {
        if (data_is_zero()) return slopes_at<S>{S(Loss::df(0.0)), S(0), S(Loss::df(0.0))};
      }
      return slopes<Noisy>(b, s, false);
    }();
    const field_terms<S> terms{a, b, fake, real};

    // v_psi = f'(psi.theta) theta - f'(-psi.x*) x*   (docs/games.md, "gan"), and with noise
    // the exact expectation over real and fake noise by Stein's lemma (docs/games.md,
    // "Instance noise, exactly"):
    // v_psi = E f'(a + s eta) theta - E f'(b + s eta) x* + sigma^2 (E f''(a + s eta) + E f''(b + s eta)) psi
    // and the penalties' terms c psi (games/penalties.hpp). Every term of v_theta is a multiple
    // of psi: -f'(a) psi (saturating), -f'(-a) psi (non-saturating; E f'(-a - s eta) =
    // E f'(-a + s eta)), -2 (a + b) psi (feature matching; a + b = psi.(theta - x*)), -psi
    // (critic), -a psi (least squares).
    S k_theta = -fake.d1;  // saturating
    if constexpr (theta_block) switch (objective) {
      case generator_objective::saturating:
        break;
      case generator_objective::non_saturating:
        k_theta = -fake.reflected;
        break;
      case generator_objective::feature_matching:
        k_theta = S(-2) * (a + b);
        break;
      case generator_objective::critic:  // E psi.(theta + sigma eps) = psi.theta
        k_theta = S(-1);
        break;
      case generator_objective::least_squares:  // grad_theta E (a + s eta)^2/2 = a psi
        k_theta = -a;
        break;
    }
    auto v_theta = generator_part<N>(v);
    auto v_psi = discriminator_part<N>(v);
    if constexpr (std::is_arithmetic_v<S>) {
      if constexpr (theta_block) v_theta = k_theta * psi;
      if constexpr (psi_block) v_psi = fake.d1 * theta - real.d1 * xs;
    } else {
      // The same, as an index loop: GCC leaves Eigen's scalar-times-vector expressions of dual
      // numbers out of line once a unit has grown (--param inline-unit-growth), which made an
      // exact Jacobian at n = 2 half again slower (benchmarks/jacobian.cpp).
      for (Eigen::Index i = 0; i < theta.size(); ++i) {
        if constexpr (theta_block) v_theta[i] = k_theta * psi[i];
        if constexpr (psi_block) v_psi[i] = data_terms ? S(fake.d1 * theta[i] - real.d1 * xs[i]) : S(fake.d1 * theta[i]);
      }
    }
    if constexpr (!psi_block) return terms;
    if constexpr (Noisy) v_psi += (S(noise_sigma * noise_sigma) * (fake.d2 + real.d2)) * psi;
    if (!is_active(penalty)) return terms;
    // The penalties' term (fixed + scaled) psi. A step at a small fixed n is bound by latency:
    // the scaled part, which waits for ||psi||, is added last on its own. At larger n a step is
    // bound by throughput: one pass over psi with the whole coefficient.
    const penalty_parts<S> c = penalty_coefficients(penalty, psi);
    if constexpr (N != Eigen::Dynamic && N <= 4) {
      v_psi += c.fixed * psi;
      if (depends_on_norm(penalty)) v_psi += c.scaled * psi;
    } else {
      v_psi += (c.fixed + c.scaled) * psi;
    }
    return terms;
  }

  // Whether x* = 0, by one vectorised reduction: Eigen's isZero tests one coordinate at a time,
  // which at n = 64 took a tenth of the consensus field's evaluation on dual numbers
  // (benchmarks/consensus.cpp). A NaN coordinate is not zero.
  bool data_is_zero() const {
    return data.size() == 0 || data.cwiseAbs().template maxCoeff<Eigen::PropagateNaN>() == 0;
  }

  // u . w: Eigen's dot product in plain numbers; an index loop for dual numbers, whose Eigen
  // reductions GCC leaves out of line once a unit has grown (see write_field).
  template <class U, class W>
  [[gnu::always_inline]] static typename U::Scalar inner(const U& u, const W& w) {
    using S = typename U::Scalar;
    if constexpr (std::is_arithmetic_v<S>) {
      return u.dot(w);
    } else if (u.size() < 8) {  // (a compile-time constant at fixed size)
      if (u.size() == 0) return S(0);
      S sum = u[0] * w[0];
      for (Eigen::Index i = 1; i < u.size(); ++i) sum += u[i] * w[i];
      return sum;
    } else {
      // Four partial sums: a long vector's sum is then not one chain of dependent additions
      // (the consensus field at n = 64 sums on dual numbers; benchmarks/consensus.cpp).
      S sum[4] = {S(0), S(0), S(0), S(0)};
      Eigen::Index i = 0;
      for (; i + 4 <= u.size(); i += 4)
        for (int k = 0; k < 4; ++k) sum[k] += u[i + k] * w[i + k];
      for (; i < u.size(); ++i) sum[0] += u[i] * w[i];
      return (sum[0] + sum[1]) + (sum[2] + sum[3]);
    }
  }

  // The slopes at t = a or b: E f'(t + s eta), E f''(t + s eta) and, if `with_reflected` (the
  // non-saturating generator at t = a), E f'(-t + s eta). Without noise just f'(t) and f'(-t),
  // from one exponential (f'' is not needed). At t = 0 in plain doubles (b = -psi.x* is 0 at
  // every step for the usual x* = 0) the slopes are constants, folded at compile time, and
  // in first-order dual numbers their tangents are f''(0) times t's (no exponential).
  template <class S>
  struct slopes_at {
    S d1, d2, reflected;
  };
  // What write_field computed on the way: a = psi.theta, b = -psi.x* and the slopes at each.
  template <class S>
  struct field_terms {
    S a, b;
    slopes_at<S> fake, real;
  };
  template <bool Noisy, class S>
  [[gnu::always_inline]] slopes_at<S> slopes(const S& t, const S& s, bool with_reflected) const {
    if constexpr (!Noisy) {
      if constexpr (std::is_arithmetic_v<S>) {
        if (t == 0) return {Loss::df(S(0)), S(0), Loss::df(S(0))};
      } else if constexpr (first_order_dual<S>) {  // f'(+-t) = f'(0) +- f''(0) dt, exactly
        if (t.value == 0) return {S::chain(Loss::df(0.0), Loss::d2f(0.0), t), S(0), S::chain(Loss::df(0.0), -Loss::d2f(0.0), t)};
      }
      const auto [d1, reflected] = Loss::df_pair(t);
      return {d1, S(0), reflected};
    } else {
      return noisy_slopes_at(t, s, with_reflected);
    }
  }
  // The quadrature (hundreds of exponentials) stays out of line, so that the noiseless field
  // is small enough for the compiler to inline everything it calls into the update rule.
  template <class S>
  [[gnu::noinline]] static noisy_slopes<S> noisy_at(const S& t, const S& s) {
    return noisy_expectation<Loss>(t, s);
  }
  template <class S>
  [[gnu::noinline]] slopes_at<S> noisy_slopes_at(const S& t, const S& s, bool with_reflected) const {
    const noisy_slopes<S> at_t = noisy_expectation<Loss>(t, s);
    return {at_t.d1, at_t.d2, with_reflected ? noisy_expectation<Loss>(S(-t), s).d1 : S(0)};
  }
};

// The f-GAN family under its documented names (docs/games.md, "Names"), as ready-made values.
template <int N = 1>
f_gan<N> gan() {
  return {};
}
template <int N = 1>
f_gan<N> nsgan() {
  return {.objective = generator_objective::non_saturating};
}
template <int N = 1>
f_gan<N, hinge_loss> hinge() {
  return {.objective = generator_objective::critic};
}
template <int N = 1>
f_gan<N, least_squares_loss> lsgan() {
  return {.objective = generator_objective::least_squares};
}

}  // namespace gandyn
