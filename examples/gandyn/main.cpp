// gandyn: the command-line program (SPEC 5). Subcommands translate names and flags into
// library types; bad input is one line on stderr and exit status 2.
#include "analyze.hpp"
#include "arguments.hpp"
#include "flag_set.hpp"
#include "simulate.hpp"
#include "sweep.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  CLI::App app{"gandyn: GAN training dynamics on the Dirac-GAN (fields, update rules, flows, analysis)"};
  app.require_subcommand(1);
  cli::flag_registry simulate(app.add_subcommand("simulate", "one trajectory of a game under an update rule or a flow"));
  cli::add_simulate_flags(simulate);
  cli::flag_registry analyze(app.add_subcommand("analyze", "Jacobian, eigenvalues and verdict at the equilibrium or a point"));
  cli::add_analyze_flags(analyze);
  cli::flag_registry sweep(app.add_subcommand("sweep", "a stability map over a one- or two-parameter grid"));
  cli::add_sweep_flags(sweep);
  CLI::App* merge = app.add_subcommand("merge", "join the shards of a sweep into one map");
  std::vector<std::string> merge_files;
  std::string merge_out;
  merge->add_option("FILE", merge_files, "shard files (CSV or JSON)")->required();
  merge->add_option("--out", merge_out, "the merged map, written atomically")->required();

  const auto fail = [](const std::string& what) {
    std::string line = what;
    std::replace(line.begin(), line.end(), '\n', ' ');
    std::cerr << "gandyn: error: " << line << "\n";
    return 2;
  };
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return fail(e.what());
  }
  try {
    if (simulate.app()->parsed()) return cli::run_simulate(simulate.collect());
    if (analyze.app()->parsed()) return cli::run_analyze(analyze.collect());
    if (sweep.app()->parsed()) return cli::run_sweep(sweep.collect());
    if (merge->parsed()) return cli::run_merge(merge_files, merge_out);
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
