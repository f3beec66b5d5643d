// Where the gradient flow x' = v(x) of every Dirac-GAN variant ends (docs/analysis.md,
// "Behaviour of the flows"), in two dimensions from the non-collinear start theta = (1, 0.5),
// psi = (0.3, -0.8), data at 0. Each game comes from the registry by its name (docs/games.md,
// "Names") and is integrated with Boost.Odeint's RK4 through gandyn::iterate (h = 0.01 to
// t = 100; WGAN's clipping is applied after every step). Printed: the final state, its
// distance from the equilibrium, and the smallest and largest distance over the last 10 time
// units (equal: converged or stalled; different: still oscillating).
#include <gandyn/gandyn.hpp>
#include <gandyn/registry/make_game.hpp>

#include <boost/numeric/odeint.hpp>
#include <boost/numeric/odeint/external/eigen/eigen.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace odeint = boost::numeric::odeint;

int main() {
  using state = Eigen::Vector4d;
  const double h = 0.01, t_end = 100, tail_start = 90;
  std::vector<std::string> names;
  for (std::string_view base : gandyn::registry::base_game_names) {
    names.emplace_back(base);
    names.emplace_back(std::string(base) + "-r1");
  }
  for (const char* name : {"gan-noise", "nsgan-noise", "nsgan-fm-noise", "gan-consensus", "nsgan-consensus",
                           "wgan-consensus", "wgan-gp-consensus", "nsgan-r1-noise-consensus"})
    names.emplace_back(name);

  std::printf("%-26s %10s %10s %10s %10s %12s %20s  %s\n", "game", "theta_0", "theta_1", "psi_0", "psi_1",
              "distance", "last 10: min..max", "behaviour");
  for (const std::string& name : names) {
    const gandyn::registry::dirac_game<2> game = gandyn::registry::make_game<2>(name, {});
    std::visit(
        [&](const auto& g) {
          state x(1.0, 0.5, 0.3, -0.8);
          odeint::runge_kutta4<state, double, state, double, odeint::vector_space_algebra> rk4;
          double lo = INFINITY, hi = 0;
          gandyn::record_every<state> record{.every = 10};
          gandyn::iterate(rk4, g, x, std::lround(t_end / h), h, [&](const state& y, long k, double t) {
            if (t >= tail_start) {
              lo = std::min(lo, y.norm());
              hi = std::max(hi, y.norm());
            }
            return record(y, k, t);
          });
          const gandyn::behaviour b = gandyn::classify(record.states, state(state::Zero()));
          std::printf("%-26s %10.5f %10.5f %10.5f %10.5f %12.3e %9.3e..%9.3e  %s\n", name.c_str(), x[0], x[1], x[2],
                      x[3], x.norm(), lo, hi, std::string(gandyn::to_string(b.kind)).c_str());
        },
        game);
  }
}
