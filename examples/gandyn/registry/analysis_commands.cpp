// The registry's analyze, orbit, lyapunov, boundary and sweep commands, compiled once for the
// program and the Python module. One unit: all of them run on the erased game and share each
// rule's step with its exact Jacobian (registry/analysed_step.hpp), the spectra and the JSON,
// which each of three units compiled again (docs/program.md, "Building").
#include <gandyn/registry/analyze.hpp>
#include <gandyn/registry/attractors.hpp>
#include <gandyn/registry/sweep.hpp>
