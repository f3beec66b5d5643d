// The largest stable step of every update rule (docs/analysis.md, "Largest stable step").
//
// Definition. One iteration z -> F_h(z) of a rule with generator step h (discriminator step
// s h, s = discriminator_scale) has the Jacobian J(h) = dF_h/dz at the analysed fixed point
// (analysis/step_jacobian.hpp; optimistic and momentum on their augmented state [x; memory]),
// and rho(h) = max_i |mu_i(h)| over its eigenvalues. The largest stable step is
//
//     h* = sup { h in (0, h_max] : rho(t) < 1 for every t in (0, h) },   0 if no h qualifies:
//
// every step below h* makes the fixed point locally exponentially attracting (Theorem 1 of
// gan-training-convergence-analysis.fa.txt). rho < 1 is strict: a marginal map (rho = 1, as
// altgd on the unregularised GAN) has no stable step, h* = 0.
//
// simgd, in closed form. J(h) = I + h D v' with D = diag(I_theta, s I_psi), so an eigenvalue
// lambda = -a + i b of D v' becomes 1 + h lambda and
//
//     |1 + h lambda|^2 = 1 - 2 h a + h^2 (a^2 + b^2) < 1   <=>   0 < h < 2 a / (a^2 + b^2)
//
// when a > 0, while no h > 0 qualifies when a <= 0. Hence h* = min_i 2 a_i / (a_i^2 + b_i^2)
// if every a_i > 0, else 0 (Mescheder, Nowozin & Geiger 2017, "The Numerics of GANs",
// Lemma 4; gan-training-convergence-analysis.fa.txt, Proposition 1): `simgd_max_stable_h`.
// The bound itself puts an eigenvalue on the unit circle. "a_i > 0" is taken literally: a
// rounding-level a_i = 1e-17 (an eigenvalue mathematically on the imaginary axis) gives a
// rounding-level bound instead of 0; both mean that no practical step is stable.
//
// Every rule: scan and bisection of rho, and the limit h -> 0. Every rule here is consistent
// with the flow x' = D v(x): as h -> 0, J(h) tends to a matrix whose eigenvalues are 1 (one
// per coordinate of x) and, on an augmented state, 0 (optimistic) or beta (momentum,
// |beta| < 1). So rho(h) -> 1 as h -> 0 for every rule, and whether small steps are stable is
// decided by how it approaches 1. J(h) is analytic in h (at a fixed point, where every
// intermediate state of a step is the fixed point itself, a polynomial in h), so its
// eigenvalues are branches of an algebraic function with Puiseux expansions in powers of
// h^(1/q) (Kato 1995, "Perturbation Theory for Linear Operators", II.1), and either rho = 1
// on some (0, h_s), or
//
//     rho(h) - 1 = c h^p (1 + o(1)),   c != 0, rational p > 0:
//
// small steps are stable iff c < 0. With the eigenvalues l = -a + i b of D v':
//   * a > 0 for every l (a damped flow): mu = 1 + h l + O(h^2), rho = 1 - h min a + ..., p = 1;
//     some a < 0 (Re l > 0): c > 0, h* = 0 for every rule.
//   * l = i b on the imaginary axis (gan, nsgan: l = +- i f'(0) = +- i/2; a bilinear game:
//     +- i sigma_k) and the second order decides:
//       simgd          |1 + i h b|^2 = 1 + h^2 b^2                     c > 0, h* = 0;
//       extragradient  mu = 1 + h l + h^2 l^2,
//                      |mu|^2 = 1 - h^2 b^2 + h^4 b^4                   c = -b^2/2, p = 2: stable
//                      exactly for h b < 1 (h* = 1/b: 2 on gan);
//       optimistic     z^2 - (1 + 2 h l) z + h l = 0, z = 1 + h l + h^2 l^2 + O(h^3),
//                      |z|^2 = 1 - h^2 b^2 + O(h^4)                     c = -b^2/2, p = 2;
//       momentum       z^2 - (1 + beta + h l) z + beta = 0, z = 1 + h l/(1 - beta)
//                      + h^2 beta b^2/(1 - beta)^3 + ...,
//                      |z|^2 = 1 + h^2 b^2 (1 + beta)/(1 - beta)^3 + ...  c > 0 for |beta| < 1;
//       altgd          det J = 1 and the eigenvalues stay on the unit circle while
//                      sqrt(n_g n_d) h b < 2 (gan-training-convergence-analysis.fa.txt,
//                      Lemma 3): rho = 1 exactly, h* = 0.
//
// Resolution. The computed rho differs from rho by rounding: the eigenvalues of an O(1)
// matrix carry absolute errors of 1e-16 to 1e-15 in double precision (1e-15 measured for
// extragradient on gan at h = 1e-7). A step is therefore *resolved stable* if rho < 1 - eps,
// *resolved unstable* if rho > 1 + eps, and *unresolved* otherwise, eps =
// step_search::rounding (1e-12, a thousand times the rounding: room for an eigenvalue
// condition number up to 1000). An exactly marginal map stays unresolved; it is never made
// stable or unstable by the eigensolver's last bits. When p = 2, steps with |c| h^2 < eps
// (h < 2.8e-6 for extragradient on gan, c = -1/8) are unresolved, so a scan that needs every
// step from its first one (h_max 1e-8 = 1e-6) to be resolved stable answers 0 instead of 2.
//
// The search. Geometric scan h_k = h_max 10^-8 r^k up to h_max (r = 10^(8/(scan_points-1))):
//  1. Unresolved steps are passed over up to the first resolved step h_0. None (rho = 1 to
//     rounding on the whole scan): 0, nothing is strictly stable. h_0 resolved unstable: the
//     leading term is positive (c > 0), 0.
//  2. h_0 resolved stable: the leading term is negative and (0, h_0) is stable, provided h_0 is
//     already in the range where c h^p dominates. That is checked, not assumed: a power law
//     satisfies c (0.97 h_0)^p <= c h_0^p / 2 (c < 0) for every p <= ln 2 / ln(1/0.97) = 22.7,
//     so rho(0.97 h_0) - 1 <= (rho(h_0) - 1)/2 is required (at the resolved h_0 both sides
//     are at least eps/2, far above rounding). It fails when rho sits at 1 (a marginal
//     plateau) and drops below it only just before h_0: then no step below h_0 is known to
//     be stable, and the answer is 0.
//  3. From h_0 the scan continues while steps are resolved stable; the first one that is not
//     (unstable, unresolved, or NaN) and the last stable one bracket h*, which bisection then
//     finds to search.relative_tolerance (1e-10 relative). Every scan step stable: h_max.
// Why this is right: a resolved step is classified correctly, so the only inference is the
// interval (0, h_0), and there it is the sign of the leading term, read at the first step
// where the computed rho can show it. It can be wrong only where the truth is invisible in
// double precision: rho - 1 changing sign below h_0 while |rho - 1| <= eps at every scan step
// there (an instability growing by at most a factor 1 + 1e-12 per iteration), or rho leaving
// a plateau rho = 1 so slowly that falling by eps takes it more than 6% of h_0. A power law
// of order above 22.7 is refused (answer 0) rather than extrapolated. As in any scan, a band
// of instability narrower than one scan cell (a factor r, 1.047 by default) between two
// stable steps can be missed. simgd needs none of this: its closed form is exact.
#pragma once

#include "gandyn/analysis/spectrum.hpp"
#include "gandyn/analysis/step_jacobian.hpp"
#include "gandyn/core/game.hpp"
#include "gandyn/core/jacobian.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <stdexcept>
#include <type_traits>

namespace gandyn {

struct simgd;  // gandyn/dynamics/rules/simgd.hpp: max_stable_step only needs to recognise it

// ---------------------------------------------------------------------------------------------
// simgd, closed form

// From the eigenvalues lambda_i = -a_i + i b_i of D v' at the root (v' itself for h_D = h_G):
// min_i 2 a_i / (a_i^2 + b_i^2) if every a_i > 0, else 0. With no eigenvalues (an empty
// state) every step is stable: +infinity. Throws std::domain_error on a non-finite eigenvalue.
template <class Derived>
  requires detail::complex_floating<typename Derived::Scalar>
auto simgd_max_stable_h(const Eigen::MatrixBase<Derived>& lambda) {
  using real = typename Eigen::NumTraits<typename Derived::Scalar>::Real;
  real bound = std::numeric_limits<real>::infinity();
  for (Eigen::Index i = 0; i < lambda.size(); ++i) {
    const real a = -lambda[i].real();
    const real b = lambda[i].imag();
    if (!std::isfinite(a) || !std::isfinite(b))
      throw std::domain_error("simgd_max_stable_h: an eigenvalue is not finite");
    if (!(a > 0)) return real(0);  // Re lambda >= 0: |1 + h lambda| >= 1 for every h > 0
    // 2 a / (a^2 + b^2) as 2 (a / |lambda|) / |lambda|, |lambda| = hypot(a, b): no overflow
    const real modulus = std::hypot(a, b);
    const real h = (real(2) * (a / modulus)) / modulus;
    if (h < bound) bound = h;
  }
  return bound;
}

// From the Jacobian v' (a square real matrix; D v' for h_D != h_G) at the root.
template <class Derived>
  requires detail::real_floating<typename Derived::Scalar>
auto simgd_max_stable_h(const Eigen::MatrixBase<Derived>& jacobian) {
  return simgd_max_stable_h(eigenvalues(jacobian));
}

// ---------------------------------------------------------------------------------------------
// Any rule: scan and bisection

struct step_search {
  double h_max = 100;                // the steps searched are (0, h_max]
  int scan_points = 400;             // geometric scan from h_max 10^-8 to h_max
  double relative_tolerance = 1e-10;  // of the bisection
  // eps: rho < 1 - eps is a resolved stable step, rho > 1 + eps a resolved unstable one, and
  // anything between is unresolved (an exactly marginal map stays there).
  double rounding = 1e-12;
};

namespace detail {

inline void check_step_search(const step_search& s) {
  if (!(s.h_max > 0) || !std::isfinite(s.h_max))
    throw std::invalid_argument("max_stable_step: h_max must be a finite number > 0");
  if (s.scan_points < 2) throw std::invalid_argument("max_stable_step: scan_points must be >= 2");
  if (!(s.relative_tolerance > 0) || !(s.relative_tolerance < 1))
    throw std::invalid_argument("max_stable_step: relative_tolerance must be in (0, 1)");
  if (!(s.rounding >= 0) || !(s.rounding < 1))
    throw std::invalid_argument("max_stable_step: rounding must be in [0, 1)");
}

// The step 3% below the first resolved one, and the share of its contraction it must show
// (a power law c h^p with p <= 22.7 does).
inline constexpr double leading_term_probe = 0.97;
inline constexpr double leading_term_share = 0.5;

}  // namespace detail

// h* for the spectral radius `radius` (a step -> rho(h)), as described at the top.
inline double max_stable_step(const std::function<double(double)>& radius, const step_search& search = {}) {
  detail::check_step_search(search);
  const double eps = search.rounding;
  const auto resolved_stable = [&](double rho) { return rho < 1 - eps; };      // false for NaN
  const auto resolved_unstable = [&](double rho) { return !(rho <= 1 + eps); };  // true for NaN

  const double first = search.h_max * 1e-8;
  const double ratio = std::pow(search.h_max / first, 1.0 / (search.scan_points - 1));
  const auto scan_step = [&](int k) { return k == search.scan_points - 1 ? search.h_max : first * std::pow(ratio, k); };

  // 1. The first resolved step.
  int k = 0;
  double rho0 = radius(scan_step(0));
  while (!resolved_stable(rho0) && !resolved_unstable(rho0)) {
    if (++k == search.scan_points) return 0;  // rho = 1 to rounding everywhere: marginal
    rho0 = radius(scan_step(k));
  }
  if (resolved_unstable(rho0)) return 0;

  // 2. Is rho already approaching 1 like a power law at h_0, from below?
  const double h0 = scan_step(k);
  const double probe = radius(detail::leading_term_probe * h0) - 1;
  if (!(probe <= detail::leading_term_share * (rho0 - 1))) return 0;

  // 3. Scan on while stable, then bisect.
  double stable = h0, unstable = 0;
  for (++k; k < search.scan_points; ++k) {
    const double h = scan_step(k);
    if (!resolved_stable(radius(h))) {
      unstable = h;
      break;
    }
    stable = h;
  }
  if (unstable == 0) return search.h_max;
  while (unstable - stable > search.relative_tolerance * stable) {
    const double mid = 0.5 * (stable + unstable);
    (resolved_stable(radius(mid)) ? stable : unstable) = mid;
  }
  return stable;
}

// h* of `rule` on `g` at the state x (a fixed point of the rule; h_D / h_G fixed by the rule's
// discriminator_scale). For gandyn::simgd the closed form, on D v' (any finite
// discriminator_scale > 0), capped at search.h_max; for every other rule the search above on
// the exact step Jacobian (a step whose Jacobian is not finite counts as unstable), which
// `jacobian_at(z, h)` gives at the analysed point z (step_jacobian(rule, g, z, h) by default;
// a program that dispatches over many rules passes the rules' shared steps,
// analysis/differentiable_step.hpp, so that each is differentiated once).
template <class Rule, game G, class Derived, class StepJacobian>
double max_stable_step(const Rule& rule, const G& g, const Eigen::MatrixBase<Derived>& x, const step_search& search,
                       const StepJacobian& jacobian_at) {
  detail::check_step_search(search);
  const auto z = analysed_point<Rule>(g, x);
  if constexpr (std::is_same_v<Rule, simgd>) {
    const double s = rule.discriminator_scale;
    if (s > 0 && std::isfinite(s)) {
      auto scaled = jacobian(g, z);  // v', then D v'
      scaled.bottomRows(g.discriminator_dim()) *= s;
      return std::min(static_cast<double>(simgd_max_stable_h(scaled)), search.h_max);
    }
  }
  return max_stable_step(
      [&](double h) {
        const auto j = jacobian_at(z, h);
        // A step whose Jacobian overflows is not a stable one.
        return j.allFinite() ? static_cast<double>(spectral_radius(j)) : std::numeric_limits<double>::infinity();
      },
      search);
}

template <class Rule, game G, class Derived>
double max_stable_step(const Rule& rule, const G& g, const Eigen::MatrixBase<Derived>& x,
                       const step_search& search = {}) {
  return max_stable_step(rule, g, x, search,
                         [&](const auto& z, double h) { return step_jacobian(rule, g, z, h); });
}

}  // namespace gandyn
