// The registry's orbit, lyapunov and boundary commands, compiled once for the program and the
// Python module.
#include <gandyn/registry/attractors.hpp>
