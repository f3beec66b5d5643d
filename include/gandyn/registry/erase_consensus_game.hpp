// Definition of registry::detail::erase_consensus (registry/erased_game.hpp): the consensus
// games behind the erased game. Include in exactly one translation unit. Their field on the
// twice-nested dual numbers differentiates the base game three levels deep, which is most of
// what erasing every game costs to compile; their own unit lets a build treat it apart
// (examples/gandyn/CMakeLists.txt).
#pragma once

#include "gandyn/registry/erased_game.hpp"

#include <stdexcept>
#include <variant>

namespace gandyn::registry::detail {

erased_game erase_consensus(const dirac_game<>& game) {
  return std::visit(
      [](const auto& g) -> erased_game {
        if constexpr (is_consensus<std::decay_t<decltype(g)>>) {
          return erased_game(g);
        } else {
          throw std::logic_error("erase_consensus: not a consensus game");
        }
      },
      game);
}

}  // namespace gandyn::registry::detail
