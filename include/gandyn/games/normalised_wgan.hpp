// WGAN with a normalised critic D(x) = psi . x / ||psi|| (docs/games.md, "wgan-norm";
// dirac-gan-convergence.zh.txt, "分析WGAN"; for a linear critic spectral normalisation,
// Miyato et al. 2018, divides by the same norm). With r = theta - x*, u = psi/||psi||:
//   L = psi . r / ||psi||,  v_psi = (r - (u.r) u) / ||psi||,  v_theta = -u.
// At psi = 0 both parts use the subgradient 0. Penalties add to v_psi as for any loss.
#pragma once

#include "gandyn/core/batch.hpp"
#include "gandyn/core/state.hpp"
#include "gandyn/games/penalties.hpp"

#include <Eigen/Core>

#include <cmath>
#include <utility>

namespace gandyn {

template <int N = 1>
struct normalised_wgan {
  static constexpr int dimension = N;
  static constexpr int state_size = doubled(N);
  using data_type = Eigen::Matrix<double, N, 1>;

  discriminator_penalty penalty{};
  data_type data = data_type::Zero(N == Eigen::Dynamic ? 0 : N);

  Eigen::Index generator_dim() const { return data.size(); }
  Eigen::Index discriminator_dim() const { return data.size(); }

  // u = psi/||psi|| has no derivative at psi = 0 (dirac-gan-convergence.zh.txt, "分析WGAN").
  template <class X>
  std::optional<std::string> non_differentiable_reason(const X& x) const {
    const auto psi = x.tail(discriminator_dim());
    if (psi.squaredNorm() == 0) return "wgan-norm (normalised critic psi/||psi||) is not differentiable at psi = 0";
    return gandyn::non_differentiable_reason(penalty, psi);
  }

  // (L_G, L_D) = (u.r, u.r - P(psi)), P the penalties (docs/games.md, "Losses"); 0 and -P at
  // psi = 0 (the subgradient rule).
  template <class S>
  std::pair<S, S> losses(const dirac_state<S, N>& x) const {
    using std::sqrt;
    const auto theta = generator_part<N>(x);
    const auto psi = discriminator_part<N>(x);
    const S squared = psi.squaredNorm();
    const S value = primal(squared) == 0 ? S(0) : S(psi.dot(theta - data.template cast<S>()) / sqrt(squared));
    return {value, value - penalty_value(penalty, psi)};
  }

  template <class S>
  dirac_state<S, N> operator()(const dirac_state<S, N>& x) const {
    using std::sqrt;
    const auto theta = generator_part<N>(x);
    const auto psi = discriminator_part<N>(x);
    dirac_state<S, N> v(x.size());
    auto v_theta = generator_part<N>(v);
    auto v_psi = discriminator_part<N>(v);
    // Branch-free (selects; core/batch.hpp): where psi = 0 the norm is replaced by 1 and
    // both parts by the subgradient 0.
    const S squared = psi.squaredNorm();
    const auto at_zero = primal(squared) == S(0);
    const S norm = sqrt(select(at_zero, S(1), squared));
    const auto r = (theta - data.template cast<S>()).eval();
    const auto u = (psi / norm).eval();
    const S ur = u.dot(r);
    for (Eigen::Index i = 0; i < psi.size(); ++i) {
      v_psi[i] = select(at_zero, S(0), S((r[i] - ur * u[i]) / norm));
      v_theta[i] = select(at_zero, S(0), S(-u[i]));
    }
    v_psi += penalty_term(penalty, psi);
    return v;
  }
};

}  // namespace gandyn
