// The hand-written loop process that `gandyn simulate` at n = 1 is measured against
// (benchmarks/simulate_process.py; issue 14): nsgan in one dimension, data at 0, simgd or
// classical RK4 with step h, the divergence test after every step, and only the last row
// printed, as `gandyn simulate --every STEPS` prints it. Per step, with a = theta psi and
// sigma(t) = 1/(1 + e^-t) (docs/games.md, "nsgan"): v_theta = -sigma(a) psi,
// v_psi = sigma(-a) theta.
//   hand_simulate_process simgd|rk4 STEPS H THETA PSI
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

struct point {
  double t, p;
};

inline point field(point x) {
  const double a = x.t * x.p, e = std::exp(-std::abs(a)), large = 1 / (1 + e), small = e * large;
  const double plus = a >= 0 ? large : small, minus = a >= 0 ? small : large;  // sigma(a), sigma(-a)
  return {-plus * x.p, minus * x.t};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 6) {
    std::fprintf(stderr, "usage: %s simgd|rk4 STEPS H THETA PSI\n", argv[0]);
    return 2;
  }
  const bool rk4 = std::strcmp(argv[1], "rk4") == 0;
  const long steps = std::atol(argv[2]);
  const double h = std::atof(argv[3]), bound = 1e10;
  point x{std::atof(argv[4]), std::atof(argv[5])};
  long k = 1;
  for (; k <= steps; ++k) {
    if (rk4) {
      const point k1 = field(x), k2 = field({x.t + h / 2 * k1.t, x.p + h / 2 * k1.p}),
                  k3 = field({x.t + h / 2 * k2.t, x.p + h / 2 * k2.p}), k4 = field({x.t + h * k3.t, x.p + h * k3.p});
      x.t += h / 6 * k1.t + h / 3 * k2.t + h / 3 * k3.t + h / 6 * k4.t;
      x.p += h / 6 * k1.p + h / 3 * k2.p + h / 3 * k3.p + h / 6 * k4.p;
    } else {
      const point v = field(x);
      x.t += h * v.t;
      x.p += h * v.p;
    }
    if (!(std::isfinite(x.t) && std::isfinite(x.p) && std::sqrt(x.t * x.t + x.p * x.p) <= bound)) break;
  }
  if (k > steps) k = steps;
  std::printf("step,t,theta_0,psi_0\n%ld,%.17g,%.17g,%.17g\n", k, static_cast<double>(k) * h, x.t, x.p);
}
