// The registry's simulate command, compiled once for the program and the Python module.
#include <gandyn/registry/simulate.hpp>
