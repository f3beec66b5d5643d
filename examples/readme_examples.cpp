// The README's code, compiled and checked: if this fails, the README is wrong.
#include <gandyn/gandyn.hpp>

#include <Eigen/Eigenvalues>
#include <boost/numeric/odeint/integrate/integrate_const.hpp>
#include <boost/numeric/odeint/integrate/integrate_n_steps.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <complex>
#include <cstdio>
#include <iostream>

namespace {

int failures = 0;
void expect(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "README example wrong: %s\n", what);
    ++failures;
  }
}

void ten_lines() {
  gandyn::f_gan<2> game{.objective = gandyn::generator_objective::non_saturating, .penalty = {.r1 = 0.3}};
  Eigen::Vector4d x(1.0, 0.5, 0.3, -0.8);
  std::cout << game(x).transpose() << "\n";
  Eigen::Matrix4d j = gandyn::jacobian(game, Eigen::Vector4d::Zero().eval());
  std::cout << gandyn::eigenvalues(j).transpose() << "\n";
  // -gamma/2 +- i sqrt(f'(0)^2 - gamma^2/4) (gan-training-convergence-analysis.fa, R1), twice
  for (const std::complex<double>& e : gandyn::eigenvalues(j))
    expect(std::abs(e.real() + 0.15) < 1e-12 && std::abs(std::abs(e.imag()) - std::sqrt(0.25 - 0.0225)) < 1e-12,
           "nsgan-r1 eigenvalues -0.15 +- 0.477i");
}

void update_rules() {
  using namespace gandyn;
  Eigen::Vector2d x(1, 1);
  auto stepper = make_stepper<Eigen::Vector2d>(altgd{.order = {.nd = 5}});
  stop_on_divergence divergence{.bound = 1e10};
  moving_average<Eigen::Vector2d> ema{.beta = 0.999};
  iterate(stepper, nsgan<1>(), x, 500, 0.2, observe_all(divergence, ema));
  expect(std::abs(x.norm() - 0.139) < 5e-4, "nsgan altgd n_d = 5 distance 0.139");

  rk4<Eigen::Vector2d> rk4;
  record_every<Eigen::Vector2d> record{.every = 10};
  iterate(rk4, gan<1>(), x, 10000, 0.01, record);
  expect(record.states.size() == 1001, "record_every 10 over 10000 steps keeps 1001 states");

  iterate(stepper, nsgan<1>(), x, 100, 0.2, [](const Eigen::Vector2d& y, long k, double t) {
    std::printf("%ld %g %g %g\n", k, t, y[0], y[1]);
    return y.norm() < 10;
  });

  namespace odeint = boost::numeric::odeint;
  Eigen::Vector2d y(1, 0);
  double radius_drift = 0;
  gandyn::rk4<Eigen::Vector2d> runge_kutta;  // by std::ref: Odeint copies steppers otherwise
  odeint::integrate_const(std::ref(runge_kutta), ode_system(gan<1>()), y, 0.0, 10.0, 0.01,
                          [&](const Eigen::Vector2d& s, double) { radius_drift = std::max(radius_drift, std::abs(s.norm() - 1)); });
  expect(radius_drift < 1e-9, "gan's flow keeps theta^2 + psi^2 under Odeint's integrate_const");
  odeint::integrate_n_steps(std::ref(stepper), ode_system(nsgan<1>()), y, 0.0, 0.2, 100);
  expect(y.allFinite(), "integrate_n_steps runs a gandyn rule");
}

}  // namespace

int main() {
  ten_lines();
  update_rules();
  return failures == 0 ? 0 : 1;
}
