// Simulate's run on the erased game, compiled once for the program and the Python module.
#include <gandyn/registry/simulate_erased.hpp>
