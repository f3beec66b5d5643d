// `gandyn analyze`: the linearisation at the equilibrium or a point, as JSON or text
// (docs/program.md, "analyze").
#include "output_file.hpp"
#include "subcommands.hpp"

#include <gandyn/registry/commands.hpp>

#include <cmath>

namespace cli {

// The game's and the method's flags (registry/parameters.hpp), then its own.
const std::vector<std::string> analyze_parameters = gandyn::registry::command_parameters(
    {"h", "dim", "theta", "psi", "format", "out"});

int run_analyze(const gandyn::registry::request& given) {
  using gandyn::registry::full_precision;
  const std::string format = output_format(given, {"json", "text"});
  gandyn::registry::request r = given;
  r.values.erase("format");
  r.values.erase("out");
  output_file out(given.text("out"));  // checked before the work; nothing written on failure
  const gandyn::registry::analysis a = gandyn::registry::analyze(r);
  std::string text;
  if (format == "json") {
    text = gandyn::registry::analysis_json(a) + "\n";
  } else {
    text += "game " + r.text("game") + ", method " + r.text("method") + "\npoint [theta; psi]:";
    for (double v : a.point) text += " " + full_precision(v);
    text += "\njacobian:\n";
    for (Eigen::Index i = 0; i < a.jacobian.rows(); ++i) {
      text += " ";
      for (Eigen::Index k = 0; k < a.jacobian.cols(); ++k) text += " " + full_precision(a.jacobian(i, k));
      text += "\n";
    }
    text += "eigenvalues:\n";
    for (const auto& e : a.eigenvalues)
      text += "  " + full_precision(e.real()) + (e.imag() < 0 ? " - " : " + ") + full_precision(std::abs(e.imag())) + "i\n";
    text += "spectral radius " + full_precision(a.spectral_radius) + "\nspectral abscissa " +
            full_precision(a.spectral_abscissa) + "\nverdict " + std::string(gandyn::to_string(a.verdict)) +
            "\nmax stable h " + (a.max_stable_h ? full_precision(*a.max_stable_h) : std::string("null")) + "\n";
  }
  out.commit(text);
  return 0;
}

}  // namespace cli
