// The registry's games behind one type (core/any_game.hpp): what the analysis and the rules
// that differentiate the field are compiled against, once each instead of once per game.
//
// The scalars: plain numbers for simulation; dual numbers of the run-time-size Jacobian's
// chunk (core/jacobian.hpp) for the Jacobian of the field or of a step; nested twice for the
// Jacobian of a step that itself differentiates the field (docs/analysis.md, "Step
// Jacobians"); the players' losses on the same scalars (LOLA, SOS and unrolled GANs
// differentiate them once, and the analysis once more).
#pragma once

#include "gandyn/core/any_game.hpp"
#include "gandyn/core/jacobian.hpp"
#include "gandyn/registry/make_game.hpp"

namespace gandyn::registry {

using dual1 = dual<double, gandyn::detail::dynamic_chunk>;
using dual2 = dual<dual1, gandyn::detail::dynamic_chunk>;
using erased_game = basic_any_game<scalars<double, dual1, dual2>>;

// The game behind a registry game (defined once, in registry/erase_game.hpp).
erased_game erase(const dirac_game<>& game);

namespace detail {
// erase for the consensus games (defined once, in registry/erase_consensus_game.hpp).
erased_game erase_consensus(const dirac_game<>& game);
}  // namespace detail

}  // namespace gandyn::registry
