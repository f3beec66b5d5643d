// The sweep's lyapunov cells in SIMD lanes, compiled once for the program and the Python module
// (its own unit: it compiles every game's step Jacobian on dual numbers over batches).
#include <gandyn/registry/lyapunov_cells.hpp>
