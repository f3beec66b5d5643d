// The state of a two-player game: one Eigen vector x = [theta; psi].
//
// theta (generator) comes first, psi (discriminator) second (docs/conventions.md,
// "The state"). A size known at compile time gives an allocation-free fixed-size vector;
// Eigen::Dynamic gives a heap vector; both go through the same code.
#pragma once

#include <Eigen/Core>

namespace gandyn {

// 2 n at compile time, or Dynamic.
constexpr int doubled(int n) { return n == Eigen::Dynamic ? Eigen::Dynamic : 2 * n; }

// A state of compile-time size Size (2 n for a Dirac-GAN of dimension n).
template <class S, int Size>
using state = Eigen::Matrix<S, Size, 1>;

// The state of an n-dimensional Dirac-GAN: theta and psi both in R^n.
template <class S, int N>
using dirac_state = state<S, doubled(N)>;

// Named views of the two players' parts of a Dirac-GAN state (n = N, or Dynamic).
template <int N, class V>
auto generator_part(V&& x) {
  if constexpr (N == Eigen::Dynamic) {
    return x.head(x.size() / 2);
  } else {
    return x.template head<N>();
  }
}

template <int N, class V>
auto discriminator_part(V&& x) {
  if constexpr (N == Eigen::Dynamic) {
    return x.tail(x.size() / 2);
  } else {
    return x.template tail<N>();
  }
}

// A Dirac-GAN state from its two parts.
template <int N, class A, class B>
auto join(const Eigen::MatrixBase<A>& theta, const Eigen::MatrixBase<B>& psi) {
  using S = typename A::Scalar;
  dirac_state<S, N> x(theta.size() + psi.size());
  generator_part<N>(x) = theta;
  discriminator_part<N>(x) = psi;
  return x;
}

}  // namespace gandyn
