// Exact Jacobians by forward-mode automatic differentiation (gandyn::dual).
//
// jacobian(f, x) differentiates any function f : R^m -> R^p written on a scalar
// template. At a compile-time size m every tangent is carried in one pass (no heap);
// at Eigen::Dynamic size the columns are computed in chunks of `chunk` tangents
// (the chunk mode of ForwardDiff.jl, Revels, Lubin & Papamarkou 2016).
#pragma once

#include "gandyn/core/dual.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <type_traits>
#include <utility>

namespace gandyn {

namespace detail {
inline constexpr int dynamic_chunk = 8;
}

// Value f(x) and Jacobian df/dx at x, both exact.
// Flattened (the function's dual-number evaluation inlined here): dual temporaries then stay
// out of memory between calls (benchmarks/jacobian.cpp).
template <class F, class Derived>
[[gnu::flatten]] auto value_and_jacobian(const F& f, const Eigen::MatrixBase<Derived>& x) {
  using S = typename Derived::Scalar;
  constexpr int M = Derived::RowsAtCompileTime;
  constexpr int K = M == Eigen::Dynamic ? detail::dynamic_chunk : M;
  using D = dual<S, K>;
  using input = Eigen::Matrix<D, M, 1>;
  using output = std::remove_cvref_t<decltype(f(std::declval<const input&>()).eval())>;
  constexpr int P = output::RowsAtCompileTime;
  const Eigen::Index m = x.size();

  Eigen::Matrix<S, P, 1> value;
  Eigen::Matrix<S, P, M> jac;
  input xd(m);
  for (Eigen::Index j = 0; j < m; ++j) xd[j] = D(x[j]);
  for (Eigen::Index first = 0; first < m; first += K) {
    const Eigen::Index count = std::min<Eigen::Index>(K, m - first);
    // Whole duals are written (the value with its unit tangent vector), not one tangent.
    for (Eigen::Index k = 0; k < count; ++k) xd[first + k] = D::seeded(x[first + k], static_cast<int>(k));
    const output y = f(xd);
    if (first == 0) {
      value.resize(y.size());
      jac.resize(y.size(), m);
      for (Eigen::Index i = 0; i < y.size(); ++i) value[i] = y[i].value;
    }
    for (Eigen::Index i = 0; i < y.size(); ++i)
      for (Eigen::Index k = 0; k < count; ++k) jac(i, first + k) = y[i].tangent[k];
    if (first + K < m)
      for (Eigen::Index k = 0; k < count; ++k) xd[first + k] = D(x[first + k]);
  }
  return std::pair{std::move(value), std::move(jac)};
}

// Value f(x) and the directional derivative f'(x) u, exact: one pass of dual numbers with a
// single tangent, seeded with u.
template <class F, class Derived, class U>
[[gnu::flatten]] auto value_and_jvp(const F& f, const Eigen::MatrixBase<Derived>& x, const Eigen::MatrixBase<U>& u) {
  using S = typename Derived::Scalar;
  constexpr int M = Derived::RowsAtCompileTime;
  using D = dual<S, 1>;
  using input = Eigen::Matrix<D, M, 1>;
  using output = std::remove_cvref_t<decltype(f(std::declval<const input&>()).eval())>;
  constexpr int P = output::RowsAtCompileTime;
  const Eigen::Index m = x.size();
  input xd(m);
  for (Eigen::Index j = 0; j < m; ++j) {
    xd[j] = D(x[j]);
    xd[j].tangent[0] = u[j];
  }
  const output y = f(xd);
  Eigen::Matrix<S, P, 1> value(y.size()), derivative(y.size());
  for (Eigen::Index i = 0; i < y.size(); ++i) {
    value[i] = y[i].value;
    derivative[i] = y[i].tangent[0];
  }
  return std::pair{std::move(value), std::move(derivative)};
}

// Jacobian df/dx at x, exact.
template <class F, class Derived>
auto jacobian(const F& f, const Eigen::MatrixBase<Derived>& x) {
  return value_and_jacobian(f, x).second;
}

}  // namespace gandyn
