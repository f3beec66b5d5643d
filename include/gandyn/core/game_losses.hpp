// Games that expose their players' losses (docs/conventions.md, "The vector field"; docs/rules.md,
// "Opponent shaping: LOLA and SOS" and "Unrolled GAN"): besides v(x), the optional member
//
//   template <class S> std::pair<S, S> losses(const state_of<G, S>& x) const   // (L_G, L_D)
//
// with the field's sign convention v = (-grad_theta L_G, +grad_psi L_D): the generator
// minimises L_G, the discriminator maximises L_D. Like the call operator it must accept
// double and gandyn::dual scalars (nested ones too), because the rules that need it (lola, sos,
// unrolled) differentiate it, and the analysis differentiates those rules again.
#pragma once

#include "gandyn/core/game.hpp"

#include <concepts>
#include <utility>

namespace gandyn {

// G is a game whose losses (L_G, L_D) can be evaluated on states with scalar S.
template <class G, class S = double>
concept game_with_losses = game<G> && requires(const G& g, const state_of<G, S>& x) {
  { g.losses(x) } -> std::convertible_to<std::pair<S, S>>;
};

}  // namespace gandyn
