// `gandyn simulate` (SPEC 5): one trajectory of a game under an update rule or a flow
// integrator, written as CSV or JSON.
#pragma once

#include "flag_set.hpp"

#include <gandyn/observers/run_result.hpp>

#include <Eigen/Core>

#include <string>
#include <vector>

namespace cli {

struct trajectory {
  std::vector<long> steps;
  std::vector<double> times;
  std::vector<Eigen::VectorXd> states, averages;
  gandyn::run_result ended;
  Eigen::VectorXd equilibrium;
};

void add_simulate_flags(flag_registry& r);

// Validates the flags (usage_error / std::invalid_argument naming the problem) and runs.
trajectory simulate_from(const flag_set& f);

// simulate_from, then the CSV or JSON text; returns the exit status (3: diverged).
int run_simulate(const flag_set& f);

}  // namespace cli
