// Forward-mode automatic differentiation: a dual number carrying K tangents.
//
// dual<T, K> holds a value and K directional derivatives (docs/analysis.md, "Exact
// Jacobians"). T may itself be a dual (dual<dual<double, 4>, 4>) so that second derivatives,
// needed to analyse the consensus field (Mescheder, Nowozin & Geiger 2017), come from nesting.
//
// Layout. Over float and double (2 to 16 tangents) the K tangents are one GCC/Clang vector
// (`vector_size`, padded to a power of two lanes, the padding lanes never read): the compiler
// then keeps a dual in registers as one value and one vector, and every chain rule is one
// vector operation. Held as std::array, the tangents were split into scalars that travelled
// through the stack between inlined calls, and the seeded input, written one scalar at a time
// and read back as one vector, stalled on store forwarding (benchmarks/jacobian.cpp). Other
// scalars (long double, nested duals) keep a std::array, and so does a single tangent (GCC
// moves a one-lane vector through general registers and the stack). Either way `tangent[k]` reads and
// writes the k-th tangent, and nothing is allocated, whatever K is.
#pragma once

#include <Eigen/Core>

#include <array>
#include <bit>
#include <cmath>
#include <type_traits>

namespace gandyn {

namespace detail {

// The storage of K tangents over T: a padded vector where the compiler has one, else an array.
template <class T, int K>
struct tangent_storage {
  using type = std::array<T, K>;
  static constexpr bool vectorised = false;
};

#if defined(__GNUC__)  // GCC and Clang
template <class T, int K>
  requires((std::is_same_v<T, double> || std::is_same_v<T, float>) && K >= 2 && K <= 16)
struct tangent_storage<T, K> {
  static constexpr int lanes = static_cast<int>(std::bit_ceil(static_cast<unsigned>(K)));
  // Element-aligned: a dual<double, 4> is 40 bytes, not a 64-byte aligned block.
  typedef T type __attribute__((vector_size(sizeof(T) * lanes), aligned(alignof(T))));
  static constexpr bool vectorised = true;
};
#endif

// A dual's members: the tangents first, then the value. A copy of a dual (GCC copies 24 bytes as
// 16 + 8) then reads back the pieces the arithmetic wrote (the tangent vector, then the value),
// which the store buffer forwards; value first, the copy's 16-byte load spanned the value's and
// the tangents' stores.
//
// Up to 4 vectorised tangents, the members are also copied one by one, so that a copy reads back
// each piece as it was written: the implicit copy of a seeded input
// (Eigen::Matrix<dual<double, 4>, 4, 1>, 160 bytes) used 64-byte loads spanning a value's and a
// tangent vector's separate stores, which the store buffer cannot forward; the Jacobian of a
// simgd step at n = 2 went from 2.51x to 1.17x the hand-derived one (benchmarks/jacobian.cpp).
// Not beyond: with it, the nested dual<dual<double, 8>, 8> of the erased consensus games
// (registry/erased_game.hpp) took 337 s to compile instead of 130 s (GCC 12 -O2, 2026-12-03).
// Either way the bytes stay plain data (detail::plain_data below).
template <class T, int K, bool MemberByMember = tangent_storage<T, K>::vectorised && K <= 4>
struct dual_members {
  using Tangents = typename tangent_storage<T, K>::type;
  Tangents tangent{};
  T value{};
  constexpr dual_members() = default;
  constexpr dual_members(const Tangents& t, const T& v) : tangent(t), value(v) {}
};
template <class T, int K>
struct dual_members<T, K, true> {
  using Tangents = typename tangent_storage<T, K>::type;
  Tangents tangent{};
  T value{};
  constexpr dual_members() = default;
  constexpr dual_members(const Tangents& t, const T& v) : tangent(t), value(v) {}
  // Not constexpr: GCC 12 stops with an internal compiler error on a constexpr one over reverse<dual>.
  [[gnu::always_inline]] dual_members(const dual_members& o) : tangent(o.tangent), value(o.value) {}
  [[gnu::always_inline]] dual_members& operator=(const dual_members& o) {
    tangent = o.tangent;
    value = o.value;
    return *this;
  }
};

}  // namespace detail

template <class T, int K>
struct dual : detail::dual_members<T, K> {
  static_assert(K >= 1, "a dual number carries at least one tangent");
  using tangents = typename detail::tangent_storage<T, K>::type;
  static constexpr bool vectorised = detail::tangent_storage<T, K>::vectorised;
  using base = detail::dual_members<T, K>;
  using base::tangent;
  using base::value;

  constexpr dual() = default;
  template <class A>
    requires std::is_arithmetic_v<A>
  constexpr dual(A a) : base(tangents{}, static_cast<T>(a)) {}  // NOLINT: a constant has zero tangents
  constexpr dual(const T& v)  // NOLINT: lift the inner scalar of a nested dual
    requires(!std::is_arithmetic_v<T>)
      : base(tangents{}, v) {}
  constexpr dual(const T& v, const tangents& t) : base(t, v) {}

  // Result r with r.value = v and r.tangent[k] = slope * a.tangent[k] (the chain rule).
  [[gnu::always_inline]] static constexpr dual chain(const T& v, const T& slope, const dual& a) {
    if constexpr (vectorised) {
      return {v, slope * a.tangent};
    } else {
      dual r(v);
      for (int k = 0; k < K; ++k) r.tangent[k] = slope * a.tangent[k];
      return r;
    }
  }

  [[gnu::always_inline]] constexpr dual& operator+=(const dual& b) { return *this = *this + b; }
  [[gnu::always_inline]] constexpr dual& operator-=(const dual& b) { return *this = *this - b; }
  [[gnu::always_inline]] constexpr dual& operator*=(const dual& b) { return *this = *this * b; }
  [[gnu::always_inline]] constexpr dual& operator/=(const dual& b) { return *this = *this / b; }

  [[gnu::always_inline]] friend constexpr dual operator+(const dual& a) { return a; }
  [[gnu::always_inline]] friend constexpr dual operator-(const dual& a) {
    if constexpr (vectorised) {
      return {-a.value, -a.tangent};
    } else {
      dual r(-a.value);
      for (int k = 0; k < K; ++k) r.tangent[k] = -a.tangent[k];
      return r;
    }
  }
  [[gnu::always_inline]] friend constexpr dual operator+(const dual& a, const dual& b) {
    if constexpr (vectorised) {
      return {a.value + b.value, a.tangent + b.tangent};
    } else {
      dual r(a.value + b.value);
      for (int k = 0; k < K; ++k) r.tangent[k] = a.tangent[k] + b.tangent[k];
      return r;
    }
  }
  [[gnu::always_inline]] friend constexpr dual operator-(const dual& a, const dual& b) {
    if constexpr (vectorised) {
      return {a.value - b.value, a.tangent - b.tangent};
    } else {
      dual r(a.value - b.value);
      for (int k = 0; k < K; ++k) r.tangent[k] = a.tangent[k] - b.tangent[k];
      return r;
    }
  }
  // (ab)' = a' b + a b'.
  [[gnu::always_inline]] friend constexpr dual operator*(const dual& a, const dual& b) {
    if constexpr (vectorised) {
      return {a.value * b.value, a.tangent * b.value + a.value * b.tangent};
    } else {
      dual r(a.value * b.value);
      for (int k = 0; k < K; ++k) r.tangent[k] = a.tangent[k] * b.value + a.value * b.tangent[k];
      return r;
    }
  }
  // (a/b)' = (a' - (a/b) b') / b.
  [[gnu::always_inline]] friend constexpr dual operator/(const dual& a, const dual& b) {
    const T q = a.value / b.value;     // the value as plain division rounds it
    const T inverse = T(1) / b.value;  // the tangents: one more division, not K
    if constexpr (vectorised) {
      return {q, (a.tangent - q * b.tangent) * inverse};
    } else {
      dual r(q);
      for (int k = 0; k < K; ++k) r.tangent[k] = (a.tangent[k] - q * b.tangent[k]) * inverse;
      return r;
    }
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
    if constexpr (std::is_same_v<decltype(a.value > zero), bool>) {
      const T sign = a.value > zero ? T(1) : (a.value < zero ? T(-1) : zero);
      return chain(abs(a.value), sign, a);
    } else {  // values that are batches (core/batch.hpp): the sign lane by lane, by select
      const T sign = select(a.value > zero, T(1), select(a.value < zero, T(-1), zero));
      return chain(abs(a.value), sign, a);
    }
  }
  friend bool isfinite(const dual& a) {
    using std::isfinite;
    if (!isfinite(a.value)) return false;
    for (int k = 0; k < K; ++k)
      if (!isfinite(a.tangent[k])) return false;
    return true;
  }

  // The input `v` seeded with the k-th unit direction, built whole (no lane-by-lane stores that
  // a later vector load would have to wait for). Nothing here returns the bare tangent vector:
  // a function returning a 32-byte vector changes the ABI without AVX (GCC's -Wpsabi).
  [[gnu::always_inline]] static dual seeded(const T& v, int k) {
    dual r(v);
    r.tangent[k] = T(1);
    return r;
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

namespace detail {
// Plain data: a number, or a dual over plain data. Its copy is a copy of its bytes, and a
// default-constructed one holds zeros; the dual's user-written copy changes neither, although it
// makes the dual not trivially copyable for the language.
template <class S>
struct plain_data : std::is_arithmetic<S> {};
template <class T, int K>
struct plain_data<dual<T, K>> : plain_data<T> {};
template <class S>
inline constexpr bool plain_data_v = plain_data<S>::value;
}  // namespace detail

// A dual number over plain numbers (first derivatives only, no nesting).
template <class S>
concept first_order_dual = is_dual<S>::value && std::is_arithmetic_v<decltype(S::value)>;

}  // namespace gandyn

namespace Eigen {
// RequireInitialization = 0: a run-time-size vector of duals over plain data is not zeroed
// element by element before it is written (like a vector of doubles, which Eigen does not zero
// either; every element is assigned before it is read). That loop was a sixth of a directional
// derivative of a field at n = 64 (games/consensus.hpp).
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
    RequireInitialization = gandyn::detail::plain_data_v<T> ? 0 : 1,
    ReadCost = 1,
    AddCost = 1 + K,
    MulCost = 1 + 2 * K
  };
};
}  // namespace Eigen
