// Parsing a game's name BASE[-r1][-noise][-consensus], or a classic game's name without
// modifiers (docs/games.md, "Names"). Part of the programs' layer: the games themselves never
// see a string.
#pragma once

#include "gandyn/registry/closest_name.hpp"
#include "gandyn/registry/parameter_error.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace gandyn::registry {

inline constexpr std::array<std::string_view, 11> base_game_names = {
    "gan", "nsgan", "nsgan-fm", "wgan", "wgan-norm", "wgan-gp", "wgan-div", "wgan-lp", "wgan-qc", "hinge", "lsgan"};

// Classic games with known solutions (docs/games.md, "Classic games"): names on their own, no
// modifiers.
inline constexpr std::array<std::string_view, 4> classic_game_names = {"bilinear", "linear-wgan-mean", "tandem",
                                                                       "matching-pennies"};

// Bases on which instance noise is meaningful (for a linear critic with a linear loss
// the noise averages out, docs/games.md).
inline constexpr std::array<std::string_view, 3> noisy_base_names = {"gan", "nsgan", "nsgan-fm"};

struct game_name {
  std::string base;
  bool r1 = false;
  bool noise = false;
  bool consensus = false;

  std::string str() const {
    return base + (r1 ? "-r1" : "") + (noise ? "-noise" : "") + (consensus ? "-consensus" : "");
  }
};

namespace detail {
inline bool strip_suffix(std::string_view& s, std::string_view suffix) {
  if (s.size() <= suffix.size() || s.substr(s.size() - suffix.size()) != suffix) return false;
  s.remove_suffix(suffix.size());
  return true;
}
template <std::size_t K>
bool contains(const std::array<std::string_view, K>& names, std::string_view s) {
  return std::find(names.begin(), names.end(), s) != names.end();
}
}  // namespace detail

// Every valid name, bases first, in the order BASE, -r1, -noise, -consensus, then the classic
// games.
inline std::vector<std::string> all_game_names() {
  std::vector<std::string> names;
  for (const bool consensus : {false, true})
    for (const bool noise : {false, true})
      for (const bool r1 : {false, true})
        for (std::string_view base : base_game_names) {
          if (noise && !detail::contains(noisy_base_names, base)) continue;
          names.push_back(game_name{std::string(base), r1, noise, consensus}.str());
        }
  for (std::string_view classic : classic_game_names) names.emplace_back(classic);
  return names;
}

// Whether a parsed name is a classic game (no loss, no modifiers).
inline bool is_classic(const game_name& g) { return detail::contains(classic_game_names, g.base); }

// Throws parameter_error for "game" if `name` is not BASE[-r1][-noise][-consensus].
inline game_name parse_game_name(std::string_view name) {
  if (detail::contains(classic_game_names, name)) return game_name{.base = std::string(name)};
  std::string_view rest = name;
  game_name g;
  g.consensus = detail::strip_suffix(rest, "-consensus");
  g.noise = detail::strip_suffix(rest, "-noise");
  g.r1 = detail::strip_suffix(rest, "-r1");
  const bool known = detail::contains(base_game_names, rest) && (!g.noise || detail::contains(noisy_base_names, rest));
  if (!known) {
    std::string message = "unknown {game} '" + std::string(name) + "'";
    if (detail::contains(base_game_names, rest)) message += " (-noise applies to gan, nsgan and nsgan-fm only)";
    if (detail::contains(classic_game_names, rest)) message += " (the classic games take no modifiers)";
    const auto close = closest_name(name, all_game_names());
    message += close ? "; did you mean '" + *close + "'?"
                     : " (expected BASE[-r1][-noise][-consensus], BASE one of gan, nsgan, nsgan-fm, wgan, "
                       "wgan-norm, wgan-gp, wgan-div, wgan-lp, wgan-qc, hinge, lsgan; or a classic game: bilinear, "
                       "linear-wgan-mean, tandem, matching-pennies)";
    throw parameter_error("game", message);
  }
  g.base = std::string(rest);
  return g;
}

}  // namespace gandyn::registry
