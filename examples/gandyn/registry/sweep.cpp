// The registry's sweep command, compiled once for the program and the Python module.
#include <gandyn/registry/sweep.hpp>
