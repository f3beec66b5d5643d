// The settings of the adaptive Dormand-Prince 5(4) flow (dynamics/adaptive_flow.hpp; docs/rules.md,
// "Flows"): what a program chooses before it integrates, in a header without Odeint, so that code
// that only names the method does not compile Odeint (docs/program.md, "Building").
#pragma once

namespace gandyn {

struct dopri5_tolerances {
  double rtol = 1e-8;
  double atol = 1e-8;
  double initial_dt = 1e-3;
  long max_steps = 10'000'000;  // accepted + rejected attempts, over the whole run
};

}  // namespace gandyn
