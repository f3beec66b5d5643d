// Hand-written baselines of the rules that need the players' losses (docs/rules.md, "Rules that
// need the players' losses"): LOLA and SOS (Letcher et al. 2019, Algorithm 1) and the unrolled
// GAN (Metz et al. 2017), each on the saturating Dirac-GAN `gan` with data at x* = 0, whose
// derivatives are written out here: with d = psi.theta, f'(d) = sigmoid(-d) = s1 and
// f''(d) = -sigmoid(d) sigmoid(-d) = s2,
//   v = (-s1 psi, s1 theta),  J_tp v_psi = -s1 v_psi - s2 psi (theta.v_psi),
//   J_pt v_theta = s1 v_theta + s2 theta (psi.v_theta),
//   chi_theta = -s1^2 theta - s1 s2 |theta|^2 psi,   chi_psi = -s1^2 psi - s1 s2 |psi|^2 theta.
// Plain loops on raw doubles, as a researcher writes one experiment; the generic field
// argument of step() is not used (the derivatives are this game's).
#pragma once

#include "fields.hpp"
#include "sigmoid.hpp"

#include <algorithm>
#include <array>
#include <type_traits>
#include <vector>

namespace hand {

// s1 = f'(d), s2 = f''(d) of f(t) = -log(1 + e^-t).
struct gan_derivatives {
  double s1, s2;
};
inline gan_derivatives gan_slopes(double d) {
  const sigmoids s = sigmoid_pair(d);
  return {s.of_minus_t, -s.of_t * s.of_minus_t};
}

inline double dot(const double* a, const double* b, long n) {
  double r = 0;
  for (long i = 0; i < n; ++i) r += a[i] * b[i];
  return r;
}

// v + alpha J_off v (into u) and chi, for the gan at x.
template <int N>
struct shaping {
  vec<N> u{}, chi{};
  void reset(long n) {
    u = make_vec<N>(n);
    chi = make_vec<N>(n);
  }
  void terms(const double* x, long n, double alpha) {
    const double *theta = x, *psi = x + n;
    const gan_derivatives s = gan_slopes(dot(psi, theta, n));
    // theta . v_psi = s1 |theta|^2 and psi . v_theta = -s1 |psi|^2.
    const double tt = dot(theta, theta, n), pp = dot(psi, psi, n);
    for (long i = 0; i < n; ++i) {
      const double v_theta = -s.s1 * psi[i], v_psi = s.s1 * theta[i];
      u[i] = v_theta + alpha * (-s.s1 * v_psi - s.s2 * psi[i] * (s.s1 * tt));
      u[n + i] = v_psi + alpha * (s.s1 * v_theta + s.s2 * theta[i] * (-s.s1 * pp));
      chi[i] = -s.s1 * s.s1 * theta[i] - s.s1 * s.s2 * tt * psi[i];
      chi[n + i] = -s.s1 * s.s1 * psi[i] - s.s1 * s.s2 * pp * theta[i];
    }
  }
};

template <int N>
struct lola {
  double h, alpha;
  shaping<N> s{};
  void reset(long n) { s.reset(n); }
  template <class F>
  void step(const F&, double* x, long n) {
    s.terms(x, n, alpha);
    for (long i = 0; i < 2 * n; ++i) x[i] += h * (s.u[i] + alpha * s.chi[i]);
  }
};

template <int N>
struct sos {
  double h, alpha, a = 0.5, b = 0.1;
  shaping<N> s{};
  void reset(long n) { s.reset(n); }
  template <class F>
  void step(const F&, double* x, long n) {
    s.terms(x, n, alpha);
    const double* theta = x;
    const double* psi = x + n;
    const double s1 = gan_slopes(dot(psi, theta, n)).s1;
    const double xi_squared = s1 * s1 * (dot(theta, theta, n) + dot(psi, psi, n));
    const double inner = alpha * dot(s.chi.data(), s.u.data(), 2 * n);  // <-alpha chi, xi_0>
    double p = 1;
    if (inner < 0) p = std::min(1.0, -a * dot(s.u.data(), s.u.data(), 2 * n) / inner);
    if (xi_squared < b * b) p = std::min(p, xi_squared);
    for (long i = 0; i < 2 * n; ++i) x[i] += h * (s.u[i] + p * alpha * s.chi[i]);
  }
};

// K unrolled discriminator steps with M_j = dpsi_j/dtheta (row-major n x n):
// psi_{j+1} = psi_j + h s1_j theta, M_{j+1} = M_j + h (s1_j I + s2_j theta (psi_j + M_j' theta)');
// the generator's gradient f'(d_K) (psi_K + M_K' theta).
template <int N>
struct unrolled {
  double h;
  int steps = 5;
  std::conditional_t<(N > 0), std::array<double, (N > 0 ? N * N : 1)>, std::vector<double>> M{};
  vec<N> psi{}, total{}, first_v_psi{};
  void reset(long n) {
    if constexpr (N == 0) M.assign(n * n, 0.0);
    psi = make_vec<N>(n);
    total = make_vec<N>(n);
    first_v_psi = make_vec<N>(n);
  }
  template <class F>
  void step(const F&, double* x, long n) {
    const double* theta = x;
    for (long i = 0; i < n; ++i) psi[i] = x[n + i];
    for (long i = 0; i < n * n; ++i) M[i] = 0;
    for (int j = 0; j < steps; ++j) {
      const gan_derivatives s = gan_slopes(dot(psi.data(), theta, n));
      for (long c = 0; c < n; ++c) {  // total = psi_j + M_j' theta
        double r = psi[c];
        for (long i = 0; i < n; ++i) r += M[i * n + c] * theta[i];
        total[c] = r;
      }
      for (long i = 0; i < n; ++i) {
        for (long c = 0; c < n; ++c) M[i * n + c] += h * (s.s2 * theta[i] * total[c] + (i == c ? s.s1 : 0.0));
        if (j == 0) first_v_psi[i] = s.s1 * theta[i];
        psi[i] += h * s.s1 * theta[i];
      }
    }
    const double s1 = gan_slopes(dot(psi.data(), theta, n)).s1;
    for (long c = 0; c < n; ++c) {
      double r = psi[c];
      for (long i = 0; i < n; ++i) r += M[i * n + c] * theta[i];
      total[c] = s1 * r;
    }
    for (long i = 0; i < n; ++i) {
      x[i] -= h * total[i];
      x[n + i] += h * first_v_psi[i];
    }
  }
};

}  // namespace hand
