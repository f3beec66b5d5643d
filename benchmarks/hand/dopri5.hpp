// Hand-written baseline of adaptive Dormand-Prince 5(4) (Dormand & Prince 1980; Hairer,
// Norsett & Wanner, Solving ODEs I, II.4-5) from t = 0 to t_end: plain loops, no library,
// with the step-size control of Boost.Odeint's controlled_runge_kutta and the loop of
// integrate_adaptive, so that it takes the same steps as the library side:
//   err = max_i |e_i| / (atol + rtol (|x_i| + dt |x'_i|)),
//   rejected (err > 1): dt *= max(0.9 err^(-1/3), 0.2);
//   accepted:           dt *= 0.9 max(err, 5^-5)^(-1/5) if err < 0.5.
// First-same-as-last: the derivative at the new point is the next step's first stage.
#pragma once

#include "fields.hpp"

#include <benchmark/benchmark.h>

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace hand {

template <int N, class Field>
struct dopri5_side {
  Field f;
  vec<N> x0;
  double t_end = 100, rtol = 1e-8, atol = 1e-8, dt0 = 1e-3;
  vec<N> x{}, k1{}, k2{}, k3{}, k4{}, k5{}, k6{}, k7{}, y{}, out{};
  long steps = 0;  // accepted steps of the last solve

  void start() {
    x = x0;
    for (vec<N>* b : {&k1, &k2, &k3, &k4, &k5, &k6, &k7, &y, &out}) *b = x0;
  }
  void run(long solves) {
    for (long k = 0; k < solves; ++k) solve();
    benchmark::DoNotOptimize(x.data());
    benchmark::ClobberMemory();
  }
  Eigen::VectorXd result() const { return Eigen::Map<const Eigen::VectorXd>(x.data(), 2 * f.dim()); }

  void solve() {
    const long size = 2 * f.dim();
    const double eps = std::numeric_limits<double>::epsilon();
    x = x0;
    steps = 0;
    double t = 0, dt = dt0;
    f(x.data(), k1.data());
    while (t_end - t > eps) {
      if (t + dt - t_end > eps) dt = t_end - t;
      for (int trial = 0;; ++trial) {
        if (trial == 500) throw std::runtime_error("dopri5: step size underflow");
        const double err = attempt(dt, size);
        if (err > 1) {
          dt *= std::max(0.9 * std::pow(err, -1.0 / 3), 0.2);
          continue;
        }
        t += dt;
        if (err < 0.5) dt *= 0.9 * std::pow(std::max(std::pow(5.0, -5.0), err), -1.0 / 5);
        std::swap(x, out);
        std::swap(k1, k7);
        ++steps;
        break;
      }
    }
  }

 private:
  // One step of size dt from (x, k1) into (out, k7); returns the scaled error.
  double attempt(double dt, long size) {
    constexpr double b21 = 1.0 / 5, b31 = 3.0 / 40, b32 = 9.0 / 40, b41 = 44.0 / 45, b42 = -56.0 / 15, b43 = 32.0 / 9,
                     b51 = 19372.0 / 6561, b52 = -25360.0 / 2187, b53 = 64448.0 / 6561, b54 = -212.0 / 729,
                     b61 = 9017.0 / 3168, b62 = -355.0 / 33, b63 = 46732.0 / 5247, b64 = 49.0 / 176,
                     b65 = -5103.0 / 18656, c1 = 35.0 / 384, c3 = 500.0 / 1113, c4 = 125.0 / 192, c5 = -2187.0 / 6784,
                     c6 = 11.0 / 84, e1 = c1 - 5179.0 / 57600, e3 = c3 - 7571.0 / 16695, e4 = c4 - 393.0 / 640,
                     e5 = c5 + 92097.0 / 339200, e6 = c6 - 187.0 / 2100, e7 = -1.0 / 40;
    for (long i = 0; i < size; ++i) y[i] = x[i] + dt * b21 * k1[i];
    f(y.data(), k2.data());
    for (long i = 0; i < size; ++i) y[i] = x[i] + dt * (b31 * k1[i] + b32 * k2[i]);
    f(y.data(), k3.data());
    for (long i = 0; i < size; ++i) y[i] = x[i] + dt * (b41 * k1[i] + b42 * k2[i] + b43 * k3[i]);
    f(y.data(), k4.data());
    for (long i = 0; i < size; ++i) y[i] = x[i] + dt * (b51 * k1[i] + b52 * k2[i] + b53 * k3[i] + b54 * k4[i]);
    f(y.data(), k5.data());
    for (long i = 0; i < size; ++i)
      y[i] = x[i] + dt * (b61 * k1[i] + b62 * k2[i] + b63 * k3[i] + b64 * k4[i] + b65 * k5[i]);
    f(y.data(), k6.data());
    for (long i = 0; i < size; ++i)
      out[i] = x[i] + dt * (c1 * k1[i] + c3 * k3[i] + c4 * k4[i] + c5 * k5[i] + c6 * k6[i]);
    f(out.data(), k7.data());
    double err = 0;
    for (long i = 0; i < size; ++i) {
      const double e = dt * (e1 * k1[i] + e3 * k3[i] + e4 * k4[i] + e5 * k5[i] + e6 * k6[i] + e7 * k7[i]);
      err = std::max(err, std::abs(e) / (atol + rtol * (std::abs(x[i]) + dt * std::abs(k1[i]))));
    }
    return err;
  }
};

}  // namespace hand
