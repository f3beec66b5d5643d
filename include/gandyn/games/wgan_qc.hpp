// WGAN-QC: WGAN with a quadratic transport cost (Liu, Gu & Samaras 2019;
// gan-training-convergence-analysis.fa.txt, section 4.2), on a Dirac with a batch of one
// real point x* and one generated point theta (docs/games.md, "WGAN-QC on a Dirac").
// Cost c = 1/2 ||theta - x*||^2; the batch LP's symmetric potentials H_real = c/2,
// H_fake = -c/2 (held fixed when differentiating). The discriminator minimises
//   1/2 (psi.x* - H_real)^2 + 1/2 (psi.theta - H_fake)^2 + lambda/2 (||psi|| - ||x* - theta||)^2,
// the generator maximises psi.theta:
//   v_psi = -[(psi.x* - H_real) x* + (psi.theta - H_fake) theta + lambda (||psi|| - ||x* - theta||) u],
//   v_theta = psi,  u = psi/||psi|| (subgradient 0 at psi = 0).
#pragma once

#include "gandyn/core/batch.hpp"
#include "gandyn/core/state.hpp"
#include "gandyn/games/penalties.hpp"

#include <Eigen/Core>

#include <cmath>
#include <utility>

namespace gandyn {

template <int N = 1>
struct wgan_qc {
  static constexpr int dimension = N;
  static constexpr int state_size = doubled(N);
  using data_type = Eigen::Matrix<double, N, 1>;

  double lambda = 0.35;  // weight of the transport-gradient penalty
  discriminator_penalty penalty{};
  data_type data = data_type::Zero(N == Eigen::Dynamic ? 0 : N);

  Eigen::Index generator_dim() const { return data.size(); }
  Eigen::Index discriminator_dim() const { return data.size(); }

  // lambda (||psi|| - ||x* - theta||) u has no derivative at psi = 0, nor ||x* - theta|| at
  // theta = x* (docs/games.md, "WGAN-QC on a Dirac").
  template <class X>
  std::optional<std::string> non_differentiable_reason(const X& x) const {
    const auto theta = x.head(generator_dim());
    const auto psi = x.tail(discriminator_dim());
    if (lambda != 0 && psi.squaredNorm() == 0) return "wgan-qc is not differentiable at psi = 0";
    if (lambda != 0 && theta == data)
      return "wgan-qc is not differentiable at theta = x* (its penalty's target ||x* - theta||)";
    return gandyn::non_differentiable_reason(penalty, psi);
  }

  // (L_G, L_D) = (-psi.theta, -E_D - P(psi)), E_D the critic's objective above with the
  // potentials H(theta) (docs/games.md, "Losses"): grad_psi does not see H, which depends on
  // theta only, so v_psi = grad_psi L_D is the regression with the targets held fixed.
  template <class S>
  std::pair<S, S> losses(const dirac_state<S, N>& x) const {
    using std::sqrt;
    const auto theta = generator_part<N>(x);
    const auto psi = discriminator_part<N>(x);
    const auto xs = data.template cast<S>();
    const S distance_squared = (theta - xs).squaredNorm();
    const S cost = S(0.5) * distance_squared;
    const S real = psi.dot(xs) - S(0.5) * cost;   // psi.x* - H_real
    const S fake = psi.dot(theta) + S(0.5) * cost;  // psi.theta - H_fake
    S critic = S(0.5) * (real * real + fake * fake);
    if (lambda != 0) {
      const S psi_squared = psi.squaredNorm();
      const S psi_norm = primal(psi_squared) == 0 ? S(0) : S(sqrt(psi_squared));
      const S distance = primal(distance_squared) == 0 ? S(0) : S(sqrt(distance_squared));
      critic += S(0.5 * lambda) * (psi_norm - distance) * (psi_norm - distance);
    }
    return {-psi.dot(theta), -critic - penalty_value(penalty, psi)};
  }

  template <class S>
  dirac_state<S, N> operator()(const dirac_state<S, N>& x) const {
    using std::sqrt;
    const auto theta = generator_part<N>(x);
    const auto psi = discriminator_part<N>(x);
    const auto xs = data.template cast<S>();
    const S distance_squared = (theta - xs).squaredNorm();
    const S cost = S(0.5) * distance_squared;
    const S h_real = S(0.5) * cost;
    const S h_fake = S(-0.5) * cost;

    dirac_state<S, N> v(x.size());
    auto v_theta = generator_part<N>(v);
    auto v_psi = discriminator_part<N>(v);
    v_psi = -((psi.dot(xs) - h_real) * xs + (psi.dot(theta) - h_fake) * theta);
    if (lambda != 0) {
      // Branch-free (selects; core/batch.hpp): at psi = 0 the term is its subgradient 0; at
      // theta = x* the distance is 0 (its square root taken of 1 instead, no NaN tangent).
      const S psi_squared = psi.squaredNorm();
      const auto psi_zero = primal(psi_squared) == S(0);
      const S psi_norm = sqrt(select(psi_zero, S(1), psi_squared));
      const auto at_data = primal(distance_squared) == S(0);
      const S distance = select(at_data, S(0), S(sqrt(select(at_data, S(1), distance_squared))));
      const S k = select(psi_zero, S(0), S(S(lambda) * (psi_norm - distance) / psi_norm));
      for (Eigen::Index i = 0; i < psi.size(); ++i) v_psi[i] -= k * psi[i];
    }
    v_psi += penalty_term(penalty, psi);
    v_theta = psi;
    return v;
  }
};

}  // namespace gandyn
