// The game flags shared by every subcommand (SPEC 2 and 5) -> registry parameters.
#pragma once

#include "flag_set.hpp"

#include <gandyn/registry/make_game.hpp>

#include <optional>
#include <string>

namespace cli {

inline void add_game_flags(flag_registry& r) {
  r.add("--game", "game name: BASE[-r1][-noise][-consensus] (SPEC 2)", true);
  r.add("--lambda", "penalty weight (0.35)");
  r.add("--c", "gradient-penalty centre (1; wgan-div: 0)");
  r.add("--gamma", "R1 / weight decay (0.3)");
  r.add("--sigma", "instance noise (0.7)");
  r.add("--consensus-gamma", "consensus weight (1)");
  r.add("--clip", "WGAN weight clipping (1)");
  r.add("--data", "data point x*, comma list (0)");
}

// The registry checks each parameter's domain and whether it applies to the game.
inline gandyn::game_parameters game_parameters_from(const flag_set& f) {
  gandyn::game_parameters p;
  const auto number = [&](const std::string& flag) -> std::optional<double> {
    if (!f.has(flag)) return std::nullopt;
    return parse_number(flag, f.text(flag));
  };
  p.lambda = number("--lambda");
  p.c = number("--c");
  p.gamma = number("--gamma");
  p.sigma = number("--sigma");
  p.consensus_gamma = number("--consensus-gamma");
  p.clip = number("--clip");
  if (f.has("--data")) p.data = parse_list("--data", f.text("--data"));
  return p;
}

}  // namespace cli
