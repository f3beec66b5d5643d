// Prints the Jacobian of the non-saturating Dirac-GAN with R1 at the equilibrium and checks
// it against the closed form [[0, -f'(0)], [f'(0), -gamma]] with f'(0) = 1/2.
#include <gandyn/gandyn.hpp>

#include <cmath>
#include <iostream>

int main() {
  const gandyn::f_gan<1> game{.objective = gandyn::generator_objective::non_saturating, .penalty = {.r1 = 0.3}};
  const gandyn::dirac_state<double, 1> equilibrium = gandyn::dirac_state<double, 1>::Zero();
  const Eigen::Matrix2d jac = gandyn::jacobian(game, equilibrium);
  Eigen::Matrix2d expected;
  expected << 0, -0.5, 0.5, -0.3;
  std::cout << jac << "\n";
  return (jac - expected).norm() < 1e-15 ? 0 : 1;
}
