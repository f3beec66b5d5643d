// Symplectic gradient adjustment, SGA (Balduzzi et al. 2018, "The Mechanics of n-Player
// Differentiable Games", Algorithm 1; sign alignment of Letcher et al. 2019, "Differentiable
// Game Mechanics", JMLR, Algorithm 1 with eps = 1/10; docs/rules.md, "SGA"). With the players'
// gradient xi = -v and its Jacobian -J, the antisymmetric part A = (J^T - J)/2 and
// A^T xi = (J^T - J) v / 2, so x -= h (xi + lam A^T xi) reads
//   x += h (v - lam (J^T - J) v / 2),
//   lam = lambda sign(<xi, grad H> <A^T xi, grad H> / d + eps),   grad H = J^T v,
// H = ||v||^2 / 2 the Hamiltonian, d the state's length; without alignment lam = lambda.
#pragma once

#include "gandyn/dynamics/detail/field_jacobian.hpp"

#include <cmath>
#include <stdexcept>

namespace gandyn {

struct sga {
  double lambda = 1;  // the adjustment's weight, >= 0
  bool align = true;  // the sign alignment of Letcher et al. 2019

  static constexpr double alignment_eps = 0.1;  // Letcher et al. 2019, Algorithm 1

  template <class State>
  struct memory {};

  // v and J (docs/rules.md, "Cost: field evaluations").
  int evaluations() const { return 2; }

  template <class G, class State>
  void step(const G& g, State& x, memory<State>&, double h) const {
    using S = typename State::Scalar;
    if (!(lambda >= 0) || !std::isfinite(lambda)) throw std::invalid_argument("sga: lambda must be finite and >= 0");
    const auto [v, jac] = detail::field_and_jacobian(g, x);
    const State grad_h = jac.transpose() * v;                    // grad H = J^T v
    const State adjustment = S(0.5) * (grad_h - jac * v);        // A^T xi = (J^T - J) v / 2
    double lam = lambda;
    if (align) {
      // <xi, grad H> <A^T xi, grad H> / d + eps with xi = -v; only its sign is used, so the
      // weight is piecewise constant (no derivative through it).
      const S alignment = -v.dot(grad_h) * adjustment.dot(grad_h) / S(static_cast<double>(x.size())) + S(alignment_eps);
      lam *= alignment > S(0) ? 1.0 : (alignment < S(0) ? -1.0 : 0.0);
    }
    x += S(h) * (v - S(lam) * adjustment);
    project(g, x);
  }
};

}  // namespace gandyn
