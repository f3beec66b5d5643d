// `gandyn orbit`: the cycle (point, period, Floquet multipliers), the equilibrium or nothing a
// start reaches, as JSON or text (docs/program.md, "orbit"). "none" is a result: exit status 0.
#include "output_file.hpp"
#include "subcommands.hpp"

#include <gandyn/registry/commands.hpp>

#include <cmath>

namespace cli {

// The game's and the method's flags (registry/parameters.hpp), then its own.
const std::vector<std::string> orbit_parameters = gandyn::registry::command_parameters(
    {"h", "theta", "psi", "max-period", "format", "out"});

namespace {
std::string complex_text(const std::complex<double>& e) {
  using gandyn::registry::full_precision;
  return full_precision(e.real()) + (e.imag() < 0 ? " - " : " + ") + full_precision(std::abs(e.imag())) + "i";
}
}  // namespace

int run_orbit(const gandyn::registry::request& given) {
  using gandyn::registry::full_precision;
  const std::string format = output_format(given, {"json", "text"});
  gandyn::registry::request r = given;
  r.values.erase("format");
  r.values.erase("out");
  output_file out(given.text("out"));  // checked before the work
  const gandyn::registry::orbit_report o = gandyn::registry::orbit(r);
  std::string text;
  if (format == "json") {
    text = gandyn::registry::orbit_json(o) + "\n";
  } else {
    text = "game " + r.text("game") + ", method " + r.text("method") + "\nkind " + o.kind + " (the run: " + o.label +
           ", final distance " + full_precision(o.final_distance) + ")\n";
    if (o.point.size() > 0) {
      text += "point [theta; psi]:";
      for (double v : o.point) text += " " + full_precision(v);
      text += "\n";
    }
    if (o.period) text += "period " + full_precision(*o.period) + "\n";
    if (o.multipliers) {
      text += "Floquet multipliers:\n";
      for (const auto& e : *o.multipliers) text += "  " + complex_text(e) + "  (modulus " + full_precision(std::abs(e)) + ")\n";
    }
    if (o.eigenvalues) {
      text += "eigenvalues:\n";
      for (const auto& e : *o.eigenvalues) text += "  " + complex_text(e) + "\n";
    }
    if (!o.reason.empty()) text += "reason: " + o.reason + "\n";
  }
  out.commit(text);
  return 0;
}

}  // namespace cli
