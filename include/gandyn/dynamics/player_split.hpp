// The two players' blocks of any game's state (theta first, psi second; SPEC 1), and the
// per-player step sizes h_G = h, h_D = discriminator_scale * h (SPEC 3).
#pragma once

#include "gandyn/core/game.hpp"

namespace gandyn {

enum class player { generator, discriminator };

// The block of x (or of v) that belongs to player p.
template <class G, class V>
auto player_block(const G& g, V&& x, player p) {
  const Eigen::Index ng = g.generator_dim();
  return p == player::generator ? x.segment(0, ng) : x.segment(ng, g.discriminator_dim());
}

// x += h_G v_theta, h_D v_psi (any vector v of the state's layout), then the projection.
template <class G, class State, class V>
void add_scaled(const G& g, State& x, const V& v, double h, double discriminator_scale) {
  using S = typename State::Scalar;
  const Eigen::Index ng = g.generator_dim();
  x.head(ng) += S(h) * v.head(ng);
  x.tail(g.discriminator_dim()) += S(h * discriminator_scale) * v.tail(g.discriminator_dim());
}

}  // namespace gandyn
