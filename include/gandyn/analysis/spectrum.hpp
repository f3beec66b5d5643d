// The spectrum of a linearisation and the verdict it gives
// (docs/analysis.md, "Spectra and verdicts").
//
// eigenvalues(A): the eigenvalues of a square real matrix (Eigen::EigenSolver, real Schur
// form; no eigenvectors). spectral_radius = max_i |lambda_i| decides a map x_{k+1} = F(x_k)
// near a fixed point, spectral_abscissa = max_i Re lambda_i decides a flow x' = v(x) near a
// root (Mescheder, Nowozin & Geiger 2017, "The Numerics of GANs", section 3;
// gan-training-convergence-analysis.fa.txt, Theorem 1 and Proposition 1). Each takes either
// a real square matrix (its eigenvalues are computed first) or a complex vector of
// eigenvalues: a real argument is always a matrix, a complex one always a list of eigenvalues.
#pragma once

#include <Eigen/Core>
#include <Eigen/Eigenvalues>

#include <cmath>
#include <complex>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

namespace gandyn {

namespace detail {
template <class T>
struct is_complex : std::false_type {};
template <class T>
struct is_complex<std::complex<T>> : std::true_type {};

template <class T>
concept real_floating = std::is_floating_point_v<T>;
template <class T>
concept complex_floating = is_complex<T>::value;

// The side of a square matrix known at compile time from either of its dimensions.
template <class Derived>
inline constexpr int square_size =
    Derived::RowsAtCompileTime != Eigen::Dynamic ? Derived::RowsAtCompileTime : Derived::ColsAtCompileTime;
}  // namespace detail

// The eigenvalues of the square real matrix a, as a complex column vector of the same
// compile-time size (fixed or Eigen::Dynamic). Complex eigenvalues come in conjugate pairs.
// Throws std::invalid_argument if a is not square, std::domain_error if an entry is not
// finite, std::runtime_error if the QR iteration does not converge. An empty matrix has
// no eigenvalues.
template <class Derived>
  requires detail::real_floating<typename Derived::Scalar>
auto eigenvalues(const Eigen::MatrixBase<Derived>& a) {
  using scalar = typename Derived::Scalar;
  constexpr int n = detail::square_size<Derived>;
  static_assert(Derived::RowsAtCompileTime == Eigen::Dynamic || Derived::ColsAtCompileTime == Eigen::Dynamic ||
                    Derived::RowsAtCompileTime == Derived::ColsAtCompileTime,
                "eigenvalues needs a square matrix");
  using matrix = Eigen::Matrix<scalar, n, n>;
  using result = typename Eigen::EigenSolver<matrix>::EigenvalueType;
  if (a.rows() != a.cols())
    throw std::invalid_argument("eigenvalues: the matrix is " + std::to_string(a.rows()) + " x " +
                                std::to_string(a.cols()) + ", not square");
  if (a.size() == 0) return result(0);
  if (!a.allFinite()) throw std::domain_error("eigenvalues: the matrix has non-finite entries");
  const matrix m = a;
  const Eigen::EigenSolver<matrix> solver(m, /*computeEigenvectors=*/false);
  if (solver.info() != Eigen::Success)
    throw std::runtime_error("eigenvalues: the real Schur (QR) iteration did not converge");
  return result(solver.eigenvalues());
}

// max_i |lambda_i| over the given eigenvalues (0 for none; NaN if one is NaN).
template <class Derived>
  requires detail::complex_floating<typename Derived::Scalar>
auto spectral_radius(const Eigen::MatrixBase<Derived>& lambda) {
  using real = typename Eigen::NumTraits<typename Derived::Scalar>::Real;
  real radius(0);
  for (Eigen::Index i = 0; i < lambda.size(); ++i) {
    const real r = std::abs(lambda[i]);
    if (std::isnan(r)) return std::numeric_limits<real>::quiet_NaN();
    if (r > radius) radius = r;
  }
  return radius;
}

// The spectral radius of the square real matrix a.
template <class Derived>
  requires detail::real_floating<typename Derived::Scalar>
auto spectral_radius(const Eigen::MatrixBase<Derived>& a) {
  return spectral_radius(eigenvalues(a));
}

// max_i Re lambda_i over the given eigenvalues (-infinity for none; NaN if one is NaN).
template <class Derived>
  requires detail::complex_floating<typename Derived::Scalar>
auto spectral_abscissa(const Eigen::MatrixBase<Derived>& lambda) {
  using real = typename Eigen::NumTraits<typename Derived::Scalar>::Real;
  real abscissa = -std::numeric_limits<real>::infinity();
  for (Eigen::Index i = 0; i < lambda.size(); ++i) {
    const real re = lambda[i].real();
    if (std::isnan(re) || std::isnan(lambda[i].imag())) return std::numeric_limits<real>::quiet_NaN();
    if (re > abscissa) abscissa = re;
  }
  return abscissa;
}

// The spectral abscissa of the square real matrix a.
template <class Derived>
  requires detail::real_floating<typename Derived::Scalar>
auto spectral_abscissa(const Eigen::MatrixBase<Derived>& a) {
  return spectral_abscissa(eigenvalues(a));
}

// What the linearisation says about a fixed point
// (docs/analysis.md, "Spectra and verdicts"): converges (locally exponentially stable),
// marginal (an eigenvalue on the stability boundary, within the tolerance: the linearisation
// does not decide, e.g. the closed orbits of `gan` or the sub-exponential creep of `nsgan`),
// or diverges (unstable).
enum class verdict { converges, marginal, diverges };

constexpr std::string_view to_string(verdict v) noexcept {
  switch (v) {
    case verdict::converges:
      return "converges";
    case verdict::marginal:
      return "marginal";
    case verdict::diverges:
      return "diverges";
  }
  return "unknown";
}

// The default width of the marginal band (docs/analysis.md, "Spectra and verdicts"):
// |abscissa| <= 1e-8 for a flow, |rho - 1| <= 1e-8 for a map. About sqrt(machine epsilon):
// at a defective eigenvalue (a Jordan block) rounding of size eps in the matrix moves the
// eigenvalues by sqrt(eps).
inline constexpr double marginal_tolerance = 1e-8;

namespace detail {
inline void check_verdict_input(double value, double tolerance, const char* what) {
  if (std::isnan(value)) throw std::domain_error(std::string(what) + " is NaN: no verdict");
  if (!(tolerance >= 0) || std::isinf(tolerance))
    throw std::invalid_argument("the marginal tolerance must be a finite number >= 0");
}
}  // namespace detail

// Flow x' = v(x) at a root, from the spectral abscissa a of v' (Khalil, Nonlinear Systems,
// Theorem 4.7 (Lyapunov's indirect method); docs/analysis.md, "Spectra and verdicts"):
// converges if a < -tolerance, marginal if |a| <= tolerance, diverges if a > tolerance.
inline verdict flow_verdict(double abscissa, double tolerance = marginal_tolerance) {
  detail::check_verdict_input(abscissa, tolerance, "the spectral abscissa");
  if (std::abs(abscissa) <= tolerance) return verdict::marginal;
  return abscissa < 0 ? verdict::converges : verdict::diverges;
}

// Map x_{k+1} = F(x_k) at a fixed point, from the spectral radius rho of F'
// (gan-training-convergence-analysis.fa.txt, Theorem 1; Bertsekas, Nonlinear Programming,
// Proposition 4.4.1; docs/analysis.md, "Spectra and verdicts"): converges if
// rho < 1 - tolerance, marginal if |rho - 1| <= tolerance, diverges if rho > 1 + tolerance.
inline verdict map_verdict(double radius, double tolerance = marginal_tolerance) {
  detail::check_verdict_input(radius, tolerance, "the spectral radius");
  if (std::abs(radius - 1) <= tolerance) return verdict::marginal;
  return radius < 1 ? verdict::converges : verdict::diverges;
}

}  // namespace gandyn
