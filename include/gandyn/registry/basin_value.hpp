// A basin label as a sweep cell (docs/program.md, "sweep"): the label, the final distance and,
// for a periodic orbit, its period in the run's units (iterations of the map, counted in
// steps whatever `every` is, or time for a flow). Shared by the cells run one at a time
// (sweep.hpp) and in lanes (simulated_cells.hpp).
#pragma once

#include "gandyn/analysis/basin.hpp"
#include "gandyn/registry/commands.hpp"

namespace gandyn::registry::detail {

// `flow`: the rows were sampled in time (the period is a time already); a map's period is
// counted in recorded rows, `every` steps apart.
inline cell_value basin_value(const basin_result& b, bool flow, long every) {
  cell_value v{cell_status::ok, b.final_distance, to_string(b.label), b.period};
  if (v.period && !flow) *v.period *= static_cast<double>(every);
  return v;
}

}  // namespace gandyn::registry::detail
