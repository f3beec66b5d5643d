// The parts of a request that every command reads the same way: the game's parameters and
// the state [theta; psi] (docs/program.md).
#pragma once

#include "gandyn/registry/make_game.hpp"
#include "gandyn/registry/parameters.hpp"

#include <Eigen/Core>

#include <optional>
#include <string>
#include <vector>

namespace gandyn::registry::detail {

// The game parameters of a request, unchecked against the game (make_game checks them).
inline game_parameters game_parameters_from(const request& r) {
  game_parameters p;
  const auto number = [&](const char* name) -> std::optional<double> {
    if (!r.has(name)) return std::nullopt;
    return gandyn::registry::detail::parse_number(name, r.text(name));
  };
  p.lambda = number("lambda");
  p.c = number("c");
  p.gamma = number("gamma");
  p.sigma = number("sigma");
  p.consensus_gamma = number("consensus-gamma");
  p.clip = number("clip");
  p.coupling = number("coupling");
  p.data = r.list("data");
  return p;
}

// [theta; psi] from theta and psi (equal lengths; a mismatch names both).
inline Eigen::VectorXd start_state(const request& r) {
  const std::vector<double> theta = r.list("theta");
  const std::vector<double> psi = r.list("psi");
  if (!r.has("theta")) throw parameter_error("theta", "{theta} is required");
  if (!r.has("psi")) throw parameter_error("psi", "{psi} is required");
  if (theta.size() != psi.size())
    throw parameter_error("theta", "{theta} has " + std::to_string(theta.size()) + " values but {psi} has " +
                                       std::to_string(psi.size()));
  const auto n = static_cast<Eigen::Index>(theta.size());
  Eigen::VectorXd x(2 * n);
  for (Eigen::Index i = 0; i < n; ++i) {
    x[i] = theta[i];
    x[n + i] = psi[i];
  }
  return x;
}

using gandyn::registry::game_parameter_names;

}  // namespace gandyn::registry::detail
