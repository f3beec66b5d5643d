// Consensus optimisation (Mescheder, Nowozin & Geiger 2017, "The Numerics of GANs", eq. 9)
// as a transform of any game: v_c = v - gamma grad(1/2 ||v||^2) = v - gamma J^T v, with
// J = dv/dx, exact: J^T v by one forward-mode directional derivative for a zero-sum game, at a
// small fixed size through the forward-mode Jacobian (core/jacobian.hpp), else by reverse-mode
// automatic differentiation (core/reverse.hpp).
// (The authors' published Dirac-GAN notebook drops a factor 2 in this gradient.)
#pragma once

#include "gandyn/core/game.hpp"
#include "gandyn/core/jacobian.hpp"
#include "gandyn/core/reverse.hpp"

#include <utility>

namespace gandyn {

template <class Game>
struct consensus {
  static constexpr int state_size = state_size_v<Game>;
  static constexpr int forward_limit = 8;  // the largest fixed state size taken in forward mode

  Game game{};
  double gamma = 1;

  Eigen::Index generator_dim() const { return game.generator_dim(); }
  Eigen::Index discriminator_dim() const { return game.discriminator_dim(); }

  // Not differentiable where the base game is not.
  template <class X>
  std::optional<std::string> non_differentiable_reason(const X& x) const {
    return gandyn::non_differentiable_reason(game, x);
  }

  // J^T v, exact, by the cheapest of three routes (docs/analysis.md, "Vector-Jacobian
  // products"):
  // * a zero-sum game (`zero_sum()`, L_G - L_D = g(theta) + h(psi)): its Jacobian blocks are
  //   J_tt = -d2 L/dtheta2, J_pp = d2 L_D/dpsi2 (both symmetric) and J_pt = -J_tp^T, so
  //   J^T = S J S with S = diag(I, -I), and J^T v = S J (S v) is one forward-mode directional
  //   derivative, at about twice the cost of v;
  // * at a small compile-time size, the full forward-mode Jacobian (all tangents in one pass,
  //   no heap);
  // * otherwise one reverse-mode vector-Jacobian product (core/reverse.hpp), a small multiple
  //   of the cost of v whatever the size.
  template <class S>
  state<S, state_size> operator()(const state<S, state_size>& x) const {
    if constexpr (requires { game.zero_sum(); }) {
      if (game.zero_sum()) return by_symmetry(x);
    }
    if constexpr (state_size != Eigen::Dynamic && state_size <= forward_limit) {
      const auto [v, jac] = value_and_jacobian(game, x);
      return v - S(gamma) * (jac.transpose() * v);
    } else {
      const auto [v, jtv] = value_and_vjp(game, x, [](const auto& value) -> const auto& { return value; });
      return v - S(gamma) * jtv;
    }
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

 private:
  // v - gamma S J (S v) for a zero-sum game (S flips the sign of the psi block).
  template <class S>
  state<S, state_size> by_symmetry(const state<S, state_size>& x) const {
    const Eigen::Index nd = game.discriminator_dim();
    state<S, state_size> direction = game(x);
    direction.tail(nd) = -direction.tail(nd);
    auto [v, jtv] = value_and_jvp(game, x, direction);
    jtv.tail(nd) = -jtv.tail(nd);
    return v - S(gamma) * jtv;
  }
};

template <class Game>
consensus(Game, double) -> consensus<Game>;

// Whether a game is a consensus transform (its field costs a vector-Jacobian product).
template <class Game>
inline constexpr bool is_consensus = false;
template <class Game>
inline constexpr bool is_consensus<consensus<Game>> = true;

}  // namespace gandyn
