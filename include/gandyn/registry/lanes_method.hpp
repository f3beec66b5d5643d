// The method of a prepared simulation as the sweep's lanes run it (simulated_cells.hpp,
// lyapunov_cells.hpp; docs/batched.md, "What runs in lanes"), or none where lanes do not apply.
#pragma once

#include "gandyn/dynamics/iterate_lanes.hpp"
#include "gandyn/dynamics/rules/altgd.hpp"
#include "gandyn/dynamics/rules/simgd.hpp"
#include "gandyn/registry/prepared_simulation.hpp"

#include <variant>

namespace gandyn::registry::detail {

// Calls f with the group's method as iterate_lanes takes it and returns true, or returns false
// where lanes do not apply.
template <class F>
bool with_lanes_method(const prepared_simulation& p, F&& f) {
  if (p.settings.tol) return false;  // a run stopped at convergence ends early: single runs
  // The library runs every rule in lanes (tests/batched.cpp); the program compiles the sweep's
  // common ones, simgd, altgd and RK4, for n = 1: each rule and dimension adds every game's
  // batched code to the program's build (about 1.5 s of processor time per game and rule).
  if (const auto* rule = std::get_if<any_rule>(&p.method)) {
    if (const auto* r = std::get_if<simgd>(rule)) {
      f(*r);
      return true;
    }
    if (const auto* r = std::get_if<altgd>(rule)) {
      f(*r);
      return true;
    }
    return false;
  }
  if (std::holds_alternative<rk4_flow>(p.method) && !p.settings.t_end) {
    f(rk4_method{});
    return true;
  }
  return false;
}

}  // namespace gandyn::registry::detail
