// A scalar that is W trajectories at once (docs/batched.md): batch<W> holds W doubles, one per
// trajectory ("lane"), and every arithmetic operation and elementary function acts lane by
// lane in SIMD registers. The games' fields and the update rules are templates on their
// scalar, so with S = batch<W> each of them runs W trajectories through the same code as one
// trajectory: no second copy of any field.
//
// Storage: W / P of Eigen's packets (P = 2 doubles with SSE2, 4 with AVX, 8 with AVX-512,
// whatever the build enables), and the elementary functions are Eigen's packet functions
// (pexp, psqrt), the ones behind Eigen's array exp. Several packets per batch give the
// processor independent chains to overlap: one trajectory's step is a chain of dependent
// operations (exp, a division), so a batch of one packet would wait on their latency.
//
// Branches become selects. A comparison of batches is a batch_mask<W> (one flag per lane),
// not a bool, so a field that still branches on a value fails to compile for batches
// instead of taking one lane's branch for all. The helpers that work alike on double, dual
// numbers and batches:
//   select(mask, a, b)  a where mask holds, else b (for a bool mask the conditional operator)
//   any(mask), all(mask)
//   primal(x)           the plain value: for a batch, the batch itself (a comparison of it is
//                       then a mask)
// Each lane depends on its own inputs only: no operation mixes lanes, so a trajectory's
// numbers do not depend on which lane or which batch computed it.
#pragma once

#include "gandyn/core/dual.hpp"

#include <Eigen/Core>

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

namespace gandyn {

namespace detail {
// The widest packet of doubles that divides W (a plain double without vectorisation).
template <int W>
using batch_packet = typename Eigen::internal::find_best_packet<double, W>::type;
}  // namespace detail

template <int W>
struct batch_mask;

template <int W>
struct batch {
  static_assert(W >= 1, "a batch has at least one lane");
  using packet = detail::batch_packet<W>;
  static constexpr int lanes = W;
  static constexpr int packet_size = Eigen::internal::unpacket_traits<packet>::size;
  static constexpr int packets = W / packet_size;
  static_assert(W % packet_size == 0, "W must be a multiple of the packet size");

  std::array<packet, packets> p;

  batch() = default;  // like double: uninitialised unless value-initialised
  template <class A>
    requires std::is_arithmetic_v<A>
  [[gnu::always_inline]] batch(A a) {  // NOLINT: a constant in every lane
    const packet v = Eigen::internal::pset1<packet>(static_cast<double>(a));
    for (int k = 0; k < packets; ++k) p[k] = v;
  }

  // Lanes from memory (W doubles) and back.
  [[gnu::always_inline]] static batch load(const double* from) {
    batch b;
    for (int k = 0; k < packets; ++k) b.p[k] = Eigen::internal::ploadu<packet>(from + k * packet_size);
    return b;
  }
  [[gnu::always_inline]] void store(double* to) const {
    for (int k = 0; k < packets; ++k) Eigen::internal::pstoreu(to + k * packet_size, p[k]);
  }
  double lane(int i) const {
    alignas(64) double v[W];
    store(v);
    return v[i];
  }
  void set_lane(int i, double x) {
    alignas(64) double v[W];
    store(v);
    v[i] = x;
    *this = load(v);
  }

  template <class F>
  [[gnu::always_inline]] static batch map(const batch& a, F f) {
    batch r;
    for (int k = 0; k < packets; ++k) r.p[k] = f(a.p[k]);
    return r;
  }
  template <class F>
  [[gnu::always_inline]] static batch map(const batch& a, const batch& b, F f) {
    batch r;
    for (int k = 0; k < packets; ++k) r.p[k] = f(a.p[k], b.p[k]);
    return r;
  }

  [[gnu::always_inline]] friend batch operator+(const batch& a) { return a; }
  [[gnu::always_inline]] friend batch operator-(const batch& a) {
    return map(a, [](const packet& x) { return Eigen::internal::pnegate(x); });
  }
  [[gnu::always_inline]] friend batch operator+(const batch& a, const batch& b) {
    return map(a, b, [](const packet& x, const packet& y) { return Eigen::internal::padd(x, y); });
  }
  [[gnu::always_inline]] friend batch operator-(const batch& a, const batch& b) {
    return map(a, b, [](const packet& x, const packet& y) { return Eigen::internal::psub(x, y); });
  }
  [[gnu::always_inline]] friend batch operator*(const batch& a, const batch& b) {
    return map(a, b, [](const packet& x, const packet& y) { return Eigen::internal::pmul(x, y); });
  }
  [[gnu::always_inline]] friend batch operator/(const batch& a, const batch& b) {
    return map(a, b, [](const packet& x, const packet& y) { return Eigen::internal::pdiv(x, y); });
  }
  [[gnu::always_inline]] batch& operator+=(const batch& b) { return *this = *this + b; }
  [[gnu::always_inline]] batch& operator-=(const batch& b) { return *this = *this - b; }
  [[gnu::always_inline]] batch& operator*=(const batch& b) { return *this = *this * b; }
  [[gnu::always_inline]] batch& operator/=(const batch& b) { return *this = *this / b; }

  // Comparisons lane by lane (IEEE: false where either side is NaN, except !=).
  friend batch_mask<W> operator<(const batch& a, const batch& b) {
    return {map(a, b, [](const packet& x, const packet& y) { return Eigen::internal::pcmp_lt(x, y); })};
  }
  friend batch_mask<W> operator<=(const batch& a, const batch& b) {
    return {map(a, b, [](const packet& x, const packet& y) { return Eigen::internal::pcmp_le(x, y); })};
  }
  friend batch_mask<W> operator>(const batch& a, const batch& b) { return b < a; }
  friend batch_mask<W> operator>=(const batch& a, const batch& b) { return b <= a; }
  friend batch_mask<W> operator==(const batch& a, const batch& b) {
    return {map(a, b, [](const packet& x, const packet& y) { return Eigen::internal::pcmp_eq(x, y); })};
  }
  friend batch_mask<W> operator!=(const batch& a, const batch& b) { return !(a == b); }

  // Elementary functions, found by argument-dependent lookup (as Eigen and the fields expect).
  friend batch exp(const batch& a) {
    return map(a, [](const packet& x) { return Eigen::internal::pexp(x); });
  }
  // Correctly rounded, as std::sqrt: Eigen's AVX-512 psqrt of doubles is a reciprocal
  // estimate refined by Newton steps unless EIGEN_FAST_MATH is 0, so that one packet type
  // takes the instruction itself.
  friend batch sqrt(const batch& a) {
    return map(a, [](const packet& x) {
#ifdef EIGEN_VECTORIZE_AVX512
      if constexpr (packet_size == 8) return packet(_mm512_sqrt_pd(x));
#endif
      return packet(Eigen::internal::psqrt(x));
    });
  }
  friend batch abs(const batch& a) {
    return map(a, [](const packet& x) { return Eigen::internal::pabs(x); });
  }
  friend batch min(const batch& a, const batch& b) {
    return map(a, b, [](const packet& x, const packet& y) { return Eigen::internal::pmin(x, y); });
  }
  friend batch max(const batch& a, const batch& b) {
    return map(a, b, [](const packet& x, const packet& y) { return Eigen::internal::pmax(x, y); });
  }
  // Functions no field calls on its hot path: lane by lane through the C library.
  friend batch log(const batch& a) { return a.per_lane([](double x) { return std::log(x); }); }
  friend batch log1p(const batch& a) { return a.per_lane([](double x) { return std::log1p(x); }); }
  friend batch tanh(const batch& a) { return a.per_lane([](double x) { return std::tanh(x); }); }
  friend batch sin(const batch& a) { return a.per_lane([](double x) { return std::sin(x); }); }
  friend batch cos(const batch& a) { return a.per_lane([](double x) { return std::cos(x); }); }
  template <class F>
  batch per_lane(F f) const {
    alignas(64) double v[W];
    store(v);
    for (double& x : v) x = f(x);
    return load(v);
  }
};

// One flag per lane, each lane's bits all set (true) or all clear (false), as Eigen's
// packet comparisons return them.
template <int W>
struct batch_mask {
  batch<W> bits;

  friend batch_mask operator&&(const batch_mask& a, const batch_mask& b) {
    return {batch<W>::map(a.bits, b.bits, [](const auto& x, const auto& y) { return Eigen::internal::pand(x, y); })};
  }
  friend batch_mask operator||(const batch_mask& a, const batch_mask& b) {
    return {batch<W>::map(a.bits, b.bits, [](const auto& x, const auto& y) { return Eigen::internal::por(x, y); })};
  }
  friend batch_mask operator!(const batch_mask& a) {
    using packet = typename batch<W>::packet;
    return {batch<W>::map(a.bits, [](const packet& x) { return Eigen::internal::pandnot(Eigen::internal::ptrue(x), x); })};
  }
  // Lane i's flag.
  bool operator[](int i) const {
    alignas(64) double v[W];
    bits.store(v);
    std::uint64_t word;
    std::memcpy(&word, &v[i], sizeof word);
    return word != 0;
  }
};

template <class S>
struct is_batch : std::false_type {};
template <int W>
struct is_batch<batch<W>> : std::true_type {};
template <class S>
inline constexpr bool is_batch_v = is_batch<S>::value;

// The plain value of a batch is the batch (a comparison of it is a mask).
template <int W>
[[gnu::always_inline]] inline const batch<W>& primal(const batch<W>& b) {
  return b;
}

// a where the mask holds, else b: lane by lane for batches, the conditional operator for a
// bool (double and dual numbers).
template <class S>
[[gnu::always_inline]] inline S select(bool mask, const S& a, const S& b) {
  return mask ? a : b;
}
template <int W>
[[gnu::always_inline]] inline batch<W> select(const batch_mask<W>& mask, const batch<W>& a, const batch<W>& b) {
  batch<W> r;
  for (int k = 0; k < batch<W>::packets; ++k) r.p[k] = Eigen::internal::pselect(mask.bits.p[k], a.p[k], b.p[k]);
  return r;
}

inline bool any(bool mask) { return mask; }
inline bool all(bool mask) { return mask; }
template <int W>
[[gnu::always_inline]] inline bool any(const batch_mask<W>& mask) {
  auto bits = mask.bits.p[0];
  for (int k = 1; k < batch<W>::packets; ++k) bits = Eigen::internal::por(bits, mask.bits.p[k]);
  return Eigen::internal::predux_any(bits);
}
template <int W>
[[gnu::always_inline]] inline bool all(const batch_mask<W>& mask) {
  return !any(!mask);
}

// Dual numbers over batches, dual<batch<W>, K>: W trajectories each carrying K tangents
// (analysis/lyapunov_lanes.hpp). Their values compare to masks, not bools, so the fields'
// comparisons of a batch with such a dual (primal(x) == S(0) in the penalties, primal(psi) >
// S(clip) in the projection) and select on them are given here, lane by lane. (Without the
// comparisons the dual's own, which returns a bool, would be chosen and fail to compile.)
template <int W, int K>
[[gnu::always_inline]] inline batch_mask<W> operator==(const batch<W>& a, const dual<batch<W>, K>& b) {
  return a == b.value;
}
template <int W, int K>
[[gnu::always_inline]] inline batch_mask<W> operator!=(const batch<W>& a, const dual<batch<W>, K>& b) {
  return a != b.value;
}
template <int W, int K>
[[gnu::always_inline]] inline batch_mask<W> operator<(const batch<W>& a, const dual<batch<W>, K>& b) {
  return a < b.value;
}
template <int W, int K>
[[gnu::always_inline]] inline batch_mask<W> operator<=(const batch<W>& a, const dual<batch<W>, K>& b) {
  return a <= b.value;
}
template <int W, int K>
[[gnu::always_inline]] inline batch_mask<W> operator>(const batch<W>& a, const dual<batch<W>, K>& b) {
  return a > b.value;
}
template <int W, int K>
[[gnu::always_inline]] inline batch_mask<W> operator>=(const batch<W>& a, const dual<batch<W>, K>& b) {
  return a >= b.value;
}

// a where the mask holds, else b: the value and every tangent, lane by lane.
template <int W, int K>
[[gnu::always_inline]] inline dual<batch<W>, K> select(const batch_mask<W>& mask, const dual<batch<W>, K>& a,
                                                       const dual<batch<W>, K>& b) {
  dual<batch<W>, K> r(select(mask, a.value, b.value));
  for (int k = 0; k < K; ++k) r.tangent[k] = select(mask, a.tangent[k], b.tangent[k]);
  return r;
}

// The number of lanes of a batch or of a dual over batches (0 for any other scalar), and one
// lane of either read and written as the single-trajectory scalar (double, or dual<double, K>
// with that lane's value and tangents): for the few places a lane leaves the batched path, as
// instance noise's wide-noise quadrature (games/instance_noise.hpp).
template <class S>
inline constexpr int lanes_of_v = 0;
template <int W>
inline constexpr int lanes_of_v<batch<W>> = W;
template <int W, int K>
inline constexpr int lanes_of_v<dual<batch<W>, K>> = W;

template <int W>
double lane_of(const batch<W>& x, int lane) {
  return x.lane(lane);
}
template <int W, int K>
dual<double, K> lane_of(const dual<batch<W>, K>& x, int lane) {
  dual<double, K> r(x.value.lane(lane));
  for (int k = 0; k < K; ++k) r.tangent[k] = x.tangent[k].lane(lane);
  return r;
}
template <int W>
void set_lane(batch<W>& x, int lane, double v) {
  x.set_lane(lane, v);
}
template <int W, int K>
void set_lane(dual<batch<W>, K>& x, int lane, const dual<double, K>& v) {
  x.value.set_lane(lane, v.value);
  for (int k = 0; k < K; ++k) x.tangent[k].set_lane(lane, v.tangent[k]);
}

// Lanes per batch in the library's batched runs: four of the widest packets the build
// enables (8 with SSE2, 16 with AVX, 32 with AVX-512). One trajectory's step is a chain of
// dependent operations; four independent packets per operation hide most of its latency
// (nsgan, simgd, n = 1, AVX-512: 64 lanes 2.7, 32 lanes 2.3, 16 lanes 2.9, 8 lanes 5.3 ns of
// processor time per trajectory-step on the loaded machine where the hand kernel took 2.1).
inline constexpr int default_lanes = 4 * Eigen::internal::packet_traits<double>::size;

}  // namespace gandyn

namespace Eigen {
template <int W>
struct NumTraits<gandyn::batch<W>> : NumTraits<double> {
  using Real = gandyn::batch<W>;
  using NonInteger = Real;
  using Nested = Real;
  using Literal = Real;
  enum {
    IsComplex = 0,
    IsInteger = 0,
    IsSigned = 1,
    RequireInitialization = 0,
    ReadCost = 1,
    AddCost = 1,
    MulCost = 1
  };
};
}  // namespace Eigen
