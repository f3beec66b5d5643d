// Hand-written baselines of the rules from the literature (docs/rules.md, "Rules from the
// literature"), as a researcher writes them for one experiment: plain loops over raw double
// arrays, no Eigen, no gandyn, on nsgan with data at 0 (hand/fields.hpp's logistic_gan) and its
// Jacobian derived by hand (hand/fields.hpp's nsgan_jacobian, column-major). N > 0 only (n known at compile time): each rule has step(field, x, n)
// and reset(n) as in hand/rules.hpp, so hand::side runs it.
#pragma once

#include "rules.hpp"
#include "sigmoid.hpp"

#include <array>
#include <cmath>
#include <utility>

namespace hand {

// v and J (column-major: J(i, k) = j[k m + i]) at the state, for nsgan with x* = 0.
template <int N>
struct with_jacobian {
  static constexpr int m = 2 * N;
  static constexpr std::array<double, N> data{};
  std::array<double, m> v{};
  std::array<double, m * m> j{};
  void reset(long) {}
  double at(int i, int k) const { return j[k * m + i]; }
  template <class F>
  void evaluate(const F& f, const double* x) {
    f(x, v.data());
    nsgan_jacobian<N> jacobian;
    jacobian.data = data.data();
    jacobian(x, j.data());
  }
  // J w and J^T w
  void times(const double* w, double* out) const {
    for (int i = 0; i < m; ++i) out[i] = 0;
    for (int k = 0; k < m; ++k)
      for (int i = 0; i < m; ++i) out[i] += at(i, k) * w[k];
  }
  void transpose_times(const double* w, double* out) const {
    for (int i = 0; i < m; ++i) {
      double sum = 0;
      for (int k = 0; k < m; ++k) sum += at(k, i) * w[k];
      out[i] = sum;
    }
  }
  // J_off w = [J_tp w_psi; J_pt w_theta]
  void off_diagonal_times(const double* w, double* out) const {
    for (int i = 0; i < N; ++i) {
      double top = 0, bottom = 0;
      for (int k = 0; k < N; ++k) {
        top += at(i, N + k) * w[N + k];
        bottom += at(N + i, k) * w[k];
      }
      out[i] = top;
      out[N + i] = bottom;
    }
  }
};

// SGA with alignment (Balduzzi et al. 2018; Letcher et al. 2019): x += h (v - lam (J^T v - J v)/2).
template <int N>
struct sga : with_jacobian<N> {
  double h, lambda = 1;
  template <class F>
  void step(const F& f, double* x, long) {
    constexpr int m = 2 * N;
    this->evaluate(f, x);
    std::array<double, m> jt_v, j_v;
    this->transpose_times(this->v.data(), jt_v.data());
    this->times(this->v.data(), j_v.data());
    double xi_grad = 0, adj_grad = 0;
    for (int i = 0; i < m; ++i) {
      const double adjustment = 0.5 * (jt_v[i] - j_v[i]);
      xi_grad -= this->v[i] * jt_v[i];
      adj_grad += adjustment * jt_v[i];
    }
    const double q = xi_grad * adj_grad / m + 0.1;
    const double lam = lambda * (q > 0 ? 1 : (q < 0 ? -1 : 0));
    for (int i = 0; i < m; ++i) x[i] += h * (this->v[i] - lam * 0.5 * (jt_v[i] - j_v[i]));
  }
};

// CGD (Schafer & Anandkumar 2019): x += h (I - h J_off)^{-1} v, by Gaussian elimination with
// partial pivoting.
template <int N>
struct cgd : with_jacobian<N> {
  double h;
  template <class F>
  void step(const F& f, double* x, long) {
    constexpr int m = 2 * N;
    this->evaluate(f, x);
    std::array<double, m * m> a;
    std::array<double, m> b = this->v;
    for (int i = 0; i < m; ++i)
      for (int k = 0; k < m; ++k) {
        const bool off = (i < N) != (k < N);
        a[i * m + k] = (i == k ? 1.0 : 0.0) - (off ? h * this->at(i, k) : 0.0);
      }
    for (int k = 0; k < m; ++k) {
      int p = k;
      for (int i = k + 1; i < m; ++i)
        if (std::abs(a[i * m + k]) > std::abs(a[p * m + k])) p = i;
      if (p != k) {
        for (int c = 0; c < m; ++c) std::swap(a[k * m + c], a[p * m + c]);
        std::swap(b[k], b[p]);
      }
      for (int i = k + 1; i < m; ++i) {
        const double factor = a[i * m + k] / a[k * m + k];
        for (int c = k + 1; c < m; ++c) a[i * m + c] -= factor * a[k * m + c];
        b[i] -= factor * b[k];
      }
    }
    for (int i = m - 1; i >= 0; --i) {
      for (int c = i + 1; c < m; ++c) b[i] -= a[i * m + c] * b[c];
      b[i] /= a[i * m + i];
    }
    for (int i = 0; i < m; ++i) x[i] += h * b[i];
  }
};

// LA (and LCGD with alpha = h): x += h (v + alpha J_off v).
template <int N>
struct la : with_jacobian<N> {
  double h, alpha;
  template <class F>
  void step(const F& f, double* x, long) {
    constexpr int m = 2 * N;
    this->evaluate(f, x);
    std::array<double, m> w;
    this->off_diagonal_times(this->v.data(), w.data());
    for (int i = 0; i < m; ++i) x[i] += h * (this->v[i] + alpha * w[i]);
  }
};

// HGD: x -= h J^T v.
template <int N>
struct hgd : with_jacobian<N> {
  double h;
  template <class F>
  void step(const F& f, double* x, long) {
    constexpr int m = 2 * N;
    this->evaluate(f, x);
    std::array<double, m> w;
    this->transpose_times(this->v.data(), w.data());
    for (int i = 0; i < m; ++i) x[i] -= h * w[i];
  }
};

// Extrapolation from the past: x_half = x + h w, w = v(x_half), x += h w (w = v(x_0) first).
template <int N>
struct past_extragradient {
  double h;
  vec<N> w{}, half{};
  bool started = false;
  void reset(long) { started = false; }
  template <class F>
  void step(const F& f, double* x, long) {
    if (!started) {
      f(x, w.data());
      started = true;
    }
    for (int i = 0; i < 2 * N; ++i) half[i] = x[i] + h * w[i];
    f(half.data(), w.data());
    for (int i = 0; i < 2 * N; ++i) x[i] += h * w[i];
  }
};

// Lookahead over simgd: k steps, then slow += alpha (fast - slow).
template <int N>
struct lookahead_simgd {
  double h;
  int k = 5;
  double alpha = 0.5;
  vec<N> v{}, slow{};
  void reset(long) {}
  template <class F>
  void step(const F& f, double* x, long) {
    for (int i = 0; i < 2 * N; ++i) slow[i] = x[i];
    for (int s = 0; s < k; ++s) {
      f(x, v.data());
      for (int i = 0; i < 2 * N; ++i) x[i] += h * v[i];
    }
    for (int i = 0; i < 2 * N; ++i) x[i] = slow[i] + alpha * (x[i] - slow[i]);
  }
};

// Optimistic Adam (Daskalakis et al. 2018, Algorithm 1) with PyTorch's bias corrections.
template <int N>
struct optimistic_adam {
  double h;
  double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
  vec<N> v{}, m{}, s{}, d{};
  long t = 0;
  void reset(long) {
    m.fill(0);
    s.fill(0);
    d.fill(0);
    t = 0;
  }
  template <class F>
  void step(const F& f, double* x, long) {
    f(x, v.data());
    ++t;
    const double c1 = 1 - std::pow(beta1, static_cast<double>(t)), c2 = 1 - std::pow(beta2, static_cast<double>(t));
    for (int i = 0; i < 2 * N; ++i) {
      const double g = -v[i];
      m[i] = beta1 * m[i] + (1 - beta1) * g;
      s[i] = beta2 * s[i] + (1 - beta2) * (g * g);
      const double dir = (m[i] / c1) / (std::sqrt(s[i] / c2) + eps);
      x[i] -= h * (2 * dir - d[i]);
      d[i] = dir;
    }
  }
};

}  // namespace hand
