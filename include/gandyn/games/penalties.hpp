// Discriminator regularisers, as terms added to v_psi = +grad_psi L_D (docs/games.md,
// "The catalogue" and "R1 penalty and weight decay").
// For a linear critic D(x) = psi . x the input gradient is psi everywhere, so each
// penalty on ||grad_x D|| is a function of psi alone. They combine with any loss.
#pragma once

#include "gandyn/core/batch.hpp"
#include "gandyn/core/dual.hpp"

#include <Eigen/Core>

#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>

namespace gandyn {

// Penalty weights; a weight of 0 switches the term off.
struct discriminator_penalty {
  // R1 (Mescheder et al. 2018, eq. 9): gamma/2 E||grad_x D||^2 = gamma/2 ||psi||^2, which is
  // also L2 weight decay on psi (dirac-gan-convergence.zh.txt, "L2正则项").  Term: -gamma psi.
  double r1 = 0;
  // Gradient penalty lambda (||psi|| - c)^2 (Gulrajani et al. 2017 with c = 1; WGAN-div
  // with c = 0; dirac-gan-convergence.zh.txt). Term: -2 lambda (1 - c/||psi||) psi.
  double gp_lambda = 0;
  double gp_centre = 1;
  // One-sided Lipschitz penalty lambda max(0, ||psi|| - 1)^2 (Petzka et al. 2018).
  // Term: -2 lambda max(0, ||psi|| - 1) psi/||psi||.
  double lp_lambda = 0;
};

// Where the penalties have no derivative, for the analysis (docs/games.md, "Where a field is
// not differentiable"): the gradient penalty with c != 0 at psi = 0, where its gradient
// 2 lambda (1 - c/||psi||) psi has the direction-dependent limit -2 lambda c u
// (dirac-gan-convergence.zh.txt; c = 0, WGAN-div, is smooth), and the one-sided penalty on
// the sphere ||psi|| = 1, up to a few rounding errors (a point typed as (0.6, 0.8) means the
// sphere; Petzka, Fischer & Lukovnikov 2018). nullopt where every term is differentiable.
template <class Psi>
std::optional<std::string> non_differentiable_reason(const discriminator_penalty& p, const Psi& psi) {
  const double norm = psi.norm();
  if (p.gp_lambda != 0 && p.gp_centre != 0 && norm == 0)
    return "wgan-gp with c > 0 is not differentiable at psi = 0";
  if (p.lp_lambda != 0 && std::abs(norm - 1) <= 8 * std::numeric_limits<double>::epsilon())
    return "wgan-lp is not differentiable at ||psi|| = 1";
  return std::nullopt;
}

// Whether any penalty is switched on (a field skips the term, and its temporary, otherwise).
inline bool is_active(const discriminator_penalty& p) { return p.r1 != 0 || p.gp_lambda != 0 || p.lp_lambda != 0; }

// Whether a penalty's coefficient depends on ||psi|| (the gradient penalty with c != 0, or the
// Lipschitz penalty); R1 and the c = 0 gradient penalty are constant multiples of psi.
inline bool depends_on_norm(const discriminator_penalty& p) {
  return (p.gp_lambda != 0 && p.gp_centre != 0) || p.lp_lambda != 0;
}

// Every penalty's term is a multiple of psi: term = (fixed + scaled) psi with
//   fixed  = -(gamma + 2 lambda_gp),
//   scaled = 2 lambda_gp c_gp / ||psi|| - 2 lambda_lp max(0, ||psi|| - 1) / ||psi||.
// Where a part divides by ||psi|| and psi = 0, it contributes its subgradient 0. The c = 0
// gradient penalty and R1 are constant in psi, so they stay differentiable at psi = 0.
// Kept apart so that a field adds the fixed part while ||psi|| is still being computed (one
// addition less after the square root and division on a step's critical path). Forced inline:
// called out of line, the parts return through memory and add their latency to every step.
template <class S>
struct penalty_parts {
  S fixed, scaled;
};
template <class Psi>
[[gnu::always_inline]] inline penalty_parts<typename Psi::Scalar> penalty_coefficients(const discriminator_penalty& p,
                                                                                       const Eigen::MatrixBase<Psi>& psi) {
  using S = typename Psi::Scalar;
  using std::sqrt;
  penalty_parts<S> parts{S(-(p.r1 + 2 * p.gp_lambda)), S(0)};
  const bool gp_needs_norm = p.gp_lambda != 0 && p.gp_centre != 0;
  if (!depends_on_norm(p)) return parts;
  // Branch-free (selects), so that a batch of trajectories (core/batch.hpp) takes each lane's
  // case: where psi = 0 the norm is replaced by 1 (no division by 0, no NaN tangent of a dual)
  // and the scaled part by its subgradient 0.
  const S squared = psi.squaredNorm();
  const auto at_zero = primal(squared) == S(0);
  // One trajectory (a bool mask): a branch, predicted, and the selects below fold away; with
  // them on the step's critical path wgan-gp's simgd step at n = 2 cost 1.26x the hand loop, with
  // the branch 1.12-1.17x (benchmarks/rules.cpp).
  if constexpr (std::is_same_v<std::decay_t<decltype(at_zero)>, bool>) {
    if (at_zero) return parts;
  }
  // At n = 1 the norm is |psi|: the same number (sqrt(fl(x^2)) = |x|) without a square root
  // on the step's critical path.
  const S norm = [&] {
    using std::abs;
    if constexpr (Psi::SizeAtCompileTime == 1) {
      return select(at_zero, S(1), S(abs(psi(0))));
    } else {
      return S(sqrt(select(at_zero, S(1), squared)));
    }
  }();
  S scaled(0);
  if (gp_needs_norm) scaled = S(2 * p.gp_lambda * p.gp_centre) / norm;
  if (p.lp_lambda != 0) scaled -= select(primal(norm) > S(1), S(S(2 * p.lp_lambda) * (norm - S(1)) / norm), S(0));
  parts.scaled = select(at_zero, S(0), scaled);
  return parts;
}

// The whole coefficient c = fixed + scaled of term = c psi.
template <class Psi>
[[gnu::always_inline]] inline typename Psi::Scalar penalty_coefficient(const discriminator_penalty& p, const Eigen::MatrixBase<Psi>& psi) {
  const auto parts = penalty_coefficients(p, psi);
  return parts.fixed + parts.scaled;
}

// The sum of the penalties' terms, to be added to v_psi: an expression c psi, no temporary.
template <class Psi>
[[gnu::always_inline]] inline auto penalty_term(const discriminator_penalty& p, const Eigen::MatrixBase<Psi>& psi) {
  return penalty_coefficient(p, psi) * psi.derived();
}

// The penalties themselves, P(psi) = gamma/2 ||psi||^2 + lambda_gp (||psi|| - c_gp)^2
// + lambda_lp max(0, ||psi|| - 1)^2, subtracted from L_D (docs/games.md, "Losses"), so that
// grad_psi (-P) is the term above. Where ||psi|| = 0 its subgradient 0 is used, as in the
// field (the gradient penalty is written lambda (psi.psi - 2 c ||psi|| + c^2), smooth for c = 0).
template <class Psi>
typename Psi::Scalar penalty_value(const discriminator_penalty& p, const Eigen::MatrixBase<Psi>& psi) {
  using S = typename Psi::Scalar;
  using std::sqrt;
  const S squared = psi.squaredNorm();
  S value = S(0.5 * p.r1 + p.gp_lambda) * squared;
  if (!depends_on_norm(p)) return value + S(p.gp_lambda * p.gp_centre * p.gp_centre);
  const S norm = primal(squared) == 0 ? S(0) : S(sqrt(squared));
  value += S(p.gp_lambda) * (S(p.gp_centre * p.gp_centre) - S(2 * p.gp_centre) * norm);
  if (p.lp_lambda != 0 && primal(norm) > 1) value += S(p.lp_lambda) * (norm - S(1)) * (norm - S(1));
  return value;
}

}  // namespace gandyn
