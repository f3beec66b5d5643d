// Trajectories in SIMD lanes (core/batch.hpp, dynamics/iterate_lanes.hpp; docs/batched.md)
// against the scalar path they reuse: the batch scalar lane by lane against double
// arithmetic and the C library, and iterate_lanes against gandyn::iterate one trajectory at
// a time (with stop_on_divergence's test) for every game of the catalogue without consensus,
// every update rule and RK4, at n = 1 (fixed size), n = 2 (fixed) and n = 3 (run-time size).
#include "support.hpp"

#include <gandyn/analysis/basin_lanes.hpp>
#include <gandyn/core/batch.hpp>
#include <gandyn/dynamics/iterate_lanes.hpp>
#include <gandyn/games/instance_noise.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

using namespace gandyn;

namespace {

constexpr int W = default_lanes;
using B = batch<W>;

B from(const Eigen::VectorXd& v) { return B::load(v.data()); }

// The scalar path: gandyn::iterate with the rule's stepper (or Odeint's RK4), the divergence
// test of stop_on_divergence after every step (and on x_0), the run not stopped.
template <class State, class Method, class G>
State scalar_run(const Method& method, const G& g, State x, long steps, double h, double bound, long& diverged_at) {
  diverged_at = -1;
  const auto observe = [&](const State& y, long k, double) {
    if (diverged_at < 0 && !(y.allFinite() && y.norm() <= bound)) diverged_at = k;
    return true;
  };
  if constexpr (std::is_same_v<Method, rk4_method>) {
    rk4<State> stepper;
    iterate(stepper, g, x, steps, h, observe);
  } else {
    auto stepper = make_stepper<State>(method);
    iterate(stepper, g, x, steps, h, observe);
  }
  return x;
}

// Every column of `starts` through both paths: states to 1e-12 relative (of max(1, ||x||)),
// the divergence flag and its step exactly.
template <class Method, class G>
void check_lanes(const std::string& name, const Method& method, const G& g, const Eigen::MatrixXd& starts, long steps,
                 double h, double bound = 1e10) {
  Eigen::MatrixXd lanes = starts;
  const lanes_result r = iterate_lanes(method, g, lanes, steps, h, bound);
  using State = state_of<G>;
  for (Eigen::Index j = 0; j < starts.cols(); ++j) {
    long diverged_at = -1;
    const State x = scalar_run(method, g, State(starts.col(j)), steps, h, bound, diverged_at);
    INFO(name << ", trajectory " << j);
    CHECK(r.diverged[j] == (diverged_at >= 0));
    CHECK(r.diverged_step[j] == diverged_at);
    if (diverged_at < 0) CHECK((lanes.col(j) - x).norm() <= 1e-12 * std::max(1.0, x.norm()));
  }
}

template <int N>
void every_game_and_rule(Eigen::Index n, long steps, double h, double scale) {
  const Eigen::MatrixXd starts = test::random_vector(2 * n * (2 * W + 3), 11, scale).reshaped(2 * n, 2 * W + 3);
  for (const std::string name : {"gan", "nsgan", "nsgan-fm", "wgan", "wgan-norm", "wgan-gp", "wgan-div", "wgan-lp",
                                 "wgan-qc", "gan-r1", "nsgan-r1", "wgan-gp-r1", "gan-noise", "nsgan-noise",
                                 "nsgan-fm-noise"}) {
    registry::game_parameters p;
    if (n == 2) p.data = {0.5, -1.0};  // x* away from 0: the real sample's slopes in lanes too
    const auto game = registry::make_game<N>(name, p, n);
    std::visit(
        [&](const auto& g) {
          if constexpr (!requires { g.game; }) {
            check_lanes(name + " simgd", simgd{.discriminator_scale = 2}, g, starts, steps, h);
            check_lanes(name + " altgd", altgd{.order = {.nd = 2}}, g, starts, steps, h);
            check_lanes(name + " altgd d-first", altgd{.order = {.discriminator_first = true}}, g, starts, steps, h);
            check_lanes(name + " extragradient", extragradient{}, g, starts, steps, h);
            check_lanes(name + " optimistic", optimistic{}, g, starts, steps, h);
            check_lanes(name + " momentum", momentum{.beta = -0.3}, g, starts, steps, h);
            // Adam and RMSProp divide by the root of the gradient's running mean square: near the
            // equilibrium, where the gradient is a small difference of larger terms, they turn
            // the last-bit difference of the two exponentials (Eigen's and the C library's)
            // into steps of relative size 1 (seen: 7e-9 after 200 steps). Compared over 30 steps.
            check_lanes(name + " adam", adam{.beta1 = 0.5}, g, starts, 30, h);
            check_lanes(name + " rmsprop alternating", rmsprop{.alternate = alternation{}}, g, starts, 30, h);
            check_lanes(name + " rk4", rk4_method{}, g, starts, steps, h);
          }
        },
        game);
  }
}

}  // namespace

TEST_CASE("a batch computes lane by lane what double arithmetic computes", "[lanes]") {
  const Eigen::VectorXd a = test::random_vector(W, 1, 30), b = test::random_vector(W, 2, 3);
  const B x = from(a), y = from(b);
  for (int l = 0; l < W; ++l) {
    INFO("lane " << l);
    CHECK((x + y).lane(l) == a[l] + b[l]);
    CHECK((x - y).lane(l) == a[l] - b[l]);
    CHECK((x * y).lane(l) == a[l] * b[l]);
    CHECK((x / y).lane(l) == a[l] / b[l]);
    CHECK((-x).lane(l) == -a[l]);
    CHECK(sqrt(abs(x)).lane(l) == std::sqrt(std::abs(a[l])));  // correctly rounded, as the C library's
    CHECK(min(x, y).lane(l) == std::min(a[l], b[l]));
    CHECK(max(x, y).lane(l) == std::max(a[l], b[l]));
    CHECK(std::abs(exp(x).lane(l) - std::exp(a[l])) <= 4e-16 * std::exp(a[l]));
    CHECK((x < y)[l] == (a[l] < b[l]));
    CHECK((x >= y)[l] == (a[l] >= b[l]));
    CHECK(select(x < y, x, y).lane(l) == (a[l] < b[l] ? a[l] : b[l]));
  }
  CHECK(any(x == x));
  CHECK_FALSE(any(x != x));
  CHECK(all(x == x));
  B nan = x;
  nan.set_lane(W - 1, std::numeric_limits<double>::quiet_NaN());
  CHECK_FALSE(all(nan == nan));  // NaN compares unequal to itself, lane by lane
  CHECK((nan == nan)[0]);
}

TEST_CASE("the Gauss-Hermite rule agrees with the composite rule where it is used (s <= 1.5)", "[lanes]") {
  // Two independent quadratures of E f'(m + s eta), E f''(m + s eta) (games/instance_noise.hpp).
  for (double s : {0.0, 0.3, 0.9, 1.2, 1.49, 1.5}) {
    for (double m : {-30.0, -4.0, -0.7, 0.0, 0.33, 2.0, 9.0}) {
      INFO("s = " << s << ", m = " << m);
      const auto gh = detail::hermite_expectation<logistic_loss>(m, s);
      const auto gl = detail::legendre_expectation<logistic_loss>(m, s);
      CHECK(std::abs(gh.d1 - gl.d1) <= 1e-13);
      CHECK(std::abs(gh.d2 - gl.d2) <= 1e-13);
    }
  }
}

TEST_CASE("noisy slopes in lanes take each lane's own rule", "[lanes]") {
  // s on both sides of 1.5 in one batch: each lane equals the scalar expectation at its (m, s).
  const Eigen::VectorXd m = test::random_vector(W, 3, 4), s = test::random_vector(W, 4, 3).cwiseAbs();
  const noisy_slopes<B> lanes = noisy_expectation<logistic_loss>(from(m), from(s));
  for (int l = 0; l < W; ++l) {
    const noisy_slopes<double> one = noisy_expectation<logistic_loss>(m[l], s[l]);
    INFO("lane " << l << ", s = " << s[l]);
    CHECK(std::abs(lanes.d1.lane(l) - one.d1) <= 1e-15);
    CHECK(std::abs(lanes.d2.lane(l) - one.d2) <= 1e-15);
  }
}

TEST_CASE("iterate_lanes follows iterate for every game and rule, n = 1", "[lanes]") {
  every_game_and_rule<1>(1, 200, 0.05, 2);
}

TEST_CASE("iterate_lanes follows iterate for every game and rule, n = 2 with data away from 0", "[lanes]") {
  every_game_and_rule<2>(2, 100, 0.05, 1.5);
}

TEST_CASE("iterate_lanes follows iterate at run-time size, n = 3", "[lanes]") {
  const Eigen::MatrixXd starts = test::random_vector(6 * (W + 1), 5, 1).reshaped(6, W + 1);
  const auto game = registry::make_game("wgan-gp-r1", {}, 3);
  std::visit(
      [&](const auto& g) {
        if constexpr (!requires { g.game; }) {
          check_lanes("wgan-gp-r1 simgd", simgd{}, g, starts, 100, 0.05);
          check_lanes("wgan-gp-r1 adam", adam{}, g, starts, 100, 0.05);
          check_lanes("wgan-gp-r1 rk4", rk4_method{}, g, starts, 100, 0.05);
        }
      },
      game);
}

TEST_CASE("iterate_lanes flags divergence at the step stop_on_divergence would", "[lanes]") {
  // simgd spirals out of gan (Mescheder et al. 2018, section 2.2): a small bound is crossed.
  const Eigen::MatrixXd starts = test::random_vector(2 * 40, 6, 2).reshaped(2, 40);
  check_lanes("gan simgd, bound 2.5", simgd{}, gan<1>(), starts, 60, 0.5, 2.5);
  // Non-finite starts are flagged at step 0 and leave the other lanes alone.
  Eigen::MatrixXd x = Eigen::MatrixXd::Constant(2, 3, 0.5);
  x(0, 1) = std::numeric_limits<double>::quiet_NaN();
  x(1, 2) = std::numeric_limits<double>::infinity();
  const lanes_result r = iterate_lanes(simgd{}, nsgan<1>(), x, 10, 0.1);
  CHECK_FALSE(r.diverged[0]);
  CHECK(r.diverged_step[1] == 0);
  CHECK(r.diverged_step[2] == 0);
  CHECK(std::isfinite(x(0, 0)));
}

TEST_CASE("a trajectory's numbers do not depend on its lane or its neighbours", "[lanes]") {
  // The same start in every position of a group, among different neighbours, and alone (the
  // padded tail): bit for bit the same final state. wgan-lp and clipped wgan exercise the
  // selects, nsgan-noise the per-lane choice of quadrature (neighbours with s > 1.5).
  const Eigen::Vector2d start(0.7, -0.4);
  for (const std::string name : {"nsgan", "wgan-lp", "wgan", "nsgan-noise"}) {
    const auto game = registry::make_game<1>(name, {}, 1);
    std::visit(
        [&](const auto& g) {
          if constexpr (!requires { g.game; }) {
            Eigen::MatrixXd alone = start;
            iterate_lanes(altgd{}, g, alone, 150, 0.05);
            for (int position = 0; position < W; position += 5) {
              Eigen::MatrixXd many = test::random_vector(2 * W, 7 + position, 3).reshaped(2, W);
              many.col(position) = start;
              iterate_lanes(altgd{}, g, many, 150, 0.05);
              INFO(name << ", lane " << position);
              CHECK(many(0, position) == alone(0, 0));
              CHECK(many(1, position) == alone(1, 0));
            }
          }
        },
        game);
  }
}

TEST_CASE("iterate_lanes refuses states that do not fit the game", "[lanes]") {
  Eigen::MatrixXd wrong = Eigen::MatrixXd::Zero(3, 4);
  CHECK_THROWS_AS(iterate_lanes(simgd{}, nsgan<1>(), wrong, 1, 0.1), std::invalid_argument);
  Eigen::MatrixXd right = Eigen::MatrixXd::Zero(2, 4);
  CHECK_THROWS_AS(iterate_lanes(simgd{}, nsgan<1>(), right, -1, 0.1), std::invalid_argument);
}

namespace {

// The scalar path of a basin label: gandyn::iterate on one start with the run_recorder that
// `gandyn simulate` uses, then label_rows on its rows.
template <class Method, class G>
basin_result single_run_label(const Method& method, const G& g, Eigen::Vector2d x, const Eigen::Vector2d& centre,
                              const lanes_basin_run& run) {
  run_recorder<Eigen::Vector2d> record(run.every, std::nullopt, run.bound, centre, std::nullopt);
  const auto observe = [&](const Eigen::Vector2d& y, long k, double) { return record(y, k, static_cast<double>(k) * run.h); };
  if constexpr (std::is_same_v<Method, rk4_method>) {
    rk4<Eigen::Vector2d> stepper;
    iterate(stepper, g, x, run.steps, run.h, observe);
  } else {
    auto stepper = make_stepper<Eigen::Vector2d>(method);
    iterate(stepper, g, x, run.steps, run.h, observe);
  }
  const std::optional<double> dt = run.flow ? std::optional<double>(run.h * static_cast<double>(run.every)) : std::nullopt;
  return label_trajectory(record.rows.states, centre, record.finish(run.steps), dt, run.options);
}

}  // namespace

TEST_CASE("basin labels in lanes are the single runs' labels", "[lanes]") {
  // Runs whose fates differ (docs/analysis.md, "Basins"): gan-r1 converges, simgd on nsgan keeps
  // closed curves for h <= 2, the wgan flow circles, simgd on gan spirals out past a small bound,
  // altgd on wgan-gp recorded every third step. 2 W + 3 starts each: a padded last group.
  struct example {
    std::string game;
    std::variant<simgd, altgd, rk4_method> method;
    lanes_basin_run run;
  };
  const std::vector<example> examples{
      {"gan-r1", simgd{}, {.steps = 800, .h = 0.1}},
      {"nsgan", simgd{}, {.steps = 400, .h = 1.0, .every = 2}},
      {"wgan", rk4_method{}, {.steps = 600, .h = 0.05, .flow = true}},
      {"gan", simgd{}, {.steps = 200, .h = 0.5, .bound = 2.5}},
      {"wgan-gp", altgd{}, {.steps = 500, .h = 0.2, .every = 3}},
  };
  const Eigen::MatrixXd starts = test::random_vector(2 * (2 * W + 3), 12, 2).reshaped(2, 2 * W + 3);
  std::set<basin_label> seen;
  for (const example& e : examples) {
    const auto game = registry::make_game<1>(e.game, {}, 1);
    std::visit(
        [&](const auto& g, const auto& method) {
          if constexpr (!requires { g.game; }) {
            const Eigen::Vector2d centre = Eigen::Vector2d::Zero();  // x* = 0 for these games
            const std::vector<basin_result> lanes = basin_labels_in_lanes(method, g, starts, centre, e.run);
            REQUIRE(lanes.size() == static_cast<std::size_t>(starts.cols()));
            for (Eigen::Index j = 0; j < starts.cols(); ++j) {
              const basin_result one = single_run_label(method, g, starts.col(j), centre, e.run);
              const basin_result& b = lanes[static_cast<std::size_t>(j)];
              INFO(e.game << ", start " << j << ": " << to_string(one.label) << " " << one.reason);
              CHECK(b.label == one.label);
              CHECK(b.behaviour == one.behaviour);
              CHECK(std::abs(b.final_distance - one.final_distance) <= 1e-10 * std::max(1.0, one.final_distance));
              REQUIRE(b.period.has_value() == one.period.has_value());
              if (one.period) CHECK(std::abs(*b.period - *one.period) <= 1e-9 * *one.period);
              seen.insert(one.label);
            }
          }
        },
        game, e.method);
  }
  // The examples reach the labels they were chosen for.
  CHECK(seen.count(basin_label::converged) == 1);
  CHECK(seen.count(basin_label::cycle) == 1);
  CHECK(seen.count(basin_label::diverged) == 1);
}
