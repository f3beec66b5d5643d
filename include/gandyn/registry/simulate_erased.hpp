// Definition of simulate's run on the erased game (registry/run_simulation.hpp). Include in
// exactly one translation unit: every rule's stepper, RK4 and Dopri5 on the erased game are
// compiled there, apart from the concrete games' hot loops (registry/simulate.hpp), so that a
// build can optimise the two differently (examples/gandyn/CMakeLists.txt).
#pragma once

#include "gandyn/registry/run_simulation.hpp"

namespace gandyn::registry::detail {

trajectory simulate_on_erased_game(const prepared_simulation& p, const progress_hook& progress) {
  return run_simulation<vec>(erase(p.game), p, progress);
}

}  // namespace gandyn::registry::detail
