// Where a field has no Jacobian the analysis says so instead of printing numbers
// (docs/analysis.md, "Where the field is not differentiable"). The games evaluate a
// subgradient where a term divides by ||psi|| at psi = 0, so automatic differentiation there
// returns a finite matrix that is not a derivative; each game names its own such points
// through its member non_differentiable_reason (core/game.hpp), and a wrapper (consensus,
// sampled noise) defers to its base game.
#pragma once

#include "gandyn/core/game.hpp"

#include <Eigen/Core>

#include <stdexcept>
#include <string>

namespace gandyn {

// Throws std::invalid_argument if x does not have the game's state length, and
// std::domain_error with the game's reason (one line) where v is not differentiable at x.
template <game G, class Derived>
void require_differentiable(const G& g, const Eigen::MatrixBase<Derived>& x) {
  if (x.size() != state_dim(g))
    throw std::invalid_argument("the point has " + std::to_string(x.size()) + " coordinates but the game's state has " +
                                std::to_string(state_dim(g)));
  const Eigen::VectorXd point = x.template cast<double>();
  if (auto reason = non_differentiable_reason(g, point)) throw std::domain_error(*reason);
}

}  // namespace gandyn
