// The trajectory classifier (docs/analysis.md, "The trajectory classifier") on the flows of
// the games in two dimensions: what the notes say each variant does.
#include "support.hpp"

#include <boost/numeric/odeint.hpp>
#include <boost/numeric/odeint/external/eigen/eigen.hpp>
#include <catch2/catch.hpp>

#include <cmath>

using namespace gandyn;
using namespace gandyn::registry;
using vec4 = Eigen::Vector4d;
namespace odeint = boost::numeric::odeint;

TEST_CASE("the behaviours of docs/analysis.md in two dimensions from theta = (1, 0.5), psi = (0.3, -0.8)") {
  const vec4 start(1.0, 0.5, 0.3, -0.8), zero = vec4::Zero();
  const auto flow = [&](const std::string& name, gandyn::registry::game_parameters p, double t_end) {
    const auto game = make_game<2>(name, p);
    return std::visit(
        [&](const auto& g) {
          odeint::runge_kutta4<vec4, double, vec4, double, odeint::vector_space_algebra> rk4;
          vec4 x = start;
          record_every<vec4> record{.every = 10};
          iterate(rk4, g, x, std::lround(t_end / 0.01), 0.01, record);
          return std::pair{classify(record.states, zero), x};
        },
        game);
  };
  SECTION("nsgan and wgan-norm oscillate without decaying") {
    for (std::string name : {"nsgan", "wgan-norm"}) {
      const auto [b, x] = flow(name, {}, 200);
      INFO(name << ": " << to_string(b.kind) << " radius " << b.radius_min << ".." << b.radius_max);
      CHECK((b.kind == behaviour_kind::circle || b.kind == behaviour_kind::closed_curve ||
             b.kind == behaviour_kind::oscillating));
      CHECK(b.radius_min > 0.5);
    }
    // nsgan's orbit has theta orthogonal to psi
    const auto [b, x] = flow("nsgan", {}, 200);
    CHECK(std::abs(x.head<2>().dot(x.tail<2>())) < 1e-3);
  }
  SECTION("wgan-gp with c = 1 ends on the circle ||psi|| = 1") {
    const auto [b, x] = flow("wgan-gp", {}, 200);
    CHECK(x.tail<2>().norm() == Approx(1).epsilon(1e-6));
    CHECK(b.kind == behaviour_kind::circle);
  }
  SECTION("wgan-div (c = 0) and L2 weight decay converge to the equilibrium") {
    for (std::string name : {"wgan-div", "nsgan-r1", "gan-r1"}) {
      const auto [b, x] = flow(name, {}, 200);
      INFO(name);
      CHECK(b.kind == behaviour_kind::converged);
      CHECK(x.norm() < 1e-4);
    }
  }
}

// Trajectories whose fate is known in closed form: points on a rotation in the plane with
// the radius r(k) chosen, x_k = r(k) (cos(w k), sin(w k)), w = 0.1 (63 steps a turn).
TEST_CASE("the classifier names trajectories whose radius is known in closed form") {
  using vec2 = Eigen::Vector2d;
  const auto rotation = [](long steps, auto radius) {
    std::vector<vec2> states;
    for (long k = 0; k <= steps; ++k) states.emplace_back(radius(k) * std::cos(0.1 * k), radius(k) * std::sin(0.1 * k));
    return states;
  };
  const vec2 centre = vec2::Zero();
  const auto kind = [&](const std::vector<vec2>& states) { return classify(states, centre).kind; };
  // r = 0.99^k: the tail's second half is below half of its first (0.99^125 = 0.28)
  CHECK(kind(rotation(1000, [](long k) { return std::pow(0.99, k); })) == behaviour_kind::converging);
  // r = 1/sqrt(1 + k): shrinking, slower than geometric (nsgan's creep in 1-D)
  CHECK(kind(rotation(2000, [](long k) { return 1 / std::sqrt(1.0 + k); })) == behaviour_kind::spiralling_in);
  // r = 1.001^k: the slow outward spiral of simgd on gan (|1 + i h f'(0)| > 1)
  CHECK(kind(rotation(2000, [](long k) { return std::pow(1.001, k); })) == behaviour_kind::growing);
  // r constant: a circle
  CHECK(kind(rotation(2000, [](long) { return 1.4; })) == behaviour_kind::circle);
  // r = 1 + 0.3 cos(0.1 k): an ellipse-like closed curve, the same range in each half of the tail
  CHECK(kind(rotation(2000, [](long k) { return 1 + 0.3 * std::cos(0.1 * k); })) == behaviour_kind::closed_curve);
  // r = 1e-9 at the end: converged at the centre
  CHECK(kind(rotation(2000, [](long k) { return std::pow(0.98, k); })) == behaviour_kind::converged);
  // stopped at (1, 1), away from the centre: converged there
  std::vector<vec2> stopped(100, vec2(1, 1));
  const behaviour b = classify(stopped, centre);
  CHECK(b.kind == behaviour_kind::converged);
  CHECK((b.point - vec2(1, 1)).norm() == 0);
  // beyond the bound, or a diverged run: diverged
  CHECK(kind(rotation(100, [](long k) { return std::pow(10.0, k); })) == behaviour_kind::diverged);
  CHECK(classify(stopped, centre, {run_status::diverged, 3}).kind == behaviour_kind::diverged);
}
