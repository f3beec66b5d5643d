// Forward-mode automatic differentiation: a dual number carrying K tangents.
//
// dual<T, K> holds a value and K directional derivatives. T may itself be a dual
// (dual<dual<double, 4>, 4>) so that second derivatives, needed to analyse the
// consensus field (Mescheder, Nowozin & Geiger 2017), come from nesting.
// Tangents live in a std::array: no heap allocation, whatever K is.
#pragma once

#include <Eigen/Core>

#include <array>
#include <cmath>
#include <type_traits>

namespace gandyn {

template <class T, int K>
struct dual {
  static_assert(K >= 1, "a dual number carries at least one tangent");
  T value{};
  std::array<T, K> tangent{};

  constexpr dual() = default;
  template <class A>
    requires std::is_arithmetic_v<A>
  constexpr dual(A a) : value(static_cast<T>(a)) {}  // NOLINT: a constant has zero tangents
  constexpr dual(const T& v)  // NOLINT: lift the inner scalar of a nested dual
    requires(!std::is_arithmetic_v<T>)
      : value(v) {}

  // Result r with r.value = v and r.tangent[k] = slope * a.tangent[k] (the chain rule).
  [[gnu::always_inline]] static constexpr dual chain(const T& v, const T& slope, const dual& a) {
    dual r(v);
    for (int k = 0; k < K; ++k) r.tangent[k] = slope * a.tangent[k];
    return r;
  }

  [[gnu::always_inline]] constexpr dual& operator+=(const dual& b) { return *this = *this + b; }
  [[gnu::always_inline]] constexpr dual& operator-=(const dual& b) { return *this = *this - b; }
  [[gnu::always_inline]] constexpr dual& operator*=(const dual& b) { return *this = *this * b; }
  [[gnu::always_inline]] constexpr dual& operator/=(const dual& b) { return *this = *this / b; }

  [[gnu::always_inline]] friend constexpr dual operator+(const dual& a) { return a; }
  [[gnu::always_inline]] friend constexpr dual operator-(const dual& a) {
    dual r(-a.value);
    for (int k = 0; k < K; ++k) r.tangent[k] = -a.tangent[k];
    return r;
  }
  [[gnu::always_inline]] friend constexpr dual operator+(const dual& a, const dual& b) {
    dual r(a.value + b.value);
    for (int k = 0; k < K; ++k) r.tangent[k] = a.tangent[k] + b.tangent[k];
    return r;
  }
  [[gnu::always_inline]] friend constexpr dual operator-(const dual& a, const dual& b) {
    dual r(a.value - b.value);
    for (int k = 0; k < K; ++k) r.tangent[k] = a.tangent[k] - b.tangent[k];
    return r;
  }
  [[gnu::always_inline]] friend constexpr dual operator*(const dual& a, const dual& b) {
    dual r(a.value * b.value);
    for (int k = 0; k < K; ++k) r.tangent[k] = a.tangent[k] * b.value + a.value * b.tangent[k];
    return r;
  }
  [[gnu::always_inline]] friend constexpr dual operator/(const dual& a, const dual& b) {
    const T q = a.value / b.value;     // the value as plain division rounds it
    const T inverse = T(1) / b.value;  // the tangents: one more division, not K
    dual r(q);
    for (int k = 0; k < K; ++k) r.tangent[k] = (a.tangent[k] - q * b.tangent[k]) * inverse;
    return r;
  }

  // Comparisons look at values only (branches of a piecewise formula).
  friend constexpr bool operator==(const dual& a, const dual& b) { return a.value == b.value; }
  friend constexpr bool operator!=(const dual& a, const dual& b) { return a.value != b.value; }
  friend constexpr bool operator<(const dual& a, const dual& b) { return a.value < b.value; }
  friend constexpr bool operator>(const dual& a, const dual& b) { return a.value > b.value; }
  friend constexpr bool operator<=(const dual& a, const dual& b) { return a.value <= b.value; }
  friend constexpr bool operator>=(const dual& a, const dual& b) { return a.value >= b.value; }

  // Elementary functions, found by argument-dependent lookup (as Eigen expects).
  friend dual exp(const dual& a) {
    using std::exp;
    const T e = exp(a.value);
    return chain(e, e, a);
  }
  friend dual log(const dual& a) {
    using std::log;
    return chain(log(a.value), T(1) / a.value, a);
  }
  friend dual log1p(const dual& a) {
    using std::log1p;
    return chain(log1p(a.value), T(1) / (T(1) + a.value), a);
  }
  friend dual sqrt(const dual& a) {
    using std::sqrt;
    const T s = sqrt(a.value);
    return chain(s, T(0.5) / s, a);
  }
  friend dual tanh(const dual& a) {
    using std::tanh;
    const T t = tanh(a.value);
    return chain(t, T(1) - t * t, a);
  }
  friend dual sin(const dual& a) {
    using std::cos;
    using std::sin;
    return chain(sin(a.value), cos(a.value), a);
  }
  friend dual cos(const dual& a) {
    using std::cos;
    using std::sin;
    return chain(cos(a.value), -sin(a.value), a);
  }
  // |a|: the subgradient 0 is used at a = 0.
  friend dual abs(const dual& a) {
    using std::abs;
    const T zero(0);
    const T sign = a.value > zero ? T(1) : (a.value < zero ? T(-1) : zero);
    return chain(abs(a.value), sign, a);
  }
  friend bool isfinite(const dual& a) {
    using std::isfinite;
    if (!isfinite(a.value)) return false;
    for (const T& t : a.tangent)
      if (!isfinite(t)) return false;
    return true;
  }
};

// The plain value under any number of dual layers.
template <class S>
constexpr auto primal(const S& s) {
  if constexpr (std::is_arithmetic_v<S>) {
    return s;
  } else {
    return primal(s.value);
  }
}

template <class S>
struct is_dual : std::false_type {};
template <class T, int K>
struct is_dual<dual<T, K>> : std::true_type {};

// A dual number over plain numbers (first derivatives only, no nesting).
template <class S>
concept first_order_dual = is_dual<S>::value && std::is_arithmetic_v<decltype(S::value)>;

}  // namespace gandyn

namespace Eigen {
template <class T, int K>
struct NumTraits<gandyn::dual<T, K>> : NumTraits<T> {
  using Real = gandyn::dual<T, K>;
  using NonInteger = Real;
  using Nested = Real;
  using Literal = Real;
  enum {
    IsComplex = 0,
    IsInteger = 0,
    IsSigned = 1,
    RequireInitialization = 1,
    ReadCost = 1,
    AddCost = 1 + K,
    MulCost = 1 + 2 * K
  };
};
}  // namespace Eigen
