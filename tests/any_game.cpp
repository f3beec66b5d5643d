// The erased game (core/any_game.hpp) against the concrete game it holds: the same field on
// every listed scalar, the same exact Jacobians of the field and of a step (so the nested
// duals pass through the virtual calls), the same projection and the same refusals.
#include "support.hpp"

#include <gandyn/core/any_game.hpp>

#include <catch2/catch.hpp>

namespace {

using d1 = gandyn::dual<double, 8>;
using d2 = gandyn::dual<d1, 8>;
using erased = gandyn::basic_any_game<gandyn::scalars<double, d1, d2>>;

}  // namespace

// The game types erased here: one of each kind of field (a smooth loss, the linear loss with
// its penalties and clipping, the normalised critic, WGAN-QC, consensus with its J^T v inside).
// A visit over the registry's whole variant would compile every game on every scalar again,
// which registry/erase_game.hpp already does once for the program.
template <class Check>
void for_each_erased_kind(Check&& check) {
  using namespace gandyn;
  for (const std::string& name : test::all_game_names()) {
    for (const Eigen::Index n : {1, 2}) {
      const auto concrete = registry::make_game(name, {}, n);
      if (const auto* g = std::get_if<f_gan<Eigen::Dynamic, logistic_loss>>(&concrete)) check(*g);
      if (const auto* g = std::get_if<f_gan<Eigen::Dynamic, linear_loss>>(&concrete)) check(*g);
      if (const auto* g = std::get_if<normalised_wgan<Eigen::Dynamic>>(&concrete)) check(*g);
      if (const auto* g = std::get_if<wgan_qc<Eigen::Dynamic>>(&concrete)) check(*g);
      if (const auto* g = std::get_if<consensus<f_gan<Eigen::Dynamic, logistic_loss>>>(&concrete)) check(*g);
    }
  }
}

TEST_CASE("an erased game evaluates the field of the game it holds, on every scalar") {
  int checked = 0;
  for_each_erased_kind([&](const auto& g) {
    ++checked;
    const erased any(g);
    const test::vec x = test::random_vector(gandyn::state_dim(g), 7);
    CHECK(any.generator_dim() == g.generator_dim());
    CHECK(any.discriminator_dim() == g.discriminator_dim());
    // Plain numbers: bit for bit the same function.
    CHECK((any(x) - g(x)).norm() == 0);
    // First derivatives through the erased call: the Jacobian of the field.
    const auto through = [&](const auto& y) { return any(y.eval()); };
    const auto direct = [&](const auto& y) { return g(y.eval()); };
    CHECK((gandyn::jacobian(through, x) - gandyn::jacobian(direct, x)).norm() == 0);
    // Second derivatives: the Jacobian of one simgd step's Jacobian-vector product
    // evaluates the field on nested duals.
    const auto step_of = [](const auto& game) {
      return [&game](const auto& y) {
        const auto z = y.eval();
        return (z + 0.1 * gandyn::jacobian([&](const auto& w) { return game(w.eval()); }, z) * z).eval();
      };
    };
    CHECK((gandyn::jacobian(step_of(any), x) - gandyn::jacobian(step_of(g), x)).norm() == 0);
  });
  CHECK(checked > 20);
}

TEST_CASE("an erased game keeps its projection and where it is not differentiable") {
  gandyn::registry::game_parameters p;
  p.clip = 0.5;
  const auto wgan = std::get<gandyn::f_gan<Eigen::Dynamic, gandyn::linear_loss>>(gandyn::registry::make_game("wgan", p, 1));
  const erased any(wgan);
  test::vec x(2);
  x << 0.3, 2.0;
  CHECK(any.project(x));
  CHECK(x[1] == 0.5);  // psi clipped to [-c, c] (Arjovsky et al. 2017, Algorithm 1)
  CHECK_FALSE(any.project(x));

  const auto lp = std::get<gandyn::f_gan<Eigen::Dynamic, gandyn::linear_loss>>(gandyn::registry::make_game("wgan-lp", {}, 1));
  const erased erased_lp(lp);
  test::vec on_the_kink(2);  // wgan-lp's penalty max(0, ||psi|| - 1)^2 has a kink at ||psi|| = 1
  on_the_kink << 0.2, 1.0;
  CHECK(erased_lp.non_differentiable_reason(on_the_kink) == gandyn::non_differentiable_reason(lp, on_the_kink));
  CHECK(erased_lp.non_differentiable_reason(on_the_kink).has_value());
}

TEST_CASE("an erased game runs the update rules like the concrete game") {
  const auto g = std::get<gandyn::f_gan<Eigen::Dynamic, gandyn::logistic_loss>>(gandyn::registry::make_game("nsgan", {}, 2));
  const erased any(g);
  test::vec x = test::random_vector(4, 3), y = x;
  gandyn::extragradient rule;
  decltype(rule)::memory<test::vec> m1, m2;
  for (int k = 0; k < 20; ++k) {
    rule.step(g, x, m1, 0.1);
    rule.step(any, y, m2, 0.1);
  }
  CHECK((x - y).norm() == 0);
}
