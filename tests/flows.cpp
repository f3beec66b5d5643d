// The flows x' = v(x) of the games along their trajectories (docs/analysis.md, "Behaviour of
// the flows"): quantities the notes prove conserved or dissipated, integrated by RK4.
#include "support.hpp"

#include <boost/numeric/odeint.hpp>
#include <boost/numeric/odeint/external/eigen/eigen.hpp>
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

using namespace gandyn;
using vec4 = Eigen::Vector4d;
namespace odeint = boost::numeric::odeint;

TEST_CASE("conserved and dissipated quantities along the flow") {
  odeint::runge_kutta4<vec4, double, vec4, double, odeint::vector_space_algebra> rk4;
  const vec4 x0(1.0, 0.5, 0.3, -0.8);
  SECTION("gan keeps theta^2 + psi^2 (Lemma 1)") {
    vec4 x = x0;
    track<vec4> radius{[](const vec4& y) { return y.squaredNorm(); }};
    iterate(rk4, gan<2>(), x, 2000, 0.01, radius);
    const auto [lo, hi] = std::minmax_element(radius.values.begin(), radius.values.end());
    CHECK(*hi - *lo < 1e-9);
    CHECK(radius.values.front() == Approx(x0.squaredNorm()));
  }
  SECTION("nsgan: d||x||^2/dt = -2 d tanh(d/2), d = psi.theta") {
    const f_gan<2> g = nsgan<2>();
    vec4 x = x0;
    iterate(rk4, g, x, 300, 0.01, [&](const vec4& y, long, double) {
      const double d = y.head<2>().dot(y.tail<2>());
      CHECK(2 * y.dot(g(y)) == Approx(-2 * d * std::tanh(d / 2)).margin(1e-15));
      return true;
    });
  }
}
