// The terms that opponent shaping adds to the players' gradients (Letcher et al. 2019, "Stable
// Opponent Shaping in Differentiable Games", ICLR 2019, the LookAhead and LOLA gradients and Algorithm 1; Foerster et
// al. 2018, "Learning with Opponent-Learning Awareness", AAMAS 2018; docs/rules.md,
// "Opponent shaping: LOLA and SOS"), in gandyn's convention.
//
// The players minimise L_1 = L_G (theta) and L_2 = -L_D (psi). Their simultaneous gradient is
// xi = (grad_theta L_1, grad_psi L_2) = -v, its Jacobian H = dxi/dx = -J with J = v'(x), and
// H_o the off-diagonal blocks of H: H_12 = -J_tp = -dv_theta/dpsi, H_21 = -J_pt. Letcher's
// look-ahead and shaping terms are then
//   H_o xi = J_off v,   J_off = [[0, J_tp], [J_pt, 0]],
//   chi = diag(H_o^T grad L):  chi_theta = H_21^T grad_psi L_1   = -J_pt^T grad_psi L_G,
//                              chi_psi   = H_12^T grad_theta L_2 =  J_tp^T grad_theta L_D.
// Two evaluations: the Jacobian of v (with v itself as its value) and the gradients of the two
// losses (a Jacobian of x -> (L_G, L_D)), both exact by forward-mode automatic differentiation,
// so the terms are themselves differentiable by a further layer of dual numbers (the step
// Jacobians of the analysis).
#pragma once

#include "gandyn/core/game.hpp"
#include "gandyn/core/jacobian.hpp"

#include <Eigen/Core>

#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

namespace gandyn::detail {

// x -> (L_G(x), L_D(x)) as a vector, for value_and_jacobian.
template <class G>
struct loss_pair_of {
  const G& game;
  template <class X>
  auto operator()(const X& x) const {
    using D = typename X::Scalar;
    const std::pair<D, D> l = game.losses(x);
    Eigen::Matrix<D, 2, 1> out;
    out[0] = l.first;
    out[1] = l.second;
    return out;
  }
};

// v, J_off v and chi at x, each a vector of the state's layout.
template <class State>
struct shaping_terms {
  State v;           // the field, -xi
  State look_ahead;  // J_off v = H_o xi
  State chi;         // diag(H_o^T grad L)
};

template <class G, class State>
shaping_terms<State> opponent_shaping_terms(const G& g, const State& x) {
  using S = typename State::Scalar;
  const Eigen::Index m = x.size();
  const Eigen::Index ng = g.generator_dim();
  const auto [v, J] = value_and_jacobian(g, x);                  // v(x), J = v'(x)
  const auto dl = value_and_jacobian(loss_pair_of<G>{g}, x).second;  // rows: grad L_G, grad L_D
  shaping_terms<State> t{State(m), State(m), State(m)};
  for (Eigen::Index i = 0; i < m; ++i) {
    const bool generator = i < ng;
    // The other player's block of columns (J_off v) and of rows (chi).
    const Eigen::Index first = generator ? ng : 0;
    const Eigen::Index end = generator ? m : ng;
    S look_ahead(0);
    S chi(0);
    for (Eigen::Index j = first; j < end; ++j) {
      look_ahead += J(i, j) * v[j];
      // theta: -(J_pt^T grad_psi L_G)_i;  psi: (J_tp^T grad_theta L_D)_i
      chi += generator ? S(-(J(j, i) * dl(0, j))) : S(J(j, i) * dl(1, j));
    }
    t.v[i] = v[i];
    t.look_ahead[i] = look_ahead;
    t.chi[i] = chi;
  }
  return t;
}

// The look-ahead rate: the rule's alpha, or the step h when it has none (as in the authors'
// notebook stable_opponent_shaping.ipynb, where one `alpha` is both). Throws
// std::invalid_argument naming `alpha` for a negative or non-finite rate.
inline double look_ahead_rate(const char* rule, const std::optional<double>& alpha, double h) {
  if (alpha && !(std::isfinite(*alpha) && *alpha >= 0))
    throw std::invalid_argument(std::string(rule) + ": alpha must be finite and >= 0 (got " +
                                std::to_string(*alpha) + ")");
  return alpha.value_or(h);
}

}  // namespace gandyn::detail
