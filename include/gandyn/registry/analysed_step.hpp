// One iteration of a rule on the erased game, with its exact Jacobian, on the rule's analysed
// state (analysis/differentiable_step.hpp): what the analyze command and the attractor
// commands (orbit, lyapunov, boundary) differentiate. Defined once, in attractors.hpp, so that
// each rule's step on dual numbers is compiled in one translation unit, not in each command's
// (the program's build time, docs/program.md "Building").
#pragma once

#include "gandyn/analysis/differentiable_step.hpp"
#include "gandyn/registry/erased_game.hpp"
#include "gandyn/registry/methods.hpp"

namespace gandyn::registry {

// The step x -> F_h(x) of `rule` (an analysable one: not Adam or RMSProp, whose map depends on
// the step count; std::invalid_argument for those) with generator step h.
differentiable_map analysed_step(const any_rule& rule, const erased_game& g, double h);

}  // namespace gandyn::registry
