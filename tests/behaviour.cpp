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
      CHECK((b.kind == behaviour_kind::circle || b.kind == behaviour_kind::oscillating));
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
