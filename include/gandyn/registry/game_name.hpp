// Parsing a game's SPEC name BASE[-r1][-noise][-consensus] (SPEC 2, "Names").
// Part of the programs' layer: the games themselves never see a string.
#pragma once

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>
#include <string_view>

namespace gandyn {

inline constexpr std::array<std::string_view, 9> base_game_names = {
    "gan", "nsgan", "nsgan-fm", "wgan", "wgan-norm", "wgan-gp", "wgan-div", "wgan-lp", "wgan-qc"};

// Bases on which instance noise is meaningful (for a linear critic with a linear loss
// the noise averages out, SPEC 2).
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

// Throws std::invalid_argument naming the game if it is not BASE[-r1][-noise][-consensus].
inline game_name parse_game_name(std::string_view name) {
  std::string_view rest = name;
  game_name g;
  g.consensus = detail::strip_suffix(rest, "-consensus");
  g.noise = detail::strip_suffix(rest, "-noise");
  g.r1 = detail::strip_suffix(rest, "-r1");
  if (!detail::contains(base_game_names, rest))
    throw std::invalid_argument(
        "unknown game '" + std::string(name) +
        "' (expected BASE[-r1][-noise][-consensus], BASE one of gan, nsgan, nsgan-fm, wgan, "
        "wgan-norm, wgan-gp, wgan-div, wgan-lp, wgan-qc)");
  g.base = std::string(rest);
  if (g.noise && !detail::contains(noisy_base_names, rest))
    throw std::invalid_argument("unknown game '" + std::string(name) +
                                "': -noise applies to gan, nsgan and nsgan-fm only");
  return g;
}

}  // namespace gandyn
