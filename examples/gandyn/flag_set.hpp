// The flags a command was given, by name, as text: one representation for a single run
// and for every cell of a sweep (a cell is the same flags with some values replaced), so
// that a sweep's cell computes exactly what a single command with those values computes.
#pragma once

#include "arguments.hpp"

#include <CLI/CLI.hpp>
#include <Eigen/Core>

#include <cstdio>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cli {

struct flag_set {
  std::map<std::string, std::string> values;  // "--h" -> "0.1"

  bool has(const std::string& flag) const { return values.count(flag) > 0; }
  std::optional<std::string> get(const std::string& flag) const {
    const auto it = values.find(flag);
    return it == values.end() ? std::nullopt : std::optional(it->second);
  }
  const std::string& text(const std::string& flag) const { return values.at(flag); }

  // A number in its domain, or the default when the flag is absent.
  double number(const std::string& flag, bound_kind kind, double fallback) const {
    return has(flag) ? *number_in(flag, get(flag), kind) : fallback;
  }
  std::optional<double> optional_number(const std::string& flag, bound_kind kind) const {
    return number_in(flag, get(flag), kind);
  }
  long integer(const std::string& flag, long minimum, long fallback) const {
    return has(flag) ? parse_integer(flag, text(flag), minimum) : fallback;
  }
};

// A number with 17 significant digits: full double precision in CSV and text output.
inline std::string full_precision(double x) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.17g", x);
  return buffer;
}

// The state [theta; psi] from --theta and --psi (equal lengths; a mismatch names both).
inline Eigen::VectorXd start_state(const flag_set& f) {
  const std::vector<double> theta = parse_list("--theta", f.text("--theta"));
  const std::vector<double> psi = parse_list("--psi", f.text("--psi"));
  if (theta.size() != psi.size())
    throw usage_error("--theta has " + std::to_string(theta.size()) + " values but --psi has " +
                      std::to_string(psi.size()));
  const auto n = static_cast<Eigen::Index>(theta.size());
  Eigen::VectorXd x(2 * n);
  for (Eigen::Index i = 0; i < n; ++i) {
    x[i] = theta[i];
    x[n + i] = psi[i];
  }
  return x;
}

// Registers text options on a CLI11 (sub)command and collects the given ones.
class flag_registry {
 public:
  explicit flag_registry(CLI::App* app) : app_(app) {}

  CLI::Option* add(const std::string& flag, const std::string& help, bool required = false) {
    CLI::Option* o = app_->add_option(flag, storage_[flag], help);
    if (required) o->required();
    options_[flag] = o;
    return o;
  }
  // A flag that may be repeated; collect() joins its values with '\x1f'.
  CLI::Option* add_repeatable(const std::string& flag, const std::string& help, bool required = false) {
    CLI::Option* o = app_->add_option(flag, lists_[flag], help);
    if (required) o->required();
    options_[flag] = o;
    return o;
  }
  void add_switch(const std::string& flag, const std::string& help) {
    options_[flag] = app_->add_flag(flag, switches_[flag], help);
  }

  flag_set collect() const {
    flag_set s;
    for (const auto& [flag, option] : options_) {
      if (option->count() == 0) continue;
      const auto it = storage_.find(flag);
      const auto list = lists_.find(flag);
      if (it != storage_.end()) {
        s.values[flag] = it->second;
      } else if (list != lists_.end()) {
        std::string joined;
        for (const std::string& item : list->second) joined += (joined.empty() ? "" : "\x1f") + item;
        s.values[flag] = joined;
      } else {
        s.values[flag] = "true";
      }
    }
    return s;
  }
  CLI::App* app() const { return app_; }

 private:
  CLI::App* app_;
  std::map<std::string, std::string> storage_;
  std::map<std::string, std::vector<std::string>> lists_;
  std::map<std::string, bool> switches_;
  std::map<std::string, CLI::Option*> options_;
};

}  // namespace cli
