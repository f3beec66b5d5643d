// Matching pennies with policies parametrised by logits (Letcher, Foerster, Balduzzi,
// Rocktaschel & Whiteson 2019, "Stable Opponent Shaping in Differentiable Games", section 5;
// their notebook's game): player i plays heads with probability p_i = sigmoid(x_i), and with
// the payoff matrix M = [[1, -1], [-1, 1]] the losses are
//   L_1 = (p_1, 1 - p_1) M (p_2, 1 - p_2)^T = (2 p_1 - 1)(2 p_2 - 1),   L_2 = -L_1
// (zero-sum, written as two losses like the paper's general-sum games). In gandyn's convention
// player 1 is the generator (theta = x_1, L_G = L_1) and player 2 the discriminator
// (psi = x_2), who maximises L_D = -L_2 = L_1 (docs/games.md, "matching-pennies"):
//   v_theta = -2 sigmoid'(theta) (2 sigmoid(psi) - 1),   v_psi = 2 sigmoid'(psi) (2 sigmoid(theta) - 1).
// The equilibrium is the mixed Nash equilibrium p_1 = p_2 = 1/2, theta = psi = 0, where the
// Jacobian [[0, -1/4], [1/4, 0]] has eigenvalues +- i/4: the flow circles it.
// N is a size tag only: N = 1 gives a fixed-size state, any other N (Eigen::Dynamic) a run-time-size
// one (of length 2: one parameter per player).
#pragma once

#include "gandyn/core/dual.hpp"
#include "gandyn/core/state.hpp"

#include <Eigen/Core>

#include <cmath>
#include <utility>

namespace gandyn {

template <int N = 1>
struct matching_pennies_game {
  static constexpr int state_size = N == 1 ? 2 : Eigen::Dynamic;

  Eigen::Index generator_dim() const { return 1; }
  Eigen::Index discriminator_dim() const { return 1; }

  // theta = psi = 0: both players mix heads and tails equally.
  state<double, state_size> equilibrium() const { return state<double, state_size>::Zero(2); }

  // Any Eigen vector whose first two coordinates are (theta, psi) (a program's variant may pass
  // a state of another game's size to an alternative it never builds).
  template <class X, class S = typename X::Scalar>
  state<S, state_size> operator()(const X& x) const {
    const S p = sigmoid(x[0]), q = sigmoid(x[1]);
    state<S, state_size> v(2);
    v[0] = S(-2) * p * (S(1) - p) * (S(2) * q - S(1));  // sigmoid' = sigmoid (1 - sigmoid)
    v[1] = S(2) * q * (S(1) - q) * (S(2) * p - S(1));
    return v;
  }

  // (L_G, L_D) = (L_1, -L_2) = (L_1, L_1).
  template <class X, class S = typename X::Scalar>
  std::pair<S, S> losses(const X& x) const {
    const S l = (S(2) * sigmoid(x[0]) - S(1)) * (S(2) * sigmoid(x[1]) - S(1));
    return {l, l};
  }

 private:
  template <class S>
  static S sigmoid(const S& t) {
    using std::exp;
    return S(1) / (S(1) + exp(-t));
  }
};

using matching_pennies = matching_pennies_game<1>;

}  // namespace gandyn
