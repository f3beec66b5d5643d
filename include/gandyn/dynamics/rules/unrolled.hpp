// Unrolled GAN (Metz, Poole, Pfau & Sohl-Dickstein 2017, "Unrolled Generative Adversarial
// Networks", ICLR 2017, section 2: the surrogate loss f_K(theta, psi) = f(theta, psi_K(theta, psi));
// docs/rules.md, "Unrolled GAN"): the discriminator takes its usual step, and the generator
// descends its loss after K anticipated discriminator steps, differentiating through them:
//   psi_0 = psi,   psi_{j+1} = P( psi_j + h_D v_psi(theta, psi_j) ),   j = 0 .. K-1,
//   theta <- theta - h_G d/dtheta L_G(theta, psi_K(theta, psi)),
//   psi   <- psi + h_D v_psi(theta, psi),              then x <- P(x).
// The derivative is total (through psi_K), exact by forward-mode automatic differentiation:
// the unrolled steps run on dual numbers carrying d/dtheta, so a step differentiated again by
// the analysis runs on nested duals. With K = 0 the derivative is the partial one,
// -v_theta, and the iteration is simgd's.
// Needs a game that exposes its losses (core/game.hpp).
#pragma once

#include "gandyn/core/game.hpp"
#include "gandyn/core/jacobian.hpp"
#include "gandyn/dynamics/detail/players.hpp"

#include <Eigen/Core>

#include <stdexcept>
#include <string>
#include <type_traits>

namespace gandyn {

struct unrolled {
  int steps = 5;                   // K, the unrolled discriminator steps (>= 0)
  double discriminator_scale = 1;  // h_D / h_G

  template <class State>
  struct memory {};  // none: the unrolled steps start from the current state

  // K evaluations of v (the first one also gives the discriminator's own step) and one
  // gradient of L_G; with K = 0, v and the gradient.
  int evaluations() const { return steps == 0 ? 2 : steps + 1; }

  template <class G, class State>
    requires game_with_losses<G, typename State::Scalar>
  void step(const G& g, State& x, memory<State>&, double h) const {
    if (steps < 0) throw std::invalid_argument("unrolled: steps must be >= 0 (got " + std::to_string(steps) + ")");
    using S = typename State::Scalar;
    const Eigen::Index m = x.size();
    const Eigen::Index ng = g.generator_dim();
    const double h_d = h * discriminator_scale;
    State v_psi(m);  // v(x), of which the discriminator's step takes the psi block
    bool have_v = false;

    // theta -> L_G(theta, psi_K(theta)), the surrogate loss of Metz et al., on any scalar.
    const auto surrogate = [&](const auto& theta) {
      using D = typename std::remove_cvref_t<decltype(theta)>::Scalar;
      state_of<G, D> y(m);
      for (Eigen::Index i = 0; i < ng; ++i) y[i] = theta[i];
      for (Eigen::Index i = ng; i < m; ++i) y[i] = D(x[i]);
      for (int j = 0; j < steps; ++j) {
        const state_of<G, D> v = g(y);
        if (j == 0) {  // v at the current state: its value serves the discriminator's own step
          for (Eigen::Index i = 0; i < m; ++i) v_psi[i] = v[i].value;
          have_v = true;
        }
        for (Eigen::Index i = ng; i < m; ++i) y[i] += D(h_d) * v[i];
        project(g, y);
      }
      Eigen::Matrix<D, 1, 1> loss;
      loss[0] = g.losses(y).first;
      return loss;
    };
    Eigen::Matrix<S, generator_size<G>(), 1> theta(ng);
    for (Eigen::Index i = 0; i < ng; ++i) theta[i] = x[i];
    const auto gradient = value_and_jacobian(surrogate, theta).second;  // 1 x n_g
    if (!have_v) v_psi = g(x);

    for (Eigen::Index i = 0; i < ng; ++i) x[i] -= S(h) * gradient(0, i);
    for (Eigen::Index i = ng; i < m; ++i) x[i] += S(h_d) * v_psi[i];
    project(g, x);
  }
};

}  // namespace gandyn
