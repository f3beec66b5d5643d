// gandyn: the command-line program (docs/program.md). Subcommands translate flags into a
// registry request and the registry's results into files; bad input is one line on stderr
// naming the flag, and exit status 2.
#include "command_line.hpp"
#include "subcommands.hpp"

#include <gandyn/registry/closest_name.hpp>
#include <gandyn/registry/commands.hpp>
#include <gandyn/registry/game_name.hpp>
#include <gandyn/registry/methods.hpp>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#ifndef GANDYN_VERSION
#define GANDYN_VERSION "unknown"
#endif

namespace {

std::string joined(const std::vector<std::string>& names, const char* separator = ", ") {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : separator) + n;
  return out;
}

// The names a subcommand accepts, and an example, under its --help.
std::string names_help(const std::vector<std::string>& methods, const std::string& example) {
  std::vector<std::string> bases;
  for (auto b : gandyn::registry::base_game_names) bases.emplace_back(b);
  std::string text = "\nGames: BASE[-r1][-noise][-consensus], BASE one of " + joined(bases) +
                     "; -noise on gan, nsgan, nsgan-fm only (e.g. nsgan-r1, gan-noise, wgan-gp-consensus); "
                     "classic games (no modifiers): bilinear, linear-wgan-mean, tandem, matching-pennies.\n"
                     "Methods: " + joined(methods) + ".\n";
  text += "Formulas and defaults: docs/games.md and docs/rules.md.\n\nExample:\n  " + example + "\n";
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"gandyn: GAN training dynamics on the Dirac-GAN (fields, update rules, flows, analysis)"};
  app.set_version_flag("--version", std::string("gandyn ") + GANDYN_VERSION);
  app.require_subcommand(1);
  app.footer(names_help(gandyn::registry::simulated_methods,
                        "gandyn simulate --game nsgan-r1 --method altgd --nd 5 --h 0.2 --steps 500 --theta 1 --psi 1") +
             "Analysed methods: " + joined(gandyn::registry::analysed_methods) + ".\nSweep quantities: " +
             joined(gandyn::registry::sweep_quantities) + ".\nGrid parameters: " + joined(gandyn::registry::grid_parameters) +
             ".\n\nSubcommands: simulate, analyze, sweep, orbit, lyapunov, boundary, merge; `gandyn SUBCOMMAND --help`\nlists each one's flags "
             "and an example. Documentation: docs/program.md.");

  cli::flag_registry simulate(app.add_subcommand("simulate", "one trajectory of a game under an update rule or a flow"));
  simulate.add(cli::simulate_parameters, {"game", "method", "h", "theta", "psi"});
  simulate.app()->footer(names_help(gandyn::registry::simulated_methods,
                                    "gandyn simulate --game nsgan-r1 --method altgd --nd 5 --h 0.2 --steps 500 --theta 1 --psi 1"));

  cli::flag_registry analyze(app.add_subcommand("analyze", "Jacobian, eigenvalues and verdict at the equilibrium or a point"));
  analyze.add(cli::analyze_parameters, {"game", "method"});
  analyze.app()->footer(names_help(gandyn::registry::analysed_methods,
                                   "gandyn analyze --game gan-r1 --method altgd --h 0.5 --nd 5 --format text"));

  cli::flag_registry sweep(app.add_subcommand("sweep", "a stability map over a one- or two-parameter grid"));
  sweep.add(cli::sweep_parameters, {"game", "method", "grid", "quantity"});
  sweep.app()->footer(
      names_help(gandyn::registry::simulated_methods, "gandyn sweep --game gan-r1 --method altgd --h 0.1 "
                                                      "--grid h=0.01:4:200 --grid gamma=0:2:200 --quantity spectral-radius --out map.csv") +
      "\nQuantities: " + joined(gandyn::registry::sweep_quantities) + " (final-distance simulates; the others analyse,\n"
      "with the methods of analyze).\nGrid parameters (PARAM=LO:HI:N, N values like linspace): " +
      joined(gandyn::registry::grid_parameters) + "\n");

  cli::flag_registry orbit(app.add_subcommand("orbit", "the cycle, equilibrium or nothing a start reaches (shooting, Newton)"));
  orbit.add(cli::orbit_parameters, {"game", "method", "theta", "psi"});
  orbit.app()->footer(names_help(gandyn::registry::analysed_methods,
                                 "gandyn orbit --game nsgan --method flow --theta 1,0.5 --psi 0.3,-0.8 --format text") +
                      "\nThe flow is integrated by RK4 with step --h (0.01). Kinds: cycle (point, period, Floquet\n"
                      "multipliers), equilibrium (its eigenvalues), none (with the reason; exit status 0).\n");

  cli::flag_registry lyapunov(app.add_subcommand("lyapunov", "the Lyapunov spectrum of a run (Benettin's QR method)"));
  lyapunov.add(cli::lyapunov_parameters, {"game", "method", "steps", "theta", "psi"});
  lyapunov.app()->footer(names_help(gandyn::registry::analysed_methods,
                                    "gandyn lyapunov --game nsgan --method simgd --h 1 --steps 20000 --theta 1 --psi 1") +
                         "\nPer iteration for maps, per unit time for the flow (RK4, step --h, 0.01); after --transient\n"
                         "steps (a tenth of --steps). A run that diverges: exit status 3, no exponents.\n");

  cli::flag_registry boundary(app.add_subcommand("boundary", "where the verdict changes along one parameter"));
  boundary.add(cli::boundary_parameters, {"game", "method", "param"});
  boundary.app()->footer(names_help(gandyn::registry::analysed_methods,
                                    "gandyn boundary --game gan-r1 --gamma 0.3 --method simgd --param h=0.01:3") +
                         "\n--param PARAM=LO:HI: a scan of 1000 values, then bisection to 1e-10 of every change.\n"
                         "PARAM: any grid parameter of sweep but steps.\n");

  CLI::App* merge = app.add_subcommand("merge", "join the shards of a sweep into one map");
  std::vector<std::string> merge_files;
  std::string merge_out;
  merge->add_option("FILE", merge_files, "shard files (CSV or JSON)")->required();
  merge->add_option("--out", merge_out, "the merged map, written atomically")->required();
  merge->footer("\nExample:\n  gandyn merge shard0.json shard1.json --out map.json\n");

  const auto fail = [](const std::string& what) {
    std::string line = what;
    std::replace(line.begin(), line.end(), '\n', ' ');
    std::cerr << "gandyn: error: " << line << "\n";
    return 2;
  };
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);  // --help, --version
  } catch (const CLI::ExtrasError& e) {
    // an unknown flag: name the closest valid one
    std::vector<std::string> flags;
    for (const auto& p : gandyn::registry::parameter_table()) flags.push_back("--" + std::string(p.name));
    std::string command = "gandyn";
    for (const CLI::App* sub : app.get_subcommands()) command += " " + sub->get_name();
    for (const std::string& arg : app.remaining(true))
      if (arg.rfind("--", 0) == 0) {
        const std::string flag = arg.substr(0, arg.find('='));
        if (std::find(flags.begin(), flags.end(), flag) != flags.end())  // another command's flag
          return fail("flag " + flag + " does not apply to " + command);
        if (auto close = gandyn::registry::closest_name(flag, flags))
          return fail("unknown flag " + arg + "; did you mean " + *close + "?");
      }
    return fail(e.what());
  } catch (const CLI::ParseError& e) {
    return fail(e.what());
  }
  try {
    if (simulate.app()->parsed()) return cli::run_simulate(simulate.collect());
    if (analyze.app()->parsed()) return cli::run_analyze(analyze.collect());
    if (sweep.app()->parsed()) return cli::run_sweep(sweep.collect());
    if (orbit.app()->parsed()) return cli::run_orbit(orbit.collect());
    if (lyapunov.app()->parsed()) return cli::run_lyapunov(lyapunov.collect());
    if (boundary.app()->parsed()) return cli::run_boundary(boundary.collect());
    if (merge->parsed()) return cli::run_merge(merge_files, merge_out);
  } catch (const gandyn::registry::parameter_error& e) {
    return fail(cli::spelled(e));
  } catch (const cli::usage_error& e) {
    return fail(e.what());
  } catch (const std::invalid_argument& e) {
    return fail(e.what());
  } catch (const std::domain_error& e) {
    return fail(e.what());
  } catch (const std::exception& e) {
    std::cerr << "gandyn: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
