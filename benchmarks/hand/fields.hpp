// Hand-written baselines of the fields the benchmarks time: plain doubles on raw arrays,
// no Eigen, no gandyn, as a researcher writes them for one experiment (issue 6). Each is
// the formula of games/f_gan.hpp and games/consensus.hpp for that game (README catalogue;
// Mescheder, Geiger & Nowozin 2018, section 2.2), with the same parameters and the same
// overflow-safe sigmoid, so the two sides do the same arithmetic.
// N > 0: n known at compile time; N = 0: n at run time (the member `n`).
// x = [theta; psi] and v have 2n entries.
#pragma once

#include "noise.hpp"
#include "sigmoid.hpp"

#include <array>
#include <cmath>
#include <type_traits>
#include <vector>

namespace hand {

// State storage: a fixed array at compile-time size, else a vector sized once.
template <int N>
using vec = std::conditional_t<(N > 0), std::array<double, 2 * N>, std::vector<double>>;

template <int N>
vec<N> make_vec(long n) {
  if constexpr (N > 0) {
    return vec<N>{};
  } else {
    return vec<N>(2 * n, 0.0);
  }
}

// A copy of any vector (the benchmarks' common start) in hand storage.
template <int N, class V>
vec<N> copy_of(const V& x) {
  vec<N> y = make_vec<N>(static_cast<long>(x.size()) / 2);
  for (long i = 0; i < static_cast<long>(x.size()); ++i) y[i] = x[i];
  return y;
}

template <int N>
struct sized {
  long n = N;
  long dim() const { return N > 0 ? N : n; }
};

// gan (Saturating) and nsgan: a = psi.theta, b = -psi.x*,
// v_theta = -f'(a) psi or -f'(-a) psi, v_psi = f'(a) theta - f'(b) x*, f'(t) = sigmoid(-t).
template <int N, bool Saturating = false>
struct logistic_gan : sized<N> {
  const double* data;
  void operator()(const double* x, double* v) const {
    const long m = this->dim();
    const double *theta = x, *psi = x + m;
    double a = 0, b = 0;
    for (long i = 0; i < m; ++i) {
      a += psi[i] * theta[i];
      b -= psi[i] * data[i];
    }
    const sigmoids at_a = sigmoid_pair(a);
    const double fake = at_a.of_minus_t, real = b == 0 ? 0.5 : sigmoid_pair(b).of_minus_t, gen = Saturating ? fake : at_a.of_t;
    for (long i = 0; i < m; ++i) {
      v[i] = -gen * psi[i];
      v[m + i] = fake * theta[i] - real * data[i];
    }
  }
};

// wgan-gp: v_theta = -psi, v_psi = theta - x* - 2 lambda (1 - c/||psi||) psi (0 at psi = 0).
template <int N>
struct wgan_gp : sized<N> {
  const double* data;
  double lambda = 0.35, centre = 1;
  void operator()(const double* x, double* v) const {
    const long m = this->dim();
    const double *theta = x, *psi = x + m;
    double squared = 0;
    for (long i = 0; i < m; ++i) squared += psi[i] * psi[i];
    const double pull = squared == 0 ? 0 : 2 * lambda * centre / std::sqrt(squared);
    for (long i = 0; i < m; ++i) {
      v[i] = -psi[i];
      v[m + i] = theta[i] - data[i] + (pull - 2 * lambda) * psi[i];
    }
  }
};

// gan-noise: the exact expectation under instance noise of scale sigma (hand/noise.hpp):
// v_theta = -E f'(a) psi, v_psi = E f'(a) theta - E f'(b) x* + sigma^2 (E f''(a) + E f''(b)) psi.
template <int N>
struct gan_noise : sized<N> {
  const double* data;
  double sigma = 0.7;
  void operator()(const double* x, double* v) const {
    const long m = this->dim();
    const double *theta = x, *psi = x + m;
    double a = 0, b = 0, squared = 0;
    for (long i = 0; i < m; ++i) {
      a += psi[i] * theta[i];
      b -= psi[i] * data[i];
      squared += psi[i] * psi[i];
    }
    const double s = squared == 0 ? 0 : sigma * std::sqrt(squared);
    const slopes fake = noisy_logistic(a, s), real = noisy_logistic(b, s);
    const double curvature = sigma * sigma * (fake.d2 + real.d2);
    for (long i = 0; i < m; ++i) {
      v[i] = -fake.d1 * psi[i];
      v[m + i] = fake.d1 * theta[i] - real.d1 * data[i] + curvature * psi[i];
    }
  }
};

// gan-consensus (Mescheder, Nowozin & Geiger 2017, eq. 9): v - gamma J^T v with the gan
// Jacobian derived by hand, f1 = f'(a), f2 = f''(a) = -sigmoid(a) sigmoid(-a), likewise at b:
//   J = [ -f2 psi psi^T           -f2 psi theta^T - f1 I         ]
//       [ f2 theta psi^T + f1 I    f2 theta theta^T + f2(b) x* x*^T ],
// so J^T v needs three dot products: O(n), no matrix.
template <int N>
struct gan_consensus : sized<N> {
  const double* data;
  double gamma = 1;
  void operator()(const double* x, double* v) const {
    const long m = this->dim();
    const double *theta = x, *psi = x + m;
    double a = 0, b = 0;
    for (long i = 0; i < m; ++i) {
      a += psi[i] * theta[i];
      b -= psi[i] * data[i];
    }
    const sigmoids at_a = sigmoid_pair(a), at_b = sigmoid_pair(b);
    const double f1 = at_a.of_minus_t, f2 = -at_a.of_t * f1, g1 = at_b.of_minus_t, g2 = -at_b.of_t * g1;
    double psi_vt = 0, theta_vp = 0, data_vp = 0;  // psi.v_theta, theta.v_psi, x*.v_psi
    for (long i = 0; i < m; ++i) {
      const double vt = -f1 * psi[i], vp = f1 * theta[i] - g1 * data[i];
      psi_vt += psi[i] * vt;
      theta_vp += theta[i] * vp;
      data_vp += data[i] * vp;
    }
    for (long i = 0; i < m; ++i) {
      const double vt = -f1 * psi[i], vp = f1 * theta[i] - g1 * data[i];
      const double jt = f2 * psi[i] * (theta_vp - psi_vt) + f1 * vp;
      const double jp = f2 * theta[i] * (theta_vp - psi_vt) - f1 * vt + g2 * data[i] * data_vp;
      v[i] = vt - gamma * jt;
      v[m + i] = vp - gamma * jp;
    }
  }
};

// nsgan-consensus: v - gamma J^T v with the nsgan Jacobian derived by hand (nsgan_jacobian
// below, r1 = 0): with s = sigmoid(a), ds = s sigmoid(-a), f1 = f'(a) = sigmoid(-a), g2 = f''(b),
//   J^T v = [ -ds psi (psi.v_theta + theta.v_psi) + f1 v_psi ;
//             -ds theta (psi.v_theta + theta.v_psi) - s v_theta + g2 x* (x*.v_psi) ]:
// O(n), no matrix. (Not zero-sum: the library takes J^T v by reverse mode.)
template <int N>
struct nsgan_consensus : sized<N> {
  const double* data;
  double gamma = 1;
  void operator()(const double* x, double* v) const {
    const long m = this->dim();
    const double *theta = x, *psi = x + m;
    double a = 0, b = 0;
    for (long i = 0; i < m; ++i) {
      a += psi[i] * theta[i];
      b -= psi[i] * data[i];
    }
    const sigmoids at_a = sigmoid_pair(a), at_b = sigmoid_pair(b);
    const double s = at_a.of_t, f1 = at_a.of_minus_t, ds = s * f1, g1 = at_b.of_minus_t, g2 = -at_b.of_t * g1;
    double psi_vt = 0, theta_vp = 0, data_vp = 0;  // psi.v_theta, theta.v_psi, x*.v_psi
    for (long i = 0; i < m; ++i) {
      const double vt = -s * psi[i], vp = f1 * theta[i] - g1 * data[i];
      psi_vt += psi[i] * vt;
      theta_vp += theta[i] * vp;
      data_vp += data[i] * vp;
    }
    const double cross = psi_vt + theta_vp;
    for (long i = 0; i < m; ++i) {
      const double vt = -s * psi[i], vp = f1 * theta[i] - g1 * data[i];
      const double jt = -ds * psi[i] * cross + f1 * vp;
      const double jp = -ds * theta[i] * cross - s * vt + g2 * data[i] * data_vp;
      v[i] = vt - gamma * jt;
      v[m + i] = vp - gamma * jp;
    }
  }
};

// The Jacobian of nsgan (plus R1: -gamma in the psi-psi block), derived by hand, column-major
// 2n x 2n into jac; with s = sigmoid(a), s' = s (1 - s) = -f''(a):
//   J = [ -s' psi psi^T               -s' psi theta^T - s I          ]
//       [ -s' theta psi^T + f'(a) I   -s' theta theta^T + f''(b) x* x*^T - gamma I ].
template <int N>
struct nsgan_jacobian : sized<N> {
  const double* data;
  double r1 = 0;
  void operator()(const double* x, double* jac) const {
    const long m = this->dim(), rows = 2 * m;
    const double *theta = x, *psi = x + m;
    double a = 0, b = 0;
    for (long i = 0; i < m; ++i) {
      a += psi[i] * theta[i];
      b -= psi[i] * data[i];
    }
    const sigmoids at_a = sigmoid_pair(a), at_b = sigmoid_pair(b);
    const double s = at_a.of_t, f1 = at_a.of_minus_t, ds = s * f1, g2 = -at_b.of_t * at_b.of_minus_t;
    for (long j = 0; j < m; ++j) {
      double* col_theta = jac + j * rows;      // d v / d theta_j
      double* col_psi = jac + (m + j) * rows;  // d v / d psi_j
      for (long i = 0; i < m; ++i) {
        col_theta[i] = -ds * psi[i] * psi[j];
        col_theta[m + i] = -ds * theta[i] * psi[j] + (i == j ? f1 : 0);
        col_psi[i] = -ds * psi[i] * theta[j] - (i == j ? s : 0);
        col_psi[m + i] = -ds * theta[i] * theta[j] + g2 * data[i] * data[j] - (i == j ? r1 : 0);
      }
    }
  }
};

}  // namespace hand
