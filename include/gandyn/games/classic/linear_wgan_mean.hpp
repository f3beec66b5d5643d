// A linear WGAN learning the mean of a Gaussian (Daskalakis, Ilyas, Syrgkanis & Zeng 2018,
// "Training GANs with Optimism", section 3): data N(x*, I), generator G_theta(z) = z + theta,
// critic D_psi(y) = psi.y, and the Wasserstein objective
//   E_data D(y) - E_z D(G_theta(z)) = psi.(x* - theta)
// (the noise terms cancel in expectation), maximised by the critic and minimised by the
// generator (docs/games.md, "linear-wgan-mean"). So L_G = L_D = psi.(x* - theta) and
//   v_theta = psi,   v_psi = x* - theta,
// the bilinear game in the error theta - x*: the equilibrium is theta = x*, psi = 0. Here the
// critic is high on real data, the opposite of the Dirac-GAN convention. x* defaults to (3, 4)
// in two dimensions (in other dimensions the first n coordinates of (3, 4, 0, ...)).
#pragma once

#include "gandyn/core/state.hpp"

#include <Eigen/Core>

#include <utility>

namespace gandyn {

template <int N = 2>
struct linear_wgan_mean {
  static constexpr int dimension = N;
  static constexpr int state_size = doubled(N);
  using data_type = Eigen::Matrix<double, N, 1>;

  data_type data = default_mean(N == Eigen::Dynamic ? 2 : N);  // x*, the mean to learn

  Eigen::Index generator_dim() const { return data.size(); }
  Eigen::Index discriminator_dim() const { return data.size(); }

  // (3, 4, 0, ...) truncated or padded to n coordinates.
  static data_type default_mean(Eigen::Index n) {
    data_type m = data_type::Zero(n);
    if (n > 0) m[0] = 3;
    if (n > 1) m[1] = 4;
    return m;
  }

  template <class S>
  dirac_state<S, N> operator()(const dirac_state<S, N>& x) const {
    dirac_state<S, N> v(x.size());
    generator_part<N>(v) = discriminator_part<N>(x);
    discriminator_part<N>(v) = data.template cast<S>() - generator_part<N>(x);
    return v;
  }

  // (L_G, L_D) = (psi.(x* - theta), psi.(x* - theta)).
  template <class S>
  std::pair<S, S> losses(const dirac_state<S, N>& x) const {
    const S l = discriminator_part<N>(x).dot(data.template cast<S>() - generator_part<N>(x));
    return {l, l};
  }
};

}  // namespace gandyn
