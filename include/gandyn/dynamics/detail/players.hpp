// The two players' blocks of any game's state (theta first, psi second; docs/conventions.md,
// "The state"), and the per-player step sizes h_G = h, h_D = discriminator_scale * h
// (docs/rules.md, "Step sizes").
#pragma once

#include "gandyn/core/game.hpp"

#include <type_traits>

namespace gandyn {

// The block of x (or of v) that belongs to player p.
template <class G, class V>
auto player_block(const G& g, V&& x, player p) {
  const Eigen::Index ng = g.generator_dim();
  return p == player::generator ? x.segment(0, ng) : x.segment(ng, g.discriminator_dim());
}

// The length of theta at compile time: a Dirac-GAN's `dimension` n (theta in R^n) when the
// game is one and its state has a compile-time size, else Eigen::Dynamic.
template <class G>
constexpr int generator_size() {
  if constexpr (requires { G::dimension; } && state_size_v<G> != Eigen::Dynamic) {
    return G::dimension;
  } else {
    return Eigen::Dynamic;
  }
}

// x_i += h v_i over player p's block. With both blocks' lengths known at compile time, as
// fixed-size segments: the update then reads v in the packets the field wrote it in (a wider
// load across two narrower stores cannot be forwarded from the store buffer, and shuffling
// the blocks together lengthens every step's dependency chain). A fixed-size state whose
// blocks' lengths are known only at run time (a user's game without `dimension`) takes run-time
// segments: GCC 12 -O3 miscompiled the index loop below there (extragradient's look-ahead lost
// the discriminator's update on a 2-state game; right at -O2 or with -fno-tree-vrp; measured in
// tests/literature_rules.cpp). Otherwise an index loop, which vectorises at run-time size. Dual
// numbers take the index loop too: GCC leaves Eigen's scalar-times-vector of duals out of line
// once a unit has grown (--param inline-unit-growth), which slows the exact Jacobian of a step.
template <class G, class State, class V>
void add_to_block(const G& g, State& x, const V& v, player p, double h) {
  using S = typename State::Scalar;
  const S step(h);
  constexpr int ng = generator_size<G>();
  if constexpr (ng != Eigen::Dynamic && std::is_arithmetic_v<S>) {
    constexpr int nd = state_size_v<G> - ng;
    if (p == player::generator) {
      x.template head<ng>() += step * v.template head<ng>();
    } else {
      x.template tail<nd>() += step * v.template tail<nd>();
    }
  } else if constexpr (State::SizeAtCompileTime != Eigen::Dynamic && std::is_arithmetic_v<S>) {
    const Eigen::Index first = p == player::generator ? 0 : g.generator_dim();
    const Eigen::Index count = p == player::generator ? g.generator_dim() : x.size() - first;
    x.segment(first, count) += step * v.segment(first, count);
  } else {
    const Eigen::Index first = p == player::generator ? 0 : g.generator_dim();
    const Eigen::Index end = p == player::generator ? g.generator_dim() : x.size();
    for (Eigen::Index i = first; i < end; ++i) x[i] += step * v[i];
  }
}

// x += h_G v_theta, h_D v_psi (any vector v of the state's layout).
template <class G, class State, class V>
void add_scaled(const G& g, State& x, const V& v, double h, double discriminator_scale) {
  add_to_block(g, x, v, player::generator, h);
  add_to_block(g, x, v, player::discriminator, h * discriminator_scale);
}

}  // namespace gandyn
