// gandyn: the command-line program (SPEC 5). Subcommands translate names and flags into
// library types; bad input is one line on stderr and exit status 2.
#include "arguments.hpp"
#include "simulate.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
  CLI::App app{"gandyn: GAN training dynamics on the Dirac-GAN (fields, update rules, flows)"};
  app.require_subcommand(1);
  cli::simulate_command simulate(app);

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
    if (simulate.parsed()) return simulate.run();
  } catch (const cli::usage_error& e) {
    return fail(e.what());
  } catch (const std::invalid_argument& e) {
    return fail(e.what());
  } catch (const std::exception& e) {
    std::cerr << "gandyn: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
