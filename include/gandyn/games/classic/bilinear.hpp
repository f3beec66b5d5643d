// The bilinear game L(theta, psi) = theta^T A psi, the generator minimising and the
// discriminator maximising (docs/games.md, "bilinear"): L_G = L_D = theta^T A psi,
//   v_theta = -A psi,   v_psi = A^T theta.
// With A = a (one dimension) it is the CGD paper's f(x, y) = alpha x y (Schafer & Anandkumar
// 2019, section 4, Figure 2), on which simultaneous gradient descent diverges for every step;
// in any dimension the equilibrium is 0 (unique when A has full rank), where the Jacobian
// [[0, -A], [A^T, 0]] has eigenvalues +- i sigma_k(A) (the singular values of A) and zeros.
// A is any matrix from C++ (theta in R^N, psi in R^M); by default a = 1 (A = I).
#pragma once

#include "gandyn/core/state.hpp"

#include <Eigen/Core>

#include <utility>

namespace gandyn {

template <int N = 1, int M = N>
struct bilinear_game {
  static constexpr int state_size = (N == Eigen::Dynamic || M == Eigen::Dynamic) ? Eigen::Dynamic : N + M;
  using coupling_type = Eigen::Matrix<double, N, M>;

  coupling_type coupling = default_coupling();  // A; at run-time size set it (coupling_type::Identity(n, n))

  Eigen::Index generator_dim() const { return coupling.rows(); }
  Eigen::Index discriminator_dim() const { return coupling.cols(); }

  // The known equilibrium theta = 0, psi = 0.
  state<double, state_size> equilibrium() const { return state<double, state_size>::Zero(generator_dim() + discriminator_dim()); }

  template <class S>
  state<S, state_size> operator()(const state<S, state_size>& x) const {
    const auto a = coupling.template cast<S>();
    state<S, state_size> v(x.size());
    v.head(generator_dim()) = -(a * x.tail(discriminator_dim()));
    v.tail(discriminator_dim()) = a.transpose() * x.head(generator_dim());
    return v;
  }

  // (L_G, L_D) = (theta^T A psi, theta^T A psi).
  template <class S>
  std::pair<S, S> losses(const state<S, state_size>& x) const {
    const S l = x.head(generator_dim()).dot(coupling.template cast<S>() * x.tail(discriminator_dim()));
    return {l, l};
  }

 private:
  static coupling_type default_coupling() {
    if constexpr (N == Eigen::Dynamic || M == Eigen::Dynamic) {
      return coupling_type::Identity(1, 1);
    } else {
      return coupling_type::Identity();
    }
  }
};

// The scalar coupling L = a theta.psi in n dimensions (A = a I).
template <int N = 1>
bilinear_game<N> scalar_bilinear(double a, Eigen::Index n = N == Eigen::Dynamic ? 1 : N) {
  return {.coupling = a * Eigen::Matrix<double, N, N>::Identity(n, n)};
}

}  // namespace gandyn
