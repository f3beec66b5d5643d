// Lyapunov spectra of many starts in SIMD lanes (analysis/lyapunov_lanes.hpp; docs/batched.md)
// against the single-start path they reproduce (analysis/lyapunov.hpp, whose step Jacobians come
// from dual<double, 8> over run-time-size vectors): for gan, nsgan-r1, wgan-gp (n = 1 and, with
// x* != 0, n = 2) and nsgan with instance noise, under simgd, altgd and the RK4 flow, every
// start's verdict, divergence step, exponents and last state. Eleven starts, so that the last
// group of W lanes is padded; some escape during the transient, some after it (large steps).
// A start's numbers do not depend on its lane, its group or the batch width.
#include <gandyn/analysis/lyapunov.hpp>
#include <gandyn/analysis/lyapunov_lanes.hpp>
#include <gandyn/dynamics/rules/altgd.hpp>
#include <gandyn/dynamics/rules/simgd.hpp>
#include <gandyn/games/f_gan.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

using namespace gandyn;

namespace {

constexpr double tolerance = 1e-12;  // relative to max(1, |x|)

// What the comparisons have seen, so that the test fails if a case it means to cover is gone.
struct coverage {
  int finished = 0, diverged_in_transient = 0, diverged_after_transient = 0;
};

bool close(double a, double b) {
  if (a == b) return true;  // also equal infinities (a frame squeezed to rank < m: log 0)
  return std::abs(a - b) <= tolerance * std::max(1.0, std::abs(b));
}

// One start: the lanes' result against the single-start result.
void check_same(const std::string& name, Eigen::Index j, const lyapunov_result& lanes, const lyapunov_result& one,
                long transient, coverage& seen) {
  INFO(name << ", start " << j);
  REQUIRE(lanes.ended.status == one.ended.status);
  REQUIRE(lanes.ended.step == one.ended.step);
  REQUIRE(lanes.exponents.size() == one.exponents.size());
  for (Eigen::Index i = 0; i < one.exponents.size(); ++i) {
    INFO("exponent " << i << ": " << lanes.exponents[i] << " against " << one.exponents[i]);
    CHECK(close(lanes.exponents[i], one.exponents[i]));
  }
  REQUIRE(lanes.last.size() == one.last.size());
  CHECK((lanes.last - one.last).norm() <= tolerance * std::max(1.0, one.last.norm()));
  if (one.ended.status == run_status::finished) {
    ++seen.finished;
  } else if (one.ended.step <= transient) {
    ++seen.diverged_in_transient;
  } else {
    ++seen.diverged_after_transient;
  }
}

// simgd, altgd and the flow on every column of `starts`, in lanes and one start at a time.
template <class G>
void check_game(const std::string& name, const G& g, const Eigen::MatrixXd& starts, double h_map, double h_flow,
                const lyapunov_options& o, coverage& seen) {
  const long transient = detail::lyapunov_transient(o);
  const auto maps = [&](const std::string& rule_name, const auto& rule) {
    const std::vector<lyapunov_result> lanes = map_lyapunov_lanes(rule, g, starts, h_map, o);
    REQUIRE(lanes.size() == static_cast<std::size_t>(starts.cols()));
    for (Eigen::Index j = 0; j < starts.cols(); ++j)
      check_same(name + " " + rule_name, j, lanes[static_cast<std::size_t>(j)],
                 map_lyapunov(rule, g, starts.col(j), h_map, o), transient, seen);
  };
  maps("simgd", simgd{});
  maps("altgd", altgd{});
  const std::vector<lyapunov_result> lanes = flow_lyapunov_lanes(g, starts, h_flow, o);
  REQUIRE(lanes.size() == static_cast<std::size_t>(starts.cols()));
  for (Eigen::Index j = 0; j < starts.cols(); ++j)
    check_same(name + " flow", j, lanes[static_cast<std::size_t>(j)], flow_lyapunov(g, starts.col(j), h_flow, o),
               transient, seen);
}

// Eleven starts [theta; psi] of a 1-D Dirac-GAN on rays of growing radius, the last one (radius 6)
// beyond the bound 5 used below; for n = 2 the second coordinates of both players as well.
Eigen::MatrixXd starts_for(Eigen::Index n) {
  const double radii[11] = {0.001, 0.05, 0.3, 0.5, 0.8, 1.0, 1.6, 2.2, 3.0, 4.0, 6.0};
  Eigen::MatrixXd starts(2 * n, 11);
  for (Eigen::Index j = 0; j < 11; ++j) {
    const double r = radii[j], angle = 0.3 + 2.1 * static_cast<double>(j);
    starts(0, j) = r * std::cos(angle);
    starts(n, j) = r * std::sin(angle);
    if (n == 2) {
      starts(1, j) = 0.3 * r * std::sin(2 * angle);
      starts(3, j) = -0.2 * r * std::cos(3 * angle);
    }
  }
  return starts;
}

bool identical(const lyapunov_result& a, const lyapunov_result& b) {
  return a.ended.status == b.ended.status && a.ended.step == b.ended.step && a.exponents.size() == b.exponents.size() &&
         (a.exponents.array() == b.exponents.array()).all() && a.last.size() == b.last.size() &&
         (a.last.array() == b.last.array()).all();
}

}  // namespace

TEST_CASE("Lyapunov spectra in lanes are those of each start alone", "[lanes][lyapunov]") {
  const f_gan<1> gan{};
  const f_gan<1> nsgan_r1{.objective = generator_objective::non_saturating, .penalty = {.r1 = 0.3}};
  const f_gan<1, linear_loss> wgan_gp{.penalty = {.gp_lambda = 1}};
  const f_gan<2, linear_loss> wgan_gp_2{.penalty = {.gp_lambda = 1}, .data = Eigen::Vector2d(0.5, -1.0)};
  const Eigen::MatrixXd one = starts_for(1), two = starts_for(2);
  const lyapunov_options o{.steps = 400, .bound = 5};
  coverage seen;
  SECTION("stable steps: finished runs, and escapes during the transient") {
    check_game("gan", gan, one, 0.5, 0.05, o, seen);
    check_game("nsgan-r1", nsgan_r1, one, 0.5, 0.05, o, seen);
    check_game("wgan-gp", wgan_gp, one, 0.5, 0.05, o, seen);
    check_game("wgan-gp n = 2", wgan_gp_2, two, 0.3, 0.05, o, seen);
    CHECK(seen.finished > 0);
    CHECK(seen.diverged_in_transient > 0);
  }
  SECTION("unstable steps: escapes at many steps, after the transient too") {
    check_game("gan", gan, one, 3.0, 6.0, o, seen);
    check_game("nsgan-r1", nsgan_r1, one, 3.0, 6.0, o, seen);
    CHECK(seen.diverged_in_transient > 0);
    CHECK(seen.diverged_after_transient > 0);
  }
  SECTION("instance noise: Gauss-Hermite lanes and Gauss-Legendre lanes in one batch") {
    // s = sigma |psi| from 0 to 1.8 over the starts: both quadratures (the switch at s = 1.5).
    const f_gan<1> noisy{.objective = generator_objective::non_saturating, .noise_sigma = 0.6};
    check_game("nsgan-noise", noisy, one, 0.5, 0.05, {.steps = 60, .bound = 5}, seen);
    CHECK(seen.finished > 0);
  }
}

TEST_CASE("a start's spectrum in lanes does not depend on its lane, group or batch width", "[lanes][lyapunov]") {
  const f_gan<1> gan{};
  Eigen::MatrixXd starts = starts_for(1);
  // One start in lanes 0 and 5 of the first group, and in the second group at a lane of its own
  // and at the last column (whose copies pad the group).
  const Eigen::Vector2d start(0.8, -0.45);
  const Eigen::Index at[] = {0, 5, default_lanes + 1, starts.cols() - 1};
  for (const Eigen::Index j : at) starts.col(j) = start;
  const lyapunov_options o{.steps = 400, .bound = 5};
  const auto map = map_lyapunov_lanes(simgd{}, gan, starts, 0.5, o);
  const auto flow = flow_lyapunov_lanes(gan, starts, 0.05, o);
  const auto map_4 = map_lyapunov_lanes<4>(simgd{}, gan, starts, 0.5, o);
  const auto flow_4 = flow_lyapunov_lanes<4>(gan, starts, 0.05, o);
  REQUIRE(map[0].ended.status == run_status::finished);
  for (const Eigen::Index j : at) {
    INFO("column " << j);
    CHECK(identical(map[static_cast<std::size_t>(j)], map[0]));
    CHECK(identical(flow[static_cast<std::size_t>(j)], flow[0]));
  }
  for (std::size_t j = 0; j < map.size(); ++j) {
    INFO("column " << j << ", W = 4 against W = " << default_lanes);
    CHECK(identical(map_4[j], map[j]));
    CHECK(identical(flow_4[j], flow[j]));
  }
}

TEST_CASE("Lyapunov spectra in lanes refuse what the single-start functions refuse", "[lanes][lyapunov]") {
  const f_gan<1> gan{};
  const Eigen::MatrixXd starts = starts_for(1);
  for (const double h : {0.0, -0.1, std::numeric_limits<double>::infinity(), std::numeric_limits<double>::quiet_NaN()}) {
    CHECK_THROWS_AS(map_lyapunov_lanes(simgd{}, gan, starts, h), std::invalid_argument);
    CHECK_THROWS_AS(flow_lyapunov_lanes(gan, starts, h), std::invalid_argument);
  }
  CHECK_THROWS_AS(map_lyapunov_lanes(simgd{}, gan, starts_for(2), 0.1), std::invalid_argument);
  CHECK_THROWS_AS(flow_lyapunov_lanes(gan, starts_for(2), 0.1), std::invalid_argument);
  CHECK_THROWS_AS(map_lyapunov_lanes(simgd{}, gan, starts, 0.1, {.steps = 0}), std::invalid_argument);
  CHECK_THROWS_AS(flow_lyapunov_lanes(gan, starts, 0.1, {.steps = 10, .transient = 10}), std::invalid_argument);
  CHECK_THROWS_AS(map_lyapunov_lanes(simgd{}, gan, starts, 0.1, {.steps = 10, .bound = 0}), std::invalid_argument);
  CHECK(map_lyapunov_lanes(simgd{}, gan, Eigen::MatrixXd(2, 0), 0.1).empty());
}
