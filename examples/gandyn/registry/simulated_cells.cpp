// The registry's sweep of simulated quantities in SIMD lanes, compiled once for the program
// and the Python module (its own unit: it compiles every game and rule on batches).
#include <gandyn/registry/simulated_cells.hpp>
