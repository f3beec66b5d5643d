// Definition of registry::erase (registry/erased_game.hpp). Include in exactly one
// translation unit: every game's field, projection and losses on every listed scalar are
// compiled there.
#pragma once

#include "gandyn/registry/erased_game.hpp"

#include <variant>

namespace gandyn::registry {

erased_game erase(const dirac_game<>& game) {
  return std::visit([](const auto& g) { return erased_game(g); }, game);
}

}  // namespace gandyn::registry
