// Closed-form eigenvalues of the Dirac-GAN at its equilibrium theta = x* = 0, psi = 0, in
// dimension n = 1 (gan-training-convergence-analysis.fa.txt, Lemmas 1-4;
// Mescheder, Geiger & Nowozin 2018, "Which training methods for GANs do actually converge?";
// docs/analysis.md, "Closed forms at the equilibrium").
// In n dimensions the Jacobian is the n = 1 matrix with every entry times the n x n identity,
// so each eigenvalue appears n times. With data x* != 0 the psi-psi block gains
// 2 f''(0) x* x*^T and these forms no longer apply.
//
// They depend on the loss only through f'(0) and f''(0); the defaults are the standard
// GAN's f(t) = -log(1 + exp(-t)): f'(0) = sigmoid(0) = 1/2, f''(0) = -sigmoid(0)^2 = -1/4
// (docs/conventions.md, "The loss family"; games/losses.hpp). The Jacobian of v at the
// equilibrium for n = 1 is
//   v' = [[0, -f'(0)], [f'(0), d]],   d = 0 (gan, nsgan), 2 f''(0) sigma^2 (instance noise),
//                                     -gamma (R1 / weight decay), -2 lambda (WGAN-div, f' = 1),
// with trace d and determinant f'(0)^2, so its eigenvalues are d/2 +- sqrt(d^2/4 - f'(0)^2).
// Each function returns the pair {centre + root, centre - root} with the principal complex
// square root: for a negative discriminant the first has positive imaginary part.
#pragma once

#include <array>
#include <cmath>
#include <complex>
#include <stdexcept>
#include <string>

namespace gandyn {

// f'(0) and f''(0) of the logistic loss f(t) = -log(1 + exp(-t)) (docs/conventions.md,
// "The loss family").
inline constexpr double logistic_df0 = 0.5;
inline constexpr double logistic_d2f0 = -0.25;

// The two eigenvalues of a 2 x 2 linearisation, {centre + root, centre - root}.
using eigenvalue_pair = std::array<std::complex<double>, 2>;

namespace detail {
// centre +- sqrt(discriminant), the square root taken in the complex plane.
inline eigenvalue_pair centred_pair(double centre, double discriminant) {
  const std::complex<double> root = std::sqrt(std::complex<double>(discriminant, 0.0));
  return {centre + root, centre - root};
}
inline void require_finite(double x, const char* name) {
  if (!std::isfinite(x)) throw std::invalid_argument(std::string(name) + " must be finite");
}
}  // namespace detail

// Gradient flow x' = v(x), `gan` and `nsgan`: lambda = +- i f'(0)
// (gan-training-convergence-analysis.fa.txt, Lemma 1 and the text before it).
// Purely imaginary: the linearisation is a centre, integral curves of `gan` keep
// theta^2 + psi^2 constant.
inline eigenvalue_pair flow_eigenvalues(double df0 = logistic_df0) {
  detail::require_finite(df0, "f'(0)");
  return {std::complex<double>(0, df0), std::complex<double>(0, -df0)};
}

// Simultaneous gradient descent with step h, F = x + h v(x), F' = I + h v':
// lambda = 1 +- i h f'(0), modulus sqrt(1 + h^2 f'(0)^2) > 1 for every h > 0: unstable
// (gan-training-convergence-analysis.fa.txt, Lemma 2; docs/analysis.md, "Largest stable step").
inline eigenvalue_pair simgd_eigenvalues(double h, double df0 = logistic_df0) {
  detail::require_finite(h, "h");
  detail::require_finite(df0, "f'(0)");
  return {std::complex<double>(1, h * df0), std::complex<double>(1, -h * df0)};
}

// Alternating gradient descent, n_g generator steps then n_d discriminator steps of size h:
//   lambda = 1 - a^2/2 +- sqrt((1 - a^2/2)^2 - 1),   a = sqrt(n_g n_d) h f'(0)
// (gan-training-convergence-analysis.fa.txt, Lemma 3;
// docs/analysis.md, "Stability regions of the rules"). For a < 2 both lie on the unit circle
// (product 1, complex conjugates): never inside it. The discriminant (1 - a^2/2)^2 - 1 is
// evaluated as a^2 (a^2/4 - 1), the same number without cancellation.
// The order of the players does not change the eigenvalues (the two products are similar).
inline eigenvalue_pair altgd_eigenvalues(double h, int n_g = 1, int n_d = 1, double df0 = logistic_df0) {
  detail::require_finite(h, "h");
  detail::require_finite(df0, "f'(0)");
  if (n_g < 1 || n_d < 1) throw std::invalid_argument("altgd_eigenvalues: n_g and n_d must be >= 1");
  const double a = std::sqrt(static_cast<double>(n_g) * static_cast<double>(n_d)) * h * df0;
  const double a2 = a * a;
  return detail::centred_pair(1 - a2 / 2, a2 * (a2 / 4 - 1));
}

// Instance noise N(0, sigma^2 I) on real and generated samples, gradient flow:
//   lambda = f''(0) sigma^2 +- sqrt(f''(0)^2 sigma^4 - f'(0)^2)
// (gan-training-convergence-analysis.fa.txt, Lemma 4). Negative real parts whenever
// f''(0) < 0 and sigma > 0; for the logistic loss a double eigenvalue (a Jordan block) at
// sigma^2 = f'(0)/|f''(0)| = 2.
inline eigenvalue_pair instance_noise_eigenvalues(double sigma, double df0 = logistic_df0,
                                                  double d2f0 = logistic_d2f0) {
  detail::require_finite(sigma, "sigma");
  detail::require_finite(df0, "f'(0)");
  detail::require_finite(d2f0, "f''(0)");
  const double centre = d2f0 * sigma * sigma;
  return detail::centred_pair(centre, centre * centre - df0 * df0);
}

// R1 gradient penalty gamma/2 ||grad_x D||^2 = gamma/2 ||psi||^2, equal to weight decay on psi
// (Mescheder, Geiger & Nowozin 2018, eq. 9; dirac-gan-convergence.zh.txt, "L2正则项"), flow:
//   lambda = -gamma/2 +- sqrt(gamma^2/4 - f'(0)^2)
// (not among the note's Lemmas 1-4: it is the trace/determinant formula above with
// d = -gamma). A double eigenvalue -f'(0) (a Jordan block) at gamma = 2 f'(0), i.e. gamma = 1
// and lambda = -1/2 for the logistic loss.
inline eigenvalue_pair r1_eigenvalues(double gamma, double df0 = logistic_df0) {
  detail::require_finite(gamma, "gamma");
  detail::require_finite(df0, "f'(0)");
  return detail::centred_pair(-gamma / 2, gamma * gamma / 4 - df0 * df0);
}

// WGAN-div: the WGAN loss f(t) = t (f'(0) = 1) with the zero-centred gradient penalty
// lambda ||psi||^2 (wgan-gp with c = 0; dirac-gan-convergence.zh.txt, "分析WGAN-GP和WGAN-div":
// v_psi = theta - 2 lambda psi near psi = 0), flow:
//   lambda_{1,2} = -lambda +- sqrt(lambda^2 - 1)
// (the R1 form with gamma = 2 lambda and f'(0) = 1). A double eigenvalue -1 (a Jordan block)
// at lambda = 1 (docs/analysis.md, "Defective eigenvalues").
inline eigenvalue_pair wgan_div_eigenvalues(double lambda) {
  detail::require_finite(lambda, "lambda");
  return detail::centred_pair(-lambda, lambda * lambda - 1);
}

}  // namespace gandyn
