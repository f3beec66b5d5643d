// The tandem game (Letcher, Foerster, Balduzzi, Rocktaschel & Whiteson 2019, "Stable Opponent
// Shaping in Differentiable Games", section 5): two players on a tandem bicycle, each with one
// parameter, minimising
//   L_1(x, y) = (x + y)^2 - 2x,   L_2(x, y) = (x + y)^2 - 2y.
// General-sum. In gandyn's convention player 1 is the generator (theta = x, L_G = L_1) and
// player 2 the discriminator (psi = y), who maximises L_D = -L_2 (docs/games.md, "tandem"):
//   v_theta = -dL_1/dx = 2 - 2 (theta + psi),   v_psi = -dL_2/dy = 2 - 2 (theta + psi).
// The fixed points are the whole line theta + psi = 1 (the Jacobian [[-2, -2], [-2, -2]] has
// eigenvalues -4 across the line and 0 along it); the known equilibrium
// carried is its symmetric point (1/2, 1/2). The paper reports that LOLA fails to reach these
// fixed points and SOS converges to them.
// N is a size tag only: N = 1 gives a fixed-size state, any other N (Eigen::Dynamic) a run-time-size
// one (of length 2: the game has one parameter per player).
#pragma once

#include "gandyn/core/state.hpp"

#include <Eigen/Core>

#include <utility>

namespace gandyn {

template <int N = 1>
struct tandem_game {
  static constexpr int state_size = N == 1 ? 2 : Eigen::Dynamic;

  Eigen::Index generator_dim() const { return 1; }
  Eigen::Index discriminator_dim() const { return 1; }

  // (1/2, 1/2): the symmetric point of the line of fixed points theta + psi = 1.
  state<double, state_size> equilibrium() const { return state<double, state_size>::Constant(2, 0.5); }

  // Any Eigen vector whose first two coordinates are (theta, psi) (a program's variant may pass
  // a state of another game's size to an alternative it never builds).
  template <class X, class S = typename X::Scalar>
  state<S, state_size> operator()(const X& x) const {
    const S slope = S(2) - S(2) * (x[0] + x[1]);
    state<S, state_size> v(2);
    v[0] = slope;
    v[1] = slope;
    return v;
  }

  // (L_G, L_D) = (L_1, -L_2).
  template <class X, class S = typename X::Scalar>
  std::pair<S, S> losses(const X& x) const {
    const S sum = x[0] + x[1];
    return {sum * sum - S(2) * x[0], -(sum * sum - S(2) * x[1])};
  }
};

using tandem = tandem_game<1>;

}  // namespace gandyn
