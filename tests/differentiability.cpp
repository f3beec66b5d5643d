// Where a field is not differentiable (docs/analysis.md, "Where the field is not
// differentiable"; docs/games.md, "Where a field is not differentiable"): each game names its
// points, through the consensus wrapper too, and the analysis refuses them with that reason.
#include "support.hpp"

#include <catch2/catch.hpp>
#include <Eigen/Dense>

#include <cmath>
#include <complex>
#include <limits>
#include <string>
#include <optional>
#include <vector>

using namespace gandyn;
using namespace gandyn::registry;
using test::vec;
using Eigen::MatrixXd;
using Eigen::VectorXcd;

namespace {

using linear_game = f_gan<Eigen::Dynamic, linear_loss>;

// v = (-sqrt(theta^2 + psi^2), theta): its derivative at 0 is not finite under AD.
struct cone_game {
  Eigen::Index generator_dim() const { return 1; }
  Eigen::Index discriminator_dim() const { return 1; }
  template <class S>
  state<S, Eigen::Dynamic> operator()(const state<S, Eigen::Dynamic>& x) const {
    using std::sqrt;
    state<S, Eigen::Dynamic> v(2);
    v << -sqrt(x[0] * x[0] + x[1] * x[1]), x[0];
    return v;
  }
};

// The same field declaring its non-differentiable point itself (the user's hook).
struct declared_cone : cone_game {
  std::optional<std::string> non_differentiable_reason(const Eigen::VectorXd& x) const {
    if (x.squaredNorm() == 0) return "the cone is not differentiable at its apex";
    return std::nullopt;
  }
};

}  // namespace

TEST_CASE("where the field has no Jacobian the analysis says why, and nothing else", "[analysis]") {
  using Catch::Matchers::Contains;
  for (int n : {1, 2}) {
    INFO("n = " << n);
    const vec zero = vec::Zero(2 * n);
    vec off_axis = test::random_vector(2 * n, 11);  // psi != 0, theta != x*

    const auto norm = test::preset<normalised_wgan<Eigen::Dynamic>>("wgan-norm", {}, n);
    CHECK(non_differentiable_reason(norm, zero) ==
          "wgan-norm (normalised critic psi/||psi||) is not differentiable at psi = 0");
    CHECK_THROWS_WITH(analyze_flow(norm, zero), "wgan-norm (normalised critic psi/||psi||) is not differentiable at psi = 0");
    CHECK_FALSE(non_differentiable_reason(norm, off_axis));

    const auto gp = test::preset<linear_game>("wgan-gp", {.lambda = 0.35, .c = 1.0}, n);
    CHECK(non_differentiable_reason(gp, zero) == "wgan-gp with c > 0 is not differentiable at psi = 0");
    CHECK_THROWS_AS(analyze_flow(gp, zero), std::domain_error);
    CHECK_THROWS_WITH(analyze_flow(gp, zero), "wgan-gp with c > 0 is not differentiable at psi = 0");
    CHECK_NOTHROW(analyze_flow(gp, off_axis));
    CHECK_FALSE(non_differentiable_reason(test::preset<linear_game>("wgan-div", {}, n), zero));

    const auto qc = test::preset<wgan_qc<Eigen::Dynamic>>("wgan-qc", {}, n);
    CHECK_THROWS_WITH(analyze_flow(qc, zero), "wgan-qc is not differentiable at psi = 0");
    CHECK_FALSE(non_differentiable_reason(qc, off_axis));
    vec on_data = off_axis;
    on_data.head(n).setZero();  // theta = x* = 0, psi != 0: the distance ||x* - theta|| has a kink
    CHECK_THAT(non_differentiable_reason(qc, on_data).value_or(""), Contains("theta = x*"));

    // through the consensus wrapper, without evaluating its (second-order) field
    const auto norm_consensus = test::preset<consensus<normalised_wgan<Eigen::Dynamic>>>("wgan-norm-consensus", {}, n);
    CHECK_THROWS_WITH(require_differentiable(norm_consensus, zero),
                      "wgan-norm (normalised critic psi/||psi||) is not differentiable at psi = 0");
    const auto gp_consensus = test::preset<consensus<linear_game>>("wgan-gp-consensus", {.c = 1.0}, n);
    CHECK(non_differentiable_reason(gp_consensus, zero) == "wgan-gp with c > 0 is not differentiable at psi = 0");
    CHECK_FALSE(non_differentiable_reason(gp_consensus, off_axis));
    const auto qc_consensus = test::preset<consensus<wgan_qc<Eigen::Dynamic>>>("wgan-qc-consensus", {}, n);
    CHECK(non_differentiable_reason(qc_consensus, zero) == "wgan-qc is not differentiable at psi = 0");

    // wgan-lp: the kink of max(0, ||psi|| - 1) on the unit sphere
    const auto lp = test::preset<linear_game>("wgan-lp", {}, n);
    vec sphere = zero;
    sphere[n] = 1;
    CHECK(non_differentiable_reason(lp, sphere) == "wgan-lp is not differentiable at ||psi|| = 1");
    sphere[n] = 0.5;
    CHECK_FALSE(non_differentiable_reason(lp, sphere));
    CHECK_FALSE(non_differentiable_reason(lp, zero));
  }
  vec sphere(4);
  sphere << 0.1, 0.2, 0.6, 0.8;  // ||psi|| = 1 up to rounding
  CHECK(non_differentiable_reason(test::preset<linear_game>("wgan-lp", {}, 2), sphere));

  // a Jacobian with non-finite entries is rejected, naming it
  CHECK_THROWS_AS(analyze_flow(cone_game{}, vec::Zero(2)), std::domain_error);
  CHECK_THROWS_WITH(analyze_flow(cone_game{}, vec::Zero(2)), Contains("non-finite"));
  CHECK_NOTHROW(analyze_flow(cone_game{}, vec(Eigen::Vector2d(1, 0))));
  CHECK_THROWS_WITH(analyze_flow(declared_cone{}, vec::Zero(2)), "the cone is not differentiable at its apex");
  CHECK_THROWS_AS(analyze_flow(cone_game{}, vec::Zero(3)), std::invalid_argument);
  CHECK_THROWS_AS(analyze_flow(cone_game{}, vec(Eigen::Vector2d(NAN, 0))), std::invalid_argument);
}
