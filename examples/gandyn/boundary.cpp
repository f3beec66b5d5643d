// `gandyn boundary`: where the verdict at the equilibrium (or a point) changes along one
// parameter, by a scan of 1000 values and bisection to 1e-10, with every change the scan saw
// (docs/program.md, "boundary").
#include "output_file.hpp"
#include "subcommands.hpp"

#include <gandyn/registry/commands.hpp>

namespace cli {

// The game's and the method's flags (registry/parameters.hpp), then its own.
const std::vector<std::string> boundary_parameters = gandyn::registry::command_parameters(
    {"h", "dim", "theta", "psi", "param", "format", "out"});

int run_boundary(const gandyn::registry::request& given) {
  using gandyn::registry::full_precision;
  const std::string format = output_format(given, {"json", "text"});
  gandyn::registry::request r = given;
  r.values.erase("format");
  r.values.erase("out");
  output_file out(given.text("out"));  // checked before the work
  const gandyn::registry::boundary_report b = gandyn::registry::boundary(r);
  std::string text;
  if (format == "json") {
    text = gandyn::registry::boundary_json(b) + "\n";
  } else {
    text = "game " + r.text("game") + ", method " + r.text("method") + ", along " + b.param + "\n";
    if (b.critical) {
      text += "critical " + b.param + " = " + full_precision(*b.critical) + ": " + b.below + " below, " + b.above +
              " above\n";
    } else {
      text += "no change: " + b.below + " throughout\n";
    }
    text += "changes:";
    for (double c : b.changes) text += " " + full_precision(c);
    text += "\n";
  }
  out.commit(text);
  return 0;
}

}  // namespace cli
