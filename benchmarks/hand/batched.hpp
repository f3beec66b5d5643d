// Hand-written baseline of a sweep: many simgd trajectories of nsgan in one dimension, data
// at 0, as structure-of-arrays blocks run in parallel with OpenMP: the loop the issue's
// prototype used, on plain doubles, with the C library's exp (one per trajectory-step:
// e = exp(-|a|) gives both sigmoids, as gandyn::sigmoid_pair does). Without -ffast-math GCC and
// Clang call the scalar exp here: nothing vectorises it. Divergence is checked after every
// step (||x||^2 <= bound^2), like the library.
#pragma once

#include <algorithm>
#include <cmath>
#include <vector>

#ifdef _OPENMP
#define HAND_OMP(directive) _Pragma(directive)
#else
#define HAND_OMP(directive)
#endif

namespace hand {

// theta, psi: one entry per trajectory, updated in place; diverged: set to 1 when a trajectory leaves the bound.
inline void nsgan_sweep(std::vector<double>& theta, std::vector<double>& psi, std::vector<char>& diverged, long steps,
                        double h, double bound = 1e10) {
  const long count = static_cast<long>(theta.size()), block = 256;
  const double bound2 = bound * bound;
  HAND_OMP("omp parallel for schedule(dynamic)")
  for (long first = 0; first < count; first += block) {
    const long end = std::min(count, first + block);
    double* t = theta.data();
    double* p = psi.data();
    char* flag = diverged.data();
    for (long k = 0; k < steps; ++k) {
      for (long j = first; j < end; ++j) {
        const double a = t[j] * p[j], e = std::exp(-std::abs(a)), large = 1 / (1 + e), small = e * large;
        const double fake = a > 0 ? small : large, gen = a > 0 ? large : small;  // sigmoid(-a), sigmoid(a)
        const double theta_j = t[j];
        t[j] = theta_j - h * gen * p[j];
        p[j] = p[j] + h * fake * theta_j;
        if (!(t[j] * t[j] + p[j] * p[j] <= bound2)) flag[j] = 1;
      }
    }
  }
}

}  // namespace hand
