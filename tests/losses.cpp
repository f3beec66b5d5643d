// The losses' slopes (docs/conventions.md, "The loss family"): f(t) = -log(1 + e^-t) has
// f'(t) = sigmoid(-t) = 1 / (1 + e^t) and f''(t) = -f'(t) f'(-t), each checked against the closed
// form written out here (no cancellation for either sign of t) and against central differences
// of f itself, in double, float and long double.
#include "support.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

namespace {

using ld = long double;

ld f_literal(ld t) { return -std::log1p(std::exp(-t)); }
ld df_literal(ld t) { return 1 / (1 + std::exp(t)); }

// Central difference of a long-double function, step h.
template <class F>
ld derivative_fd(const F& f, ld t, ld h = 1e-5L) {
  return (f(t + h) - f(t - h)) / (2 * h);
}

}  // namespace

TEST_CASE("f'(t) and f'(-t) from one exponential keep full relative precision where they are tiny") {
  // Reference: 1 / (1 + e^t) written out, which has no cancellation for either sign of t
  // (logistic loss, f'(t) = sigmoid(-t); docs/conventions.md, "The loss family").
  for (double t : {-700.0, -40.0, -3.5, -1e-9, 0.0, 1e-9, 0.7, 40.0, 700.0}) {
    INFO("t = " << t);
    const auto [d1, reflected] = gandyn::logistic_loss::df_pair(t);
    const double expect = 1 / (1 + std::exp(t)), expect_reflected = 1 / (1 + std::exp(-t));
    CHECK(d1 == Approx(expect).epsilon(1e-15).margin(0));
    CHECK(reflected == Approx(expect_reflected).epsilon(1e-15).margin(0));
    const auto [slope, curvature] = gandyn::logistic_loss::slopes(t);
    // the slope against the closed form, not against df_pair (the same code)
    CHECK(slope == Approx(expect).epsilon(1e-15).margin(0));
    CHECK(curvature == Approx(-expect * expect_reflected).epsilon(1e-15).margin(0));
    CHECK(gandyn::logistic_loss::df(t) == Approx(expect).epsilon(1e-15).margin(0));
    CHECK(gandyn::logistic_loss::d2f(t) == Approx(-expect * expect_reflected).epsilon(1e-15).margin(0));
  }
  const auto [one, also_one] = gandyn::linear_loss::df_pair(3.0);
  CHECK(one == 1);
  CHECK(also_one == 1);
}

TEST_CASE("f' and f'' are the derivatives of f: central differences of the loss itself") {
  for (double t : {-30.0, -3.5, -0.4, 0.0, 0.7, 2.0, 15.0}) {
    INFO("t = " << t);
    // f against -log(1 + e^-t) written out, then its slope and curvature by differences
    CHECK(gandyn::logistic_loss::f(t) == Approx(static_cast<double>(f_literal(t))).epsilon(1e-15));
    const ld slope_fd = derivative_fd(f_literal, t);
    const ld curvature_fd = derivative_fd(df_literal, t);
    const auto [slope, curvature] = gandyn::logistic_loss::slopes(t);
    CHECK(slope == Approx(static_cast<double>(slope_fd)).epsilon(1e-8).margin(1e-14));
    CHECK(curvature == Approx(static_cast<double>(curvature_fd)).epsilon(1e-8).margin(1e-14));
  }
  // linear: f(t) = t, f' = 1, f'' = 0
  const auto [d1, d2] = gandyn::linear_loss::slopes(-2.5);
  CHECK(d1 == 1);
  CHECK(d2 == 0);
  CHECK(gandyn::linear_loss::f(-2.5) == -2.5);
}

TEMPLATE_TEST_CASE("the logistic slopes in each scalar type, to a few units of its epsilon", "", double, float,
                   long double) {
  using S = TestType;
  const ld eps = std::numeric_limits<S>::epsilon();
  for (double t : {-80.0, -20.0, -3.5, -0.25, 0.0, 0.7, 20.0, 80.0}) {
    INFO("t = " << t);
    const S ts = static_cast<S>(t);
    const ld expect = df_literal(ts), expect_reflected = df_literal(-static_cast<ld>(ts));
    const auto [d1, reflected] = gandyn::logistic_loss::df_pair(ts);
    static_assert(std::is_same_v<std::remove_cv_t<decltype(d1)>, S>);
    CHECK(std::abs(d1 - expect) <= 8 * eps * expect);
    CHECK(std::abs(reflected - expect_reflected) <= 8 * eps * expect_reflected);
    const auto [slope, curvature] = gandyn::logistic_loss::slopes(ts);
    CHECK(std::abs(slope - expect) <= 8 * eps * expect);
    CHECK(std::abs(curvature + expect * expect_reflected) <= 16 * eps * expect * expect_reflected);
  }
}
