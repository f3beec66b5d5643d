// Strict parsing of command-line values (SPEC 5's domains): every number must be finite
// and fully consumed; a violation is a usage_error naming the flag, reported on one line
// with exit status 2.
#pragma once

#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace cli {

struct usage_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

inline double parse_number(std::string_view flag, std::string_view text) {
  double value = 0;
  const char* first = text.data();
  const char* last = text.data() + text.size();
  if (!text.empty() && *first == '+') ++first;
  const auto [end, error] = std::from_chars(first, last, value);
  if (text.empty() || error != std::errc() || end != last || !std::isfinite(value))
    throw usage_error(std::string(flag) + " needs a finite number, got '" + std::string(text) + "'");
  return value;
}

inline long parse_integer(std::string_view flag, std::string_view text, long minimum) {
  long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size())
    throw usage_error(std::string(flag) + " needs an integer, got '" + std::string(text) + "'");
  if (value < minimum)
    throw usage_error(std::string(flag) + " must be an integer >= " + std::to_string(minimum) + ", got " +
                      std::string(text));
  return value;
}

inline std::vector<double> parse_list(std::string_view flag, std::string_view text) {
  std::vector<double> values;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = text.find(',', start);
    values.push_back(parse_number(flag, text.substr(start, comma == std::string_view::npos ? comma : comma - start)));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return values;
}

enum class bound_kind { positive, non_negative, unit_interval_open_right, open_unit_ball };

// The value of an optional flag in its domain, or nullopt when the flag was not given.
inline std::optional<double> number_in(std::string_view flag, const std::optional<std::string>& text, bound_kind kind) {
  if (!text) return std::nullopt;
  const double x = parse_number(flag, *text);
  switch (kind) {
    case bound_kind::positive:
      if (!(x > 0)) throw usage_error(std::string(flag) + " must be > 0, got " + *text);
      break;
    case bound_kind::non_negative:
      if (!(x >= 0)) throw usage_error(std::string(flag) + " must be >= 0, got " + *text);
      break;
    case bound_kind::unit_interval_open_right:
      if (!(x >= 0 && x < 1)) throw usage_error(std::string(flag) + " must be in [0, 1), got " + *text);
      break;
    case bound_kind::open_unit_ball:
      if (!(x > -1 && x < 1)) throw usage_error(std::string(flag) + " must be in (-1, 1), got " + *text);
      break;
  }
  return x;
}

}  // namespace cli
