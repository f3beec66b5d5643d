// "Did you mean": the valid name closest to a mistyped one, by edit distance (Damerau 1964,
// Levenshtein 1966: insertions, deletions, substitutions and swaps of adjacent letters, each
// of cost 1; the optimal-string-alignment form), if it is close enough to be a plausible
// typo (at most a third of the longer name's letters, and at least one).
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gandyn::registry {

inline std::size_t edit_distance(std::string_view a, std::string_view b) {
  // d[i][j]: distance between the first i letters of a and the first j of b
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i)
    for (std::size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

template <class Names>
std::optional<std::string> closest_name(std::string_view given, const Names& names) {
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  for (const auto& name : names) {
    const std::size_t d = edit_distance(given, name);
    if (!best || d < best_distance) {
      best = std::string(name);
      best_distance = d;
    }
  }
  const std::size_t longest = std::max(given.size(), best ? best->size() : 0);
  if (!best || best_distance > std::max<std::size_t>(1, longest / 3)) return std::nullopt;
  return best;
}

// " (did you mean 'x'?)" or "" when nothing is close.
template <class Names>
std::string did_you_mean(std::string_view given, const Names& names) {
  const auto close = closest_name(given, names);
  return close ? "; did you mean '" + *close + "'?" : "";
}

}  // namespace gandyn::registry
