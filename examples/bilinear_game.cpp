// A game of your own: the bilinear game L(theta, psi) = theta^T A psi with theta in R^2 and
// psi in R^3 (not a Dirac-GAN). Satisfying gandyn::game is all it takes to get exact
// Jacobians and to be integrated like any GAN field. Its flow theta' = -A psi,
// psi' = A^T theta keeps ||theta||^2 + ||psi||^2, and the Jacobian's eigenvalues are
// +- i sigma_k(A) (and 0 for the extra dimension of psi).
#include <gandyn/gandyn.hpp>

#include <Eigen/Dense>

#include <iostream>

struct bilinear_game {
  static constexpr int state_size = 5;  // theta in R^2, psi in R^3
  Eigen::Matrix<double, 2, 3> a{{1.0, 2.0, 0.0}, {0.0, 1.0, -1.0}};

  Eigen::Index generator_dim() const { return 2; }
  Eigen::Index discriminator_dim() const { return 3; }

  // v = (-grad_theta L, +grad_psi L): the generator descends, the discriminator ascends.
  template <class S>
  gandyn::state<S, 5> operator()(const gandyn::state<S, 5>& x) const {
    gandyn::state<S, 5> v;
    v.template head<2>() = -a.cast<S>() * x.template tail<3>();
    v.template tail<3>() = a.transpose().cast<S>() * x.template head<2>();
    return v;
  }
};
static_assert(gandyn::game<bilinear_game>);

int main() {
  const bilinear_game game;
  const Eigen::Matrix<double, 5, 5> jac = gandyn::jacobian(game, gandyn::state<double, 5>::Zero().eval());
  std::cout << "Jacobian at 0 (exact):\n" << jac << "\n\neigenvalues:\n" << jac.eigenvalues() << "\n";
  std::cout << "singular values of A: " << game.a.jacobiSvd().singularValues().transpose() << "\n\n";

  // The flow through Boost.Odeint's adaptive Dormand-Prince, as for any GAN field.
  gandyn::state<double, 5> x;
  x << 1, 0, 0.5, -0.5, 0.25;
  const double start = x.squaredNorm();
  gandyn::integrate_dopri5(game, x, {10.0, 50.0}, {.rtol = 1e-10, .atol = 1e-10}, [&](const auto& y, long, double t) {
    std::cout << "t = " << t << ": ||x||^2 = " << y.squaredNorm() << "\n";
    return true;
  });
  std::cout << "(||x||^2 is conserved: " << start << " at t = 0)\n";
}
