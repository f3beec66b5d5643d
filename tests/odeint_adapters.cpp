// The Odeint adapters (docs/rules.md, "Flows" and "Rules as Odeint steppers"): RK4 and Dopri5
// through gandyn against the exact rotation of the linear WGAN flow, at their orders, and the
// rules as Odeint steppers, whose state Odeint keeps between calls only through std::ref.
#include "support.hpp"

#include <boost/numeric/odeint.hpp>
#include <boost/numeric/odeint/external/eigen/eigen.hpp>
#include <catch2/catch.hpp>

#include <cmath>
#include <functional>

using namespace gandyn;
using vec2 = Eigen::Vector2d;
namespace odeint = boost::numeric::odeint;

TEST_CASE("RK4 and Dopri5 reproduce the linear WGAN flow, a rotation, at their order") {
  // v = (-psi, theta - x*) with x* = 0 and no clipping: theta(t) = theta0 cos t - psi0 sin t.
  const f_gan<1, linear_loss> g{};
  const vec2 x0(1.0, 0.5);
  const double t_end = 10;
  const auto exact = [&](double t) {
    return vec2(x0[0] * std::cos(t) - x0[1] * std::sin(t), x0[1] * std::cos(t) + x0[0] * std::sin(t));
  };
  const auto rk4_error = [&](double h) {
    odeint::runge_kutta4<vec2, double, vec2, double, odeint::vector_space_algebra> rk4;
    vec2 x = x0;
    iterate(rk4, g, x, std::lround(t_end / h), h, test::keep_going);
    return (x - exact(t_end)).norm();
  };
  const double e1 = rk4_error(0.1), e2 = rk4_error(0.05);
  INFO("RK4 errors " << e1 << ", " << e2);
  CHECK(e1 / e2 == Approx(16).epsilon(0.05));  // fourth order

  vec2 x = x0;
  std::vector<double> times{2.5, 5.0, 10.0};
  std::vector<double> errors;
  integrate_dopri5(g, x, times, {.rtol = 1e-10, .atol = 1e-10}, [&](const vec2& y, long row, double t) {
    if (row > 0) {
      CHECK(t == times[row - 1]);
      errors.push_back((y - exact(t)).norm());
    }
    return true;
  });
  REQUIRE(errors.size() == 3);
  CHECK(errors.back() < 1e-8);
}

TEST_CASE("rules are Odeint steppers: integrate_n_steps runs them and keeps their state through std::ref") {
  const f_gan<1> g = nsgan<1>();
  const vec2 x0(0.7, -1.2);
  const vec2 expected = test::run(optimistic{}, g, x0, 25, 0.1);
  {  // one call: Odeint binds the stepper once, by value or by reference alike
    auto stepper = make_stepper<vec2>(optimistic{});
    vec2 x = x0;
    odeint::integrate_n_steps(std::ref(stepper), ode_system(g), x, 0.0, 0.1, 25);
    CHECK((x - expected).norm() < 1e-15);
  }
  // Two calls of 10 and 15 steps: the optimistic rule remembers v(x_{k-1}), so only a stepper
  // passed by std::ref continues with 2 v_k - v_{k-1} at step 11; a copy starts again with
  // the plain first step, and its run differs from the single one.
  auto by_ref = make_stepper<vec2>(optimistic{});
  vec2 x = x0;
  odeint::integrate_n_steps(std::ref(by_ref), ode_system(g), x, 0.0, 0.1, 10);
  odeint::integrate_n_steps(std::ref(by_ref), ode_system(g), x, 1.0, 0.1, 15);
  CHECK((x - expected).norm() < 1e-15);

  auto by_value = make_stepper<vec2>(optimistic{});
  vec2 y = x0;
  odeint::integrate_n_steps(by_value, ode_system(g), y, 0.0, 0.1, 10);
  odeint::integrate_n_steps(by_value, ode_system(g), y, 1.0, 0.1, 15);
  CHECK((y - expected).norm() > 1e-6);
  // the copy's run is the two halves each started afresh: 10 steps, then 15 from a plain step
  const vec2 restarted = test::run(optimistic{}, g, test::run(optimistic{}, g, x0, 10, 0.1), 15, 0.1);
  CHECK((y - restarted).norm() < 1e-15);
}
