// The subcommands: each turns a request into registry calls and writes the result
// (docs/program.md). They return the exit status; bad input throws.
#pragma once

#include <gandyn/registry/parameters.hpp>

#include <string>
#include <vector>

namespace cli {

// The parameters each subcommand takes (its flags are --NAME).
extern const std::vector<std::string> simulate_parameters;
extern const std::vector<std::string> analyze_parameters;
extern const std::vector<std::string> sweep_parameters;
extern const std::vector<std::string> orbit_parameters;
extern const std::vector<std::string> lyapunov_parameters;
extern const std::vector<std::string> boundary_parameters;

int run_simulate(const gandyn::registry::request& r);
int run_analyze(const gandyn::registry::request& r);
int run_sweep(const gandyn::registry::request& r);
int run_orbit(const gandyn::registry::request& r);
int run_lyapunov(const gandyn::registry::request& r);
int run_boundary(const gandyn::registry::request& r);
int run_merge(const std::vector<std::string>& files, const std::string& out);

// The value of "format" among `allowed` (the first is the default).
std::string output_format(const gandyn::registry::request& r, const std::vector<std::string>& allowed);

}  // namespace cli
