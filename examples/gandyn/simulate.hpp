// `gandyn simulate` (SPEC 5): one trajectory of a game under an update rule or a flow
// integrator, written as CSV or JSON.
#pragma once

#include "flags.hpp"
#include "rules.hpp"

#include <CLI/CLI.hpp>

namespace cli {

class simulate_command {
 public:
  explicit simulate_command(CLI::App& app);
  bool parsed() const { return command_->parsed(); }
  int run() const;

 private:
  CLI::App* command_;
  game_flags game_;
  rule_flags rule_;
  text_flag ema_, steps_, t_end_, theta_, psi_, every_, tol_, bound_, format_, out_;
};

}  // namespace cli
