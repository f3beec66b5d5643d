// `gandyn sweep`: a stability map over a one- or two-parameter grid, sharded for job arrays
// (docs/program.md, "sweep"); progress on stderr when it is a terminal.
#include "output_file.hpp"
#include "subcommands.hpp"

#include <gandyn/registry/commands.hpp>

#include <unistd.h>

#include <chrono>
#include <cstdio>

namespace cli {

// The game's and the method's flags (registry/parameters.hpp), then its own.
const std::vector<std::string> sweep_parameters = gandyn::registry::command_parameters(
    {"h", "grid", "quantity", "dim", "steps", "transient", "theta", "psi", "bound", "threads", "shard", "format", "out"});

int run_sweep(const gandyn::registry::request& r) {
  const std::string format = output_format(r, {"csv", "json"});
  const gandyn::registry::sweep_plan plan = gandyn::registry::plan_sweep(r);  // every cell validated
  output_file out(r.text("out"));                                              // before any work
  const std::vector<long> cells = plan.cells();
  gandyn::registry::progress_hook progress;
  if (::isatty(STDERR_FILENO) && cells.size() >= 1000)
    // The registry calls this after each of a thread's cells: print at most ten times a second.
    progress = [last = std::chrono::steady_clock::time_point{}](long done, long total) mutable {
      const auto now = std::chrono::steady_clock::now();
      if (done != total && now - last < std::chrono::milliseconds(100)) return true;
      last = now;
      std::fprintf(stderr, "\rgandyn sweep: %ld / %ld cells (%.0f%%)%s", done, total,
                   100.0 * static_cast<double>(done) / static_cast<double>(total), done == total ? "\n" : "");
      return true;
    };
  const auto values = gandyn::registry::sweep_cells(plan, cells, progress);
  const auto write = [&](std::string_view text) { out.write(text); };
  if (format == "csv") {
    gandyn::registry::write_sweep_csv(plan, cells, values, write);
  } else {
    gandyn::registry::write_sweep_json(plan, cells, values, write);
    out.write("\n");
  }
  out.commit();
  return 0;
}

}  // namespace cli
