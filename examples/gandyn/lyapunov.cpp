// `gandyn lyapunov`: the Lyapunov spectrum of a run, descending, per iteration (maps) or per
// unit time (the flow), as JSON or text (docs/program.md, "lyapunov"). A run that diverges is
// reported as simulate reports it: the step on stderr, exit status 3, no exponents.
#include "output_file.hpp"
#include "subcommands.hpp"

#include <gandyn/registry/commands.hpp>

#include <iostream>

namespace cli {

// The game's and the method's flags (registry/parameters.hpp), then its own.
const std::vector<std::string> lyapunov_parameters = gandyn::registry::command_parameters(
    {"h", "steps", "transient", "theta", "psi", "bound", "format", "out"});

int run_lyapunov(const gandyn::registry::request& given) {
  using gandyn::registry::full_precision;
  const std::string format = output_format(given, {"json", "text"});
  gandyn::registry::request r = given;
  r.values.erase("format");
  r.values.erase("out");
  output_file out(given.text("out"));  // checked before the work
  const gandyn::registry::lyapunov_report l = gandyn::registry::lyapunov(r);
  if (l.ended.status == gandyn::run_status::diverged) {
    std::cerr << "gandyn: diverged at step " << l.ended.step << "\n";
    return 3;
  }
  std::string text;
  if (format == "json") {
    text = gandyn::registry::lyapunov_json(l) + "\n";
  } else {
    text = "game " + r.text("game") + ", method " + r.text("method") + "\nLyapunov exponents (" +
           (r.text("method") == "flow" ? "per unit time" : "per iteration") + "), descending:\n";
    for (double e : l.exponents) text += "  " + full_precision(e) + "\n";
    text += "sum " + full_precision(l.exponents.sum()) + "\n";
  }
  out.commit(text);
  return 0;
}

}  // namespace cli
