// Consensus optimisation (Mescheder, Nowozin & Geiger 2017, "The Numerics of GANs", eq. 9)
// as a transform of any game: v_c = v - gamma grad(1/2 ||v||^2) = v - gamma J^T v, with
// J = dv/dx computed exactly by forward-mode automatic differentiation (core/jacobian.hpp).
// (The authors' published Dirac-GAN notebook drops a factor 2 in this gradient.)
#pragma once

#include "gandyn/core/game.hpp"
#include "gandyn/core/jacobian.hpp"

#include <utility>

namespace gandyn {

template <class Game>
struct consensus {
  static constexpr int state_size = state_size_v<Game>;

  Game game{};
  double gamma = 1;

  Eigen::Index generator_dim() const { return game.generator_dim(); }
  Eigen::Index discriminator_dim() const { return game.discriminator_dim(); }

  // Not differentiable where the base game is not.
  template <class X>
  std::optional<std::string> non_differentiable_reason(const X& x) const {
    return gandyn::non_differentiable_reason(game, x);
  }

  template <class S>
  state<S, state_size> operator()(const state<S, state_size>& x) const {
    const auto [v, jac] = value_and_jacobian(game, x);
    return v - S(gamma) * (jac.transpose() * v);
  }

  // Both players add gamma/2 ||v||^2 to the loss they minimise (Mescheder, Nowozin & Geiger
  // 2017, eq. 9): (L_G + gamma/2 ||v||^2, L_D - gamma/2 ||v||^2), v the base game's field, so
  // that -grad_theta and +grad_psi give v - gamma J^T v (docs/games.md, "Losses").
  template <class S>
    requires game_with_losses_over<Game, S>
  std::pair<S, S> losses(const state<S, state_size>& x) const {
    const auto [l_g, l_d] = game.losses(x);
    const state<S, state_size> v = game(x);
    const S half_norm = S(0.5 * gamma) * v.squaredNorm();
    return {l_g + half_norm, l_d - half_norm};
  }

  template <class V>
  bool project(V& x) const {
    return gandyn::project(game, x);
  }
};

template <class Game>
consensus(Game, double) -> consensus<Game>;

}  // namespace gandyn
