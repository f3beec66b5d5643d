// Where a field has no Jacobian: the analysis must say so instead of printing numbers
// (SPEC 4: "Where the field is not differentiable at the point ... the analysis says so in
// an error and prints no numbers").
//
// The games evaluate a subgradient where a term divides by ||psi|| at psi = 0 (SPEC 2), so
// automatic differentiation there returns a finite matrix that is not a derivative. These
// points are known from the formulas:
//   * normalised critic (`wgan-norm`, games/normalised_wgan.hpp): u = psi/||psi|| at psi = 0
//     (dirac-gan-convergence.zh.txt, "分析WGAN");
//   * gradient penalty lambda (||psi|| - c)^2 with c != 0 (`wgan-gp`): its gradient
//     2 lambda (1 - c/||psi||) psi has the direction-dependent limit -2 lambda c u at psi = 0
//     (dirac-gan-convergence.zh.txt, "分析WGAN-GP和WGAN-div"; c = 0, `wgan-div`, is smooth);
//   * one-sided penalty lambda max(0, ||psi|| - 1)^2 (`wgan-lp`): its gradient has a kink on
//     the sphere ||psi|| = 1 (Petzka, Fischer & Lukovnikov 2018);
//   * WGAN-QC (games/wgan_qc.hpp, lambda != 0): lambda (||psi|| - ||x* - theta||) u at psi = 0,
//     and the transport distance ||x* - theta|| at theta = x* when psi != 0 (SPEC 2.2).
// A wrapper that holds its base game as member `game` (consensus, sampled_noise) is not
// differentiable where its base is not. A user's game may declare its own points with a
// member `std::optional<std::string> non_differentiable_reason(const Eigen::VectorXd& x) const`.
#pragma once

#include "gandyn/core/game.hpp"
#include "gandyn/games/normalised_wgan.hpp"
#include "gandyn/games/penalties.hpp"
#include "gandyn/games/wgan_qc.hpp"

#include <Eigen/Core>

#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace gandyn {

namespace detail {
template <class G>
struct is_normalised_wgan : std::false_type {};
template <int N>
struct is_normalised_wgan<normalised_wgan<N>> : std::true_type {};

template <class G>
struct is_wgan_qc : std::false_type {};
template <int N>
struct is_wgan_qc<wgan_qc<N>> : std::true_type {};

// ||psi|| = 1 up to a few rounding errors (a point typed as (0.6, 0.8) means the sphere).
inline constexpr double unit_sphere_tolerance = 8 * std::numeric_limits<double>::epsilon();

template <class G>
std::optional<std::string> reason_at(const G& g, const Eigen::VectorXd& x) {
  if constexpr (requires {
                  { g.non_differentiable_reason(x) } -> std::convertible_to<std::optional<std::string>>;
                }) {
    if (auto reason = g.non_differentiable_reason(x)) return reason;
  }
  if constexpr (requires { g.game; }) {
    using inner = std::remove_cvref_t<decltype(g.game)>;
    if constexpr (game<inner>) {
      if (auto reason = reason_at(g.game, x)) return reason;
    }
  }
  const Eigen::Index n_theta = g.generator_dim();
  const auto theta = x.head(n_theta);
  const auto psi = x.tail(x.size() - n_theta);
  const bool psi_zero = psi.squaredNorm() == 0;
  if constexpr (is_normalised_wgan<G>::value) {
    if (psi_zero) return "wgan-norm (normalised critic psi/||psi||) is not differentiable at psi = 0";
  }
  if constexpr (is_wgan_qc<G>::value) {
    if (g.lambda != 0 && psi_zero) return "wgan-qc is not differentiable at psi = 0";
    if (g.lambda != 0 && theta == g.data)
      return "wgan-qc is not differentiable at theta = x* (its penalty's target ||x* - theta||)";
  }
  if constexpr (requires {
                  { g.penalty } -> std::convertible_to<const discriminator_penalty&>;
                }) {
    const discriminator_penalty& p = g.penalty;
    if (p.gp_lambda != 0 && p.gp_centre != 0 && psi_zero)
      return "wgan-gp with c > 0 is not differentiable at psi = 0";
    if (p.lp_lambda != 0 && std::abs(psi.norm() - 1) <= unit_sphere_tolerance)
      return "wgan-lp is not differentiable at ||psi|| = 1";
  }
  return std::nullopt;
}
}  // namespace detail

// Why the field of g has no Jacobian at x (one line, naming the variant and the point), or
// nullopt where it is differentiable. Throws std::invalid_argument if x does not have the
// game's state length.
template <game G, class Derived>
std::optional<std::string> non_differentiable_reason(const G& g, const Eigen::MatrixBase<Derived>& x) {
  if (x.size() != state_dim(g))
    throw std::invalid_argument("the point has " + std::to_string(x.size()) + " coordinates but the game's state has " +
                                std::to_string(state_dim(g)));
  const Eigen::VectorXd point = x.template cast<double>();
  return detail::reason_at(g, point);
}

// Throws std::domain_error with non_differentiable_reason's message if there is one.
template <game G, class Derived>
void require_differentiable(const G& g, const Eigen::MatrixBase<Derived>& x) {
  if (auto reason = non_differentiable_reason(g, x)) throw std::domain_error(*reason);
}

}  // namespace gandyn
