// The program's flags: --NAME for each registry parameter a subcommand takes, registered
// from the registry's one table (help text, domain and default included), and collected
// into a registry request. Bad input is reported as a usage_error naming the flag.
#pragma once

#include <gandyn/registry/parameter_error.hpp>
#include <gandyn/registry/parameters.hpp>

#include <CLI/CLI.hpp>

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace cli {

struct usage_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A registry parameter as a flag.
inline std::string flag_of(const std::string& name) { return "--" + name; }

// A registry error in the program's words.
inline std::string spelled(const gandyn::registry::parameter_error& e) { return e.spelled(flag_of); }

class flag_registry {
 public:
  explicit flag_registry(CLI::App* app) : app_(app) {}

  // Registers --name for each registry parameter (`required` ones must be given).
  void add(const std::vector<std::string>& names, const std::vector<std::string>& required = {}) {
    for (const std::string& name : names) {
      const gandyn::registry::parameter_info* info = gandyn::registry::find_parameter(name);
      const std::string help = info ? std::string(info->help) : name;
      const std::string flag = flag_of(name);
      CLI::Option* o = nullptr;
      if (info && info->kind == gandyn::registry::value_kind::flag) {
        o = app_->add_flag(flag, switches_[name], help);
      } else if (name == "grid") {
        o = app_->add_option(flag, lists_[name], help);
      } else {
        o = app_->add_option(flag, storage_[name], help);
      }
      for (const std::string& r : required)
        if (r == name) o->required();
      options_[name] = o;
    }
  }

  gandyn::registry::request collect() const {
    gandyn::registry::request r;
    for (const auto& [name, option] : options_) {
      if (option->count() == 0) continue;
      if (const auto it = storage_.find(name); it != storage_.end()) {
        r.values[name] = it->second;
      } else if (const auto list = lists_.find(name); list != lists_.end()) {
        std::string joined;
        for (const std::string& item : list->second) joined += (joined.empty() ? "" : "\x1f") + item;
        r.values[name] = joined;
      } else {
        r.values[name] = "true";
      }
    }
    return r;
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
