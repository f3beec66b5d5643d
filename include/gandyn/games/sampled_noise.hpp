// Instance noise by Monte Carlo: the minibatch estimate of the noisy field, for
// stochastic-gradient studies (docs/games.md, "Instance noise"). Each evaluation draws
// `samples` real points x* + sigma eps and fake points theta + sigma eps' from a seeded
// generator and averages the literal per-sample gradients of L_D and L_G (no Stein's lemma:
// that is the exact field's business, f_gan with noise_sigma > 0, to which this converges at
// the 1/sqrt(N) rate).
#pragma once

#include "gandyn/games/f_gan.hpp"

#include <cstdint>
#include <random>
#include <utility>

namespace gandyn {

template <int N = 1, class Loss = logistic_loss>
struct sampled_noise {
  static constexpr int state_size = doubled(N);

  f_gan<N, Loss> game{};       // objective, penalty, data; game.noise_sigma is the noise scale
  int samples = 64;            // minibatch size per evaluation
  std::uint64_t seed = 0;      // the same seed gives the same sequence of fields
  mutable std::mt19937_64 engine{seed};

  Eigen::Index generator_dim() const { return game.generator_dim(); }
  Eigen::Index discriminator_dim() const { return game.discriminator_dim(); }

  // Not differentiable where the base game is not.
  template <class X>
  std::optional<std::string> non_differentiable_reason(const X& x) const {
    return gandyn::non_differentiable_reason(game, x);
  }

  void reseed(std::uint64_t s) {
    seed = s;
    engine.seed(s);
  }

  template <class S>
  dirac_state<S, N> operator()(const dirac_state<S, N>& x) const {
    const auto theta = generator_part<N>(x);
    const auto psi = discriminator_part<N>(x);
    const Eigen::Index n = theta.size();
    std::normal_distribution<double> normal;
    const auto draw = [&] {
      Eigen::Matrix<S, N, 1> e(n);
      for (Eigen::Index i = 0; i < n; ++i) e[i] = S(game.noise_sigma * normal(engine));
      return e;
    };
    dirac_state<S, N> v = dirac_state<S, N>::Zero(x.size());
    auto v_theta = generator_part<N>(v);
    auto v_psi = discriminator_part<N>(v);
    S fm_gap(0);  // feature matching: mean D(fake) - mean D(real)
    for (int k = 0; k < samples; ++k) {
      const Eigen::Matrix<S, N, 1> fake = theta + draw();
      const Eigen::Matrix<S, N, 1> real = game.data.template cast<S>() + draw();
      const S d_fake = psi.dot(fake), d_real = psi.dot(real);
      // grad_psi [f(psi.fake) + f(-psi.real)]
      v_psi += Loss::df(d_fake) * fake - Loss::df(S(-d_real)) * real;
      switch (game.objective) {
        case generator_objective::saturating:
          v_theta -= Loss::df(d_fake) * psi;
          break;
        case generator_objective::non_saturating:
          v_theta -= Loss::df(S(-d_fake)) * psi;
          break;
        case generator_objective::feature_matching:
          fm_gap += d_fake - d_real;
          break;
        case generator_objective::critic:
          v_theta -= psi;
          break;
        case generator_objective::least_squares:
          v_theta -= d_fake * psi;
          break;
      }
    }
    const S inv(1.0 / samples);
    v *= inv;
    if (game.objective == generator_objective::feature_matching) v_theta = S(-2) * (fm_gap * inv) * psi;
    v_psi += penalty_term(game.penalty, psi);
    return v;
  }

  // The minibatch estimates of (L_G, L_D) from the next `samples` draws, in the order the field
  // draws them (so after the same reseed the field is exactly (-grad_theta L_G, grad_psi L_D)
  // of these losses; docs/games.md, "Losses"): L_D = mean[f(psi.fake) + f(-psi.real)] - P(psi),
  // L_G = mean[f(psi.fake) + f(-psi.real)] (saturating), mean[-f(-psi.fake)] (non-saturating),
  // (mean psi.fake - mean psi.real)^2 (feature matching), mean psi.fake (critic),
  // mean (psi.fake)^2/2 (least squares).
  template <class S>
  std::pair<S, S> losses(const dirac_state<S, N>& x) const {
    const auto theta = generator_part<N>(x);
    const auto psi = discriminator_part<N>(x);
    const Eigen::Index n = theta.size();
    std::normal_distribution<double> normal;
    const auto draw = [&] {
      Eigen::Matrix<S, N, 1> e(n);
      for (Eigen::Index i = 0; i < n; ++i) e[i] = S(game.noise_sigma * normal(engine));
      return e;
    };
    S value(0), generator(0), gap(0);
    for (int k = 0; k < samples; ++k) {
      const Eigen::Matrix<S, N, 1> fake = theta + draw();
      const Eigen::Matrix<S, N, 1> real = game.data.template cast<S>() + draw();
      const S d_fake = psi.dot(fake), d_real = psi.dot(real);
      const S term = Loss::f(d_fake) + Loss::f(S(-d_real));
      value += term;
      gap += d_fake - d_real;
      switch (game.objective) {
        case generator_objective::saturating:
          generator += term;
          break;
        case generator_objective::non_saturating:
          generator -= Loss::f(S(-d_fake));
          break;
        case generator_objective::feature_matching:
          break;
        case generator_objective::critic:
          generator += d_fake;
          break;
        case generator_objective::least_squares:
          generator += S(0.5) * d_fake * d_fake;
          break;
      }
    }
    const S inv(1.0 / samples);
    value *= inv;
    generator = game.objective == generator_objective::feature_matching ? S(gap * inv * gap * inv) : S(generator * inv);
    return {generator, value - penalty_value(game.penalty, psi)};
  }
};

}  // namespace gandyn
