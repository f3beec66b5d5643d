// Every parameter the programs take, by name, with its kind, domain, default and meaning
// (docs/program.md, "Flags and their domains"): one table, from which the program registers
// its flags (--name) and the Python module its keywords (name with '_' for '-', lambda_), and
// one `request`, the parameters of one command as text, read through the table's domains.
// A sweep's cell is its command's request with some values replaced, so that it computes
// exactly what a single command with those values computes.
#pragma once

#include "gandyn/registry/closest_name.hpp"
#include "gandyn/registry/parameter_error.hpp"

#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gandyn::registry {

enum class value_kind { number, integer, list, word, flag };

enum class domain {
  any,
  positive,                  // > 0
  non_negative,              // >= 0
  unit_interval_open_right,  // [0, 1)
  open_unit_ball,            // (-1, 1)
  unit_interval_open_left,   // (0, 1]
  at_least_one,              // integer >= 1
  non_negative_integer,      // integer >= 0
};

struct parameter_info {
  std::string_view name;
  value_kind kind;
  domain range;
  std::string_view help;  // meaning, domain and default
};

// The parameters, in the order the help lists them.
inline const std::vector<parameter_info>& parameter_table() {
  using k = value_kind;
  using d = domain;
  static const std::vector<parameter_info> table = {
      {"game", k::word, d::any, "game name, BASE[-r1][-noise][-consensus] or a classic game"},
      {"lambda", k::number, d::non_negative, "penalty weight, >= 0 (0.35)"},
      {"c", k::number, d::non_negative, "gradient-penalty centre, >= 0 (1; wgan-div: fixed at 0)"},
      {"gamma", k::number, d::non_negative, "R1 / weight decay, >= 0 (0.3)"},
      {"sigma", k::number, d::non_negative, "instance noise, >= 0 (0.7)"},
      {"consensus-gamma", k::number, d::non_negative, "consensus weight, >= 0 (1)"},
      {"clip", k::number, d::positive, "WGAN weight clipping, > 0 (1)"},
      {"coupling", k::number, d::any, "bilinear coupling a, L = a theta.psi, any finite number (1)"},
      {"data", k::list, d::any, "data point x*, comma list of length n (0; linear-wgan-mean: 3,4)"},
      {"method", k::word, d::any, "update rule or flow"},
      {"h", k::number, d::positive, "step size (the generator's), > 0"},
      {"h-d", k::number, d::positive, "the discriminator's step size, > 0 (h)"},
      {"ng", k::integer, d::at_least_one, "generator steps per alternating block, integer >= 1 (1)"},
      {"nd", k::integer, d::at_least_one, "discriminator steps per alternating block, integer >= 1 (1)"},
      {"d-first", k::flag, d::any, "alternating: the discriminator first"},
      {"beta", k::number, d::open_unit_ball, "momentum, in (-1, 1) (0.5)"},
      {"beta1", k::number, d::unit_interval_open_right, "Adam beta1, in [0, 1) (0.9)"},
      {"beta2", k::number, d::unit_interval_open_right, "Adam beta2, in [0, 1) (0.999)"},
      {"alpha", k::number, d::unit_interval_open_right, "RMSProp alpha, in [0, 1) (0.99)"},
      {"eps", k::number, d::positive, "Adam / RMSProp epsilon, > 0 (1e-8)"},
      {"sga-lambda", k::number, d::non_negative, "SGA: weight of the adjustment, >= 0 (1)"},
      {"no-align", k::flag, d::any, "SGA without the sign alignment"},
      {"la-alpha", k::number, d::non_negative, "la, lola, sos: look-ahead rate, >= 0 (h)"},
      {"base", k::word, d::any, "lookahead: the base rule, any rule but lookahead (simgd), with its own flags"},
      {"lookahead-steps", k::integer, d::at_least_one, "lookahead: base steps per block k, integer >= 1 (5)"},
      {"lookahead-alpha", k::number, d::unit_interval_open_left, "lookahead: slow weights' step, in (0, 1] (0.5)"},
      {"unroll-steps", k::integer, d::at_least_one, "unrolled: discriminator steps K, integer >= 1 (5)"},
      {"rtol", k::number, d::positive, "dopri5 relative tolerance, > 0 (1e-8)"},
      {"atol", k::number, d::positive, "dopri5 absolute tolerance, > 0 (1e-8)"},
      {"steps", k::integer, d::at_least_one, "iterations (maps) or RK4 steps, integer >= 1"},
      {"t-end", k::number, d::positive, "time to reach, > 0 (instead of steps)"},
      {"theta", k::list, d::any, "generator parameters theta, comma list"},
      {"psi", k::list, d::any, "discriminator parameters psi, comma list of the same length"},
      {"every", k::integer, d::at_least_one, "record every K-th iterate, integer >= 1 (1); the last always"},
      {"tol", k::number, d::positive, "stop at the first iterate within TOL of the equilibrium, > 0 (off)"},
      {"bound", k::number, d::positive, "diverged when ||x|| > B, > 0 (1e10)"},
      {"ema", k::number, d::unit_interval_open_right, "add the moving average of the iterates, decay in [0, 1) (off)"},
      {"dim", k::integer, d::at_least_one, "dimension n of theta and psi for the analysis at the equilibrium (1)"},
      {"max-period", k::integer, d::at_least_one, "orbit: the longest period of a map searched, in iterations (64)"},
      {"transient", k::integer, d::non_negative_integer, "lyapunov: steps before the frame starts (a tenth of steps)"},
      {"param", k::word, d::any, "boundary: PARAM=LO:HI, the parameter scanned"},
      {"grid", k::word, d::any, "PARAM=LO:HI:N, once or twice (the first outermost)"},
      {"quantity", k::word, d::any, "what each cell holds"},
      {"threads", k::integer, d::at_least_one, "threads, integer >= 1 (all cores)"},
      {"shard", k::word, d::any, "I/N: only the cells k with k mod N = I (0/1)"},
      {"format", k::word, d::any, "output format"},
      {"out", k::word, d::any, "output file, written atomically (default: standard output)"},
  };
  return table;
}

// The games' parameters and the methods' parameters (each game and method refuses those it does
// not use: registry/make_game.hpp, registry/methods.hpp).
inline const std::vector<std::string> game_parameter_names = {"game",  "lambda", "c",        "gamma", "sigma",
                                                              "consensus-gamma", "clip", "coupling", "data"};
inline const std::vector<std::string> method_parameter_names = {
    "method",     "h-d",      "ng",   "nd",   "d-first",         "beta",           "beta1",
    "beta2",      "alpha",    "eps",  "rtol", "atol",            "sga-lambda",     "no-align",
    "la-alpha",   "base",     "lookahead-steps", "lookahead-alpha", "unroll-steps"};

// What a command that takes a game and a method accepts: theirs and its own.
inline std::vector<std::string> command_parameters(const std::vector<std::string>& own) {
  std::vector<std::string> all = game_parameter_names;
  all.insert(all.end(), method_parameter_names.begin(), method_parameter_names.end());
  all.insert(all.end(), own.begin(), own.end());
  return all;
}

inline const parameter_info* find_parameter(std::string_view name) {
  for (const parameter_info& p : parameter_table())
    if (p.name == name) return &p;
  return nullptr;
}

// A number with 17 significant digits: a double's text that reads back to the same double.
// std::to_chars with a precision writes exactly printf's "%.17g", without the C library's
// multi-precision digit generation; appended in place, a sweep's rows make no temporary string.
inline void append_full_precision(std::string& text, double x) {
  char buffer[32];  // "-1.2345678901234567e-308" is 24 characters
  text.append(buffer, std::to_chars(buffer, buffer + sizeof buffer, x, std::chars_format::general, 17).ptr);
}
inline std::string full_precision(double x) {
  std::string text;
  append_full_precision(text, x);
  return text;
}

namespace detail {
inline std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

inline double parse_number(const std::string& name, std::string_view text) {
  text = trimmed(text);
  double value = 0;
  const char* first = text.data();
  const char* last = text.data() + text.size();
  if (!text.empty() && *first == '+') ++first;
  const auto [end, error] = std::from_chars(first, last, value);
  if (text.empty() || error != std::errc() || end != last || !std::isfinite(value))
    throw parameter_error(name, "{" + name + "} needs a finite number, got '" + std::string(text) + "'");
  return value;
}

inline long parse_integer(const std::string& name, std::string_view text, long minimum) {
  text = trimmed(text);
  long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size())
    throw parameter_error(name, "{" + name + "} needs an integer, got '" + std::string(text) + "'");
  if (value < minimum)
    throw parameter_error(name, "{" + name + "} must be an integer >= " + std::to_string(minimum) + ", got " +
                                    std::string(text));
  return value;
}

inline void check_domain(const std::string& name, double x, domain range, std::string_view text) {
  const auto fail = [&](const char* what) {
    throw parameter_error(name, "{" + name + "} must be " + what + ", got " + std::string(trimmed(text)));
  };
  switch (range) {
    case domain::positive:
      if (!(x > 0)) fail("> 0");
      break;
    case domain::non_negative:
      if (!(x >= 0)) fail(">= 0");
      break;
    case domain::unit_interval_open_right:
      if (!(x >= 0 && x < 1)) fail("in [0, 1)");
      break;
    case domain::open_unit_ball:
      if (!(x > -1 && x < 1)) fail("in (-1, 1)");
      break;
    case domain::unit_interval_open_left:
      if (!(x > 0 && x <= 1)) fail("in (0, 1]");
      break;
    default:
      break;
  }
}
}  // namespace detail

// Comma list of finite numbers (spaces around the commas allowed: "1, 0.5").
inline std::vector<double> parse_list(const std::string& name, std::string_view text) {
  std::vector<double> values;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = text.find(',', start);
    values.push_back(detail::parse_number(name, text.substr(start, comma == std::string_view::npos ? comma : comma - start)));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return values;
}

// The parameters of one command, by name, as text ("h" -> "0.1", "theta" -> "1,0.5",
// "d-first" -> "true"; "grid" holds its values separated by '\x1f').
struct request {
  std::map<std::string, std::string> values;

  bool has(const std::string& name) const { return values.count(name) > 0; }
  std::optional<std::string> get(const std::string& name) const {
    const auto it = values.find(name);
    return it == values.end() ? std::nullopt : std::optional(it->second);
  }
  std::string text(const std::string& name, const std::string& fallback = "") const {
    return get(name).value_or(fallback);
  }
  // A required word (game, method, quantity).
  const std::string& required(const std::string& name) const {
    const auto it = values.find(name);
    if (it == values.end()) throw parameter_error(name, "{" + name + "} is required");
    return it->second;
  }

  // A number in the parameter's domain, or nullopt when it is absent.
  std::optional<double> optional_number(const std::string& name) const {
    const auto t = get(name);
    if (!t) return std::nullopt;
    const double x = detail::parse_number(name, *t);
    detail::check_domain(name, x, info(name).range, *t);
    return x;
  }
  double number(const std::string& name, double fallback) const { return optional_number(name).value_or(fallback); }
  long integer(const std::string& name, long fallback) const {
    const auto t = get(name);
    if (!t) return fallback;
    return detail::parse_integer(name, *t, info(name).range == domain::non_negative_integer ? 0 : 1);
  }
  std::vector<double> list(const std::string& name) const {
    const auto t = get(name);
    return t ? parse_list(name, *t) : std::vector<double>{};
  }
  bool flag(const std::string& name) const {
    const auto t = get(name);
    if (!t) return false;
    if (*t == "true" || *t == "1") return true;
    if (*t == "false" || *t == "0") return false;
    throw parameter_error(name, "{" + name + "} is a switch (true or false), got '" + *t + "'");
  }

  // Throws for a parameter outside `allowed` (unknown names get "did you mean").
  void allow_only(const std::vector<std::string>& allowed, const std::string& what) const {
    for (const auto& [name, value] : values) {
      bool ok = false;
      for (const auto& a : allowed) ok = ok || a == name;
      if (ok) continue;
      if (!find_parameter(name)) {
        const auto close = closest_name(name, allowed);
        throw parameter_error(name, "unknown parameter {" + name + "}" + (close ? "; did you mean {" + *close + "}?" : ""));
      }
      throw parameter_error(name, "{" + name + "} does not apply to " + what);
    }
  }

 private:
  static const parameter_info& info(const std::string& name) {
    static const parameter_info none{"", value_kind::word, domain::any, ""};
    const parameter_info* p = find_parameter(name);
    return p ? *p : none;
  }
};

}  // namespace gandyn::registry
