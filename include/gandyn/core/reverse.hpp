// Reverse-mode automatic differentiation: vector-Jacobian products u^T f'(x) at a small
// multiple of the cost of f (docs/analysis.md, "Vector-Jacobian products").
//
// Evaluating f on reverse<T> numbers records every operation on a tape, as the local partial
// derivatives of its result with respect to its (at most two) operands. A vector-Jacobian
// product is then one backward sweep over the tape, which accumulates adjoints
// abar_i = sum over the operations k that read variable i of (d k / d i) abar_k, seeded with
// u at the outputs (Griewank & Walther 2008, "Evaluating Derivatives", ch. 3 and 4; Baydin et
// al. 2018, "Automatic differentiation in machine learning: a survey", section 3.2). Forward
// mode needs one pass per input direction for the same product: m passes at state size m.
//
// T may be a dual number: the recorded partials and the adjoints are then duals, and the
// product is differentiated once more in forward mode (forward-over-reverse second
// derivatives). The consensus field uses this: its J^T v is a reverse product, and its own
// Jacobian comes from evaluating it on dual numbers (games/consensus.hpp).
//
// The tape is per thread and per T, kept between calls: it grows on first use and is reused,
// so a product allocates no tape after the first at the same size. A product started inside
// another's recording (the same T) appends after it and rewinds to where it began.
#pragma once

#include "gandyn/core/dual.hpp"

#include <Eigen/Core>

#include <cmath>
#include <cstddef>
#include <type_traits>
#include <utility>
#include <vector>

namespace gandyn {

// The tape of operations on reverse<T> numbers of one thread. Entry s defines variable s:
// its parents' slots and the partial derivatives with respect to them. A constant is not
// recorded (slot 0, never read back); an entry with one parent names itself as its second,
// with partial 0, so that the backward sweep has no branch and no shared dummy slot whose
// updates would chain every entry's through memory.
template <class T>
class tape {
 public:
  struct entry {
    int parent[2];
    T partial[2];
  };

  // The first free slot, after making sure slot 0 exists (the start of a recording).
  static int mark() {
    if (head_.capacity == 0) grow();
    return static_cast<int>(head_.size);
  }
  static int size() { return static_cast<int>(head_.size); }

  // A new variable with two parents and the partials with respect to them; returns its slot.
  [[gnu::always_inline]] static int push(int p0, const T& d0, int p1, const T& d1) {
    if (head_.size == head_.capacity) [[unlikely]]
      grow();
    const long s = head_.size++;
    entry& e = head_.entries[s];
    e.parent[0] = p0;
    e.parent[1] = p1;
    e.partial[0] = d0;
    e.partial[1] = d1;
    return static_cast<int>(s);
  }
  // A new variable with one parent.
  [[gnu::always_inline]] static int push(int p0, const T& d0) {
    if (head_.size == head_.capacity) [[unlikely]]
      grow();
    const long s = head_.size++;
    entry& e = head_.entries[s];
    e.parent[0] = p0;
    e.parent[1] = static_cast<int>(s);
    e.partial[0] = d0;
    e.partial[1] = T(0);
    return static_cast<int>(s);
  }
  // An independent variable (an input): no parents.
  static int input() {
    const int s = push(0, T(0));
    head_.entries[s].parent[0] = s;
    return s;
  }

  // Zero adjoints for the variables from `first` on (before seeding them).
  static void clear_adjoints(int first) {
    for (long s = first; s < head_.size; ++s) head_.adjoints[s] = T(0);
  }
  static T& adjoint(int slot) { return head_.adjoints[slot]; }

  // The backward sweep over the variables from `first` on, last to first: each variable's
  // adjoint is complete when it is reached (every reader was recorded after it).
  static void sweep(int first) {
    const entry* const e = head_.entries;
    T* const a = head_.adjoints;
    for (long s = head_.size - 1; s >= first; --s) {
      const T abar = a[s];
      a[e[s].parent[0]] += e[s].partial[0] * abar;
      a[e[s].parent[1]] += e[s].partial[1] * abar;
    }
  }

  // Forget the variables from `first` on.
  static void rewind(int first) { head_.size = first; }

 private:
  // Where the entries are, read on every operation: plain pointers and counts in a
  // thread_local that needs no initialisation guard. `long`, not `int`: the compiler then
  // knows that writing an entry's parents does not change the count.
  struct head {
    entry* entries;
    T* adjoints;
    long size;
    long capacity;
  };
  // The memory behind them, freed when the thread ends.
  struct storage {
    std::vector<entry> entries;
    std::vector<T> adjoints;
  };

  [[gnu::noinline]] static void grow() {
    thread_local storage memory;
    const long capacity = head_.capacity == 0 ? 1024 : 2 * head_.capacity;
    memory.entries.resize(static_cast<std::size_t>(capacity));
    memory.adjoints.resize(static_cast<std::size_t>(capacity));
    head_.entries = memory.entries.data();
    head_.adjoints = memory.adjoints.data();
    head_.capacity = capacity;
    if (head_.size == 0) head_.size = 1;  // slot 0: where constants point, never recorded
  }

  static inline thread_local constinit head head_{nullptr, nullptr, 0, 0};
};

// A number recorded on this thread's tape<T>: its value and its slot (0 for a constant).
template <class T>
struct reverse {
  T value{};
  int slot = 0;

  constexpr reverse() = default;
  template <class A>
    requires std::is_arithmetic_v<A>
  constexpr reverse(A a) : value(static_cast<T>(a)) {}  // NOLINT: a constant
  constexpr reverse(const T& v)  // NOLINT: lift the inner scalar (a dual) as a constant
    requires(!std::is_arithmetic_v<T>)
      : value(v) {}
  constexpr reverse(const T& v, int s) : value(v), slot(s) {}

  // Result of a function g of one variable: value v = g(a), partial slope = g'(a).
  [[gnu::always_inline]] static reverse chain(const T& v, const T& slope, const reverse& a) {
    if (a.slot == 0) return reverse(v, 0);
    return reverse(v, tape<T>::push(a.slot, slope));
  }
  // Result of a function of two variables with partials da, db.
  [[gnu::always_inline]] static reverse chain(const T& v, const T& da, const reverse& a, const T& db,
                                              const reverse& b) {
    if (b.slot == 0) return chain(v, da, a);
    if (a.slot == 0) return chain(v, db, b);
    return reverse(v, tape<T>::push(a.slot, da, b.slot, db));
  }

  [[gnu::always_inline]] reverse& operator+=(const reverse& b) { return *this = *this + b; }
  [[gnu::always_inline]] reverse& operator-=(const reverse& b) { return *this = *this - b; }
  [[gnu::always_inline]] reverse& operator*=(const reverse& b) { return *this = *this * b; }
  [[gnu::always_inline]] reverse& operator/=(const reverse& b) { return *this = *this / b; }

  [[gnu::always_inline]] friend reverse operator+(const reverse& a) { return a; }
  [[gnu::always_inline]] friend reverse operator-(const reverse& a) { return chain(-a.value, T(-1), a); }
  // a + c with c constant has a's adjoint (partial 1): it keeps a's slot, nothing recorded.
  [[gnu::always_inline]] friend reverse operator+(const reverse& a, const reverse& b) {
    if (b.slot == 0) return reverse(a.value + b.value, a.slot);
    if (a.slot == 0) return reverse(a.value + b.value, b.slot);
    return reverse(a.value + b.value, tape<T>::push(a.slot, T(1), b.slot, T(1)));
  }
  [[gnu::always_inline]] friend reverse operator-(const reverse& a, const reverse& b) {
    if (b.slot == 0) return reverse(a.value - b.value, a.slot);
    return chain(a.value - b.value, T(1), a, T(-1), b);
  }
  // A product with the constant 0 over plain numbers is the constant 0 (its partial, 0, needs
  // no entry: a game's data x* = 0 costs nothing). Over dual numbers a constant's value 0 may
  // still carry tangents, so the entry is kept.
  [[gnu::always_inline]] friend reverse operator*(const reverse& a, const reverse& b) {
    if constexpr (std::is_arithmetic_v<T>) {
      if ((a.slot == 0 && a.value == T(0)) || (b.slot == 0 && b.value == T(0))) return reverse(a.value * b.value, 0);
    }
    return chain(a.value * b.value, b.value, a, a.value, b);
  }
  // d(a/b) = da / b - (a/b) db / b.
  [[gnu::always_inline]] friend reverse operator/(const reverse& a, const reverse& b) {
    const T inverse = T(1) / b.value;
    const T q = a.value / b.value;
    return chain(q, inverse, a, T(-q * inverse), b);
  }

  // Comparisons look at values only (branches of a piecewise formula).
  friend bool operator==(const reverse& a, const reverse& b) { return a.value == b.value; }
  friend bool operator!=(const reverse& a, const reverse& b) { return a.value != b.value; }
  friend bool operator<(const reverse& a, const reverse& b) { return a.value < b.value; }
  friend bool operator>(const reverse& a, const reverse& b) { return a.value > b.value; }
  friend bool operator<=(const reverse& a, const reverse& b) { return a.value <= b.value; }
  friend bool operator>=(const reverse& a, const reverse& b) { return a.value >= b.value; }

  // Elementary functions (the same set and derivatives as dual's), found by
  // argument-dependent lookup.
  friend reverse exp(const reverse& a) {
    using std::exp;
    const T e = exp(a.value);
    return chain(e, e, a);
  }
  friend reverse log(const reverse& a) {
    using std::log;
    return chain(log(a.value), T(1) / a.value, a);
  }
  friend reverse log1p(const reverse& a) {
    using std::log1p;
    return chain(log1p(a.value), T(1) / (T(1) + a.value), a);
  }
  friend reverse sqrt(const reverse& a) {
    using std::sqrt;
    const T s = sqrt(a.value);
    return chain(s, T(0.5) / s, a);
  }
  friend reverse tanh(const reverse& a) {
    using std::tanh;
    const T t = tanh(a.value);
    return chain(t, T(1) - t * t, a);
  }
  friend reverse sin(const reverse& a) {
    using std::cos;
    using std::sin;
    return chain(sin(a.value), cos(a.value), a);
  }
  friend reverse cos(const reverse& a) {
    using std::cos;
    using std::sin;
    return chain(cos(a.value), -sin(a.value), a);
  }
  // |a|: the subgradient 0 is used at a = 0.
  friend reverse abs(const reverse& a) {
    using std::abs;
    const T zero(0);
    const T sign = a.value > zero ? T(1) : (a.value < zero ? T(-1) : zero);
    return chain(abs(a.value), sign, a);
  }
  friend bool isfinite(const reverse& a) {
    using std::isfinite;
    return isfinite(a.value);
  }
};

template <class S>
struct is_reverse : std::false_type {};
template <class T>
struct is_reverse<reverse<T>> : std::true_type {};

namespace detail {

// Rewinds the tape to where a product began, also when f throws.
template <class T>
struct tape_mark {
  int first;
  ~tape_mark() { tape<T>::rewind(first); }
};

}  // namespace detail

// f(x) and J^T u with J = f'(x), by one recording of f and one backward sweep. `u` is a
// vector of f's output length, or a function of the value f(x) returning one (for consensus,
// u = f(x) itself: J^T f = grad (1/2 ||f||^2)).
template <class F, class Derived, class U>
auto value_and_vjp(const F& f, const Eigen::MatrixBase<Derived>& x, const U& u) {
  using T = typename Derived::Scalar;
  using R = reverse<T>;
  constexpr int M = Derived::RowsAtCompileTime;
  using input = Eigen::Matrix<R, M, 1>;
  using output = std::remove_cvref_t<decltype(f(std::declval<const input&>()).eval())>;
  constexpr int P = output::RowsAtCompileTime;
  const Eigen::Index m = x.size();

  using t = tape<T>;
  const detail::tape_mark<T> mark{t::mark()};
  input xr(m);
  for (Eigen::Index j = 0; j < m; ++j) xr[j] = R(x[j], t::input());
  const output y = f(xr);

  Eigen::Matrix<T, P, 1> value(y.size());
  for (Eigen::Index i = 0; i < y.size(); ++i) value[i] = y[i].value;
  t::clear_adjoints(mark.first);
  const auto pull_back = [&](const auto& w) {
    for (Eigen::Index i = 0; i < y.size(); ++i) t::adjoint(y[i].slot) += w[i];
  };
  if constexpr (std::is_base_of_v<Eigen::MatrixBase<U>, U>) {  // (a vector is callable too: indexing)
    pull_back(u);
  } else {
    pull_back(u(value));
  }
  t::sweep(mark.first + static_cast<int>(m));  // the inputs' own entries have no parents
  Eigen::Matrix<T, M, 1> product(m);
  for (Eigen::Index j = 0; j < m; ++j) product[j] = t::adjoint(xr[j].slot);
  return std::pair{std::move(value), std::move(product)};
}

}  // namespace gandyn

namespace Eigen {
template <class T>
struct NumTraits<gandyn::reverse<T>> : NumTraits<T> {
  using Real = gandyn::reverse<T>;
  using NonInteger = Real;
  using Nested = Real;
  using Literal = Real;
  enum {
    IsComplex = 0,
    IsInteger = 0,
    IsSigned = 1,
    RequireInitialization = gandyn::detail::plain_data_v<T> ? 0 : 1,
    ReadCost = 1,
    AddCost = 4,
    MulCost = 4
  };
};
}  // namespace Eigen
