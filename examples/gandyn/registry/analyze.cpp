// The registry's analyze command, compiled once for the program and the Python module.
#include <gandyn/registry/analyze.hpp>
