// `gandyn sweep` and `gandyn merge` (SPEC 5): stability maps over one- or two-parameter
// grids, in parallel (OpenMP), sharded over machines and merged back.
#pragma once

#include "flag_set.hpp"

#include <string>
#include <vector>

namespace cli {

void add_sweep_flags(flag_registry& r);
int run_sweep(const flag_set& f);

int run_merge(const std::vector<std::string>& files, const std::string& out);

}  // namespace cli
