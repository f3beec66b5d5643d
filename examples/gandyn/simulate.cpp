// `gandyn simulate`: one trajectory, as CSV or JSON (docs/program.md, "simulate").
#include "output_file.hpp"
#include "subcommands.hpp"

#include <gandyn/registry/commands.hpp>

#include <iostream>

namespace cli {

// The game's and the method's flags (registry/parameters.hpp), then its own.
const std::vector<std::string> simulate_parameters = gandyn::registry::command_parameters(
    {"h", "steps", "t-end", "theta", "psi", "every", "tol", "bound", "ema", "format", "out"});

std::string output_format(const gandyn::registry::request& r, const std::vector<std::string>& allowed) {
  const std::string format = r.text("format", allowed.front());
  for (const auto& a : allowed)
    if (a == format) return format;
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : " or ") + a;
  throw usage_error("--format must be " + list + ", got '" + format + "'");
}

int run_simulate(const gandyn::registry::request& given) {
  const std::string format = output_format(given, {"csv", "json"});
  gandyn::registry::request r = given;
  r.values.erase("format");
  r.values.erase("out");
  gandyn::registry::check_simulation(r);          // all bad input is found here
  output_file out(given.text("out"));              // then the output path, before any work
  const gandyn::registry::trajectory t = gandyn::registry::simulate(r);
  const auto write = [&](std::string_view text) { out.write(text); };
  if (format == "json") {
    gandyn::registry::write_trajectory_json(r, t, write);
    out.write("\n");
  } else {
    gandyn::registry::write_trajectory_csv(t, write);
  }
  out.commit();
  if (t.ended.status == gandyn::run_status::diverged) {
    std::cerr << "gandyn: diverged at step " << t.ended.step << "\n";
    return 3;
  }
  return 0;
}

}  // namespace cli
