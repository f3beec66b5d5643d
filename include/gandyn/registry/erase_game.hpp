// Definition of registry::erase (registry/erased_game.hpp) for every game but the consensus
// ones (registry/erase_consensus_game.hpp). Include in exactly one translation unit: each
// game's field, projection and losses on every listed scalar are compiled there.
#pragma once

#include "gandyn/registry/erased_game.hpp"

#include <variant>

namespace gandyn::registry {

erased_game erase(const dirac_game<>& game) {
  return std::visit(
      [&](const auto& g) {
        if constexpr (is_consensus<std::decay_t<decltype(g)>>) {
          return detail::erase_consensus(game);
        } else {
          return erased_game(g);
        }
      },
      game);
}

}  // namespace gandyn::registry
