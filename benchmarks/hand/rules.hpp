// Hand-written baselines of the update rules and of RK4: plain loops over raw double
// arrays, no Eigen, no gandyn, with the same formulas and the same order of operations as
// dynamics/ (simultaneous, alternating, extragradient, optimistic, adaptive_optimisers) and
// Odeint's runge_kutta4. Each rule has step(field, x, n) and reset(n); hand::side runs one
// on a field (hand/fields.hpp) from a start, as a side of bench::compare.
#pragma once

#include "fields.hpp"

#include <benchmark/benchmark.h>

#include <Eigen/Core>

#include <cmath>

namespace hand {

// Sizes a buffer for 2n entries (a no-op at compile-time size; no allocation when the size is kept).
template <int N>
void fit(vec<N>& v, long n) {
  if constexpr (N == 0)
    v.assign(2 * n, 0.0);
  else
    v.fill(0.0);
}

// x_i += h v_i on theta (i < n), h_d v_i on psi.
inline void add_scaled(double* x, const double* v, long n, double h, double h_d) {
  for (long i = 0; i < n; ++i) x[i] += h * v[i];
  for (long i = n; i < 2 * n; ++i) x[i] += h_d * v[i];
}

template <int N>
struct simgd {
  double h, h_d;
  vec<N> v{};
  void reset(long n) { fit<N>(v, n); }
  template <class F>
  void step(const F& f, double* x, long n) {
    f(x, v.data());
    add_scaled(x, v.data(), n, h, h_d);
  }
};

// n_g = 1 generator update, then n_d discriminator updates, each from a fresh v(x).
template <int N>
struct altgd {
  double h, h_d;
  int nd = 1;
  vec<N> v{};
  void reset(long n) { fit<N>(v, n); }
  template <class F>
  void step(const F& f, double* x, long n) {
    f(x, v.data());
    add_scaled(x, v.data(), n, h, 0);
    for (int k = 0; k < nd; ++k) {
      f(x, v.data());
      for (long i = n; i < 2 * n; ++i) x[i] += h_d * v[i];
    }
  }
};

template <int N>
struct extragradient {
  double h, h_d;
  vec<N> v{}, half{};
  void reset(long n) {
    fit<N>(v, n);
    fit<N>(half, n);
  }
  template <class F>
  void step(const F& f, double* x, long n) {
    f(x, v.data());
    for (long i = 0; i < 2 * n; ++i) half[i] = x[i];
    add_scaled(half.data(), v.data(), n, h, h_d);
    f(half.data(), v.data());
    add_scaled(x, v.data(), n, h, h_d);
  }
};

template <int N>
struct optimistic {
  double h, h_d;
  vec<N> v{}, previous{}, push{};
  bool started = false;
  void reset(long n) {
    fit<N>(v, n);
    fit<N>(previous, n);
    fit<N>(push, n);
    started = false;
  }
  template <class F>
  void step(const F& f, double* x, long n) {
    f(x, v.data());
    for (long i = 0; i < 2 * n; ++i) push[i] = started ? 2 * v[i] - previous[i] : v[i];
    add_scaled(x, push.data(), n, h, h_d);
    previous = v;
    started = true;
  }
};

// Adam as PyTorch defines it, per player with its own step counter, simultaneous.
template <int N>
struct adam {
  double h, h_d;
  double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
  vec<N> v{}, m{}, s{};
  long t_g = 0, t_d = 0;
  void reset(long n) {
    fit<N>(v, n);
    fit<N>(m, n);
    fit<N>(s, n);
    t_g = t_d = 0;
  }
  void update(double* x, long first, long end, long t, double lr) {
    const double c1 = 1 - std::pow(beta1, static_cast<double>(t)), c2 = 1 - std::pow(beta2, static_cast<double>(t));
    for (long i = first; i < end; ++i) {
      const double g = -v[i];
      m[i] = beta1 * m[i] + (1 - beta1) * g;
      s[i] = beta2 * s[i] + (1 - beta2) * (g * g);
      x[i] -= lr * (m[i] / c1) / (std::sqrt(s[i] / c2) + eps);
    }
  }
  template <class F>
  void step(const F& f, double* x, long n) {
    f(x, v.data());
    update(x, 0, n, ++t_g, h);
    update(x, n, 2 * n, ++t_d, h_d);
  }
};

// Classical Runge-Kutta, in Odeint's order of operations (runge_kutta4, generic_rk_algorithm).
template <int N>
struct rk4 {
  double h, h_d = 0;  // h_d unused: one step size for the flow
  vec<N> k1{}, k2{}, k3{}, k4{}, y{};
  void reset(long n) {
    for (vec<N>* b : {&k1, &k2, &k3, &k4, &y}) fit<N>(*b, n);
  }
  template <class F>
  void step(const F& f, double* x, long n) {
    const long size = 2 * n;
    const double half = h / 2;
    f(x, k1.data());
    for (long i = 0; i < size; ++i) y[i] = x[i] + half * k1[i];
    f(y.data(), k2.data());
    for (long i = 0; i < size; ++i) y[i] = x[i] + half * k2[i];
    f(y.data(), k3.data());
    for (long i = 0; i < size; ++i) y[i] = x[i] + h * k3[i];
    f(y.data(), k4.data());
    for (long i = 0; i < size; ++i) x[i] = x[i] + h / 6 * k1[i] + h / 3 * k2[i] + h / 3 * k3[i] + h / 6 * k4[i];
  }
};

// A rule on a field from a start: a side of bench::compare, one step per unit.
template <int N, class Field, class Rule>
struct side {
  Field field;
  Rule rule;
  vec<N> x0, x;

  void start() {
    x = x0;
    rule.reset(field.dim());
  }
  void run(long steps) {
    const long n = field.dim();
    for (long k = 0; k < steps; ++k) rule.step(field, x.data(), n);
    benchmark::DoNotOptimize(x.data());
    benchmark::ClobberMemory();
  }
  Eigen::VectorXd result() const { return Eigen::Map<const Eigen::VectorXd>(x.data(), 2 * field.dim()); }
};

}  // namespace hand
