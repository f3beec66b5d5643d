// The registry (docs/games.md, "Names" and "Parameters and defaults"): every name builds its
// game with the documented defaults, presets are combinations of a loss and regularisers, and
// bad names and parameters are errors in parameter names, with the closest valid name.
#include "support.hpp"

#include <gandyn/registry/parameters.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

using namespace gandyn;
using namespace gandyn::registry;
using test::vec;

TEST_CASE("every name of docs/games.md builds a game with its documented defaults") {
  for (const std::string& name : test::all_game_names()) {
    INFO(name);
    for (int n : {1, 3}) {
      const auto g = make_game(name, {}, n);
      std::visit([&](const auto& game) { CHECK(game.generator_dim() == n); }, g);
    }
  }
  const vec x = Eigen::Vector2d(0.8, 0.5);
  const double theta = 0.8, psi = 0.5;
  // wgan-gp: lambda 0.35, c 1 -> v_psi = theta - 2 lambda (1 - c/|psi|) psi
  CHECK(test::field(make_game("wgan-gp", {}), x)[1] == Approx(theta - 0.7 * (psi - 1)));
  // wgan-div: c = 0
  CHECK(test::field(make_game("wgan-div", {}), x)[1] == Approx(theta - 0.7 * psi));
  // -r1: gamma 0.3
  CHECK(test::field(make_game("wgan-r1", {}), x)[1] == Approx(theta - 0.3 * psi));
  // wgan: clip 1 is a projection, not part of the field
  CHECK(test::field(make_game("wgan", {}), x) == vec(Eigen::Vector2d(-psi, theta)));
}

TEST_CASE("presets are combinations: a regulariser adds the same term to any loss") {
  const vec x = test::random_vector(6, 5);
  const vec psi = x.tail(3);
  for (std::string_view base : base_game_names) {
    INFO(base);
    const vec plain = test::field(make_game(base, {}, 3), x);
    const vec r1 = test::field(make_game(std::string(base) + "-r1", {.gamma = 0.45}, 3), x);
    CHECK((r1.head(3) - plain.head(3)).norm() == 0);
    CHECK((r1.tail(3) - (plain.tail(3) - 0.45 * psi)).norm() < 1e-14);
  }
  // wgan-gp and wgan-lp are wgan plus their penalty's term
  const vec wgan = test::field(make_game("wgan", {}, 3), x);
  const vec gp = test::field(make_game("wgan-gp", {.lambda = 0.6, .c = 0.3}, 3), x);
  CHECK((gp.tail(3) - (wgan.tail(3) - 2 * 0.6 * (1 - 0.3 / psi.norm()) * psi)).norm() < 1e-14);
  const vec lp = test::field(make_game("wgan-lp", {.lambda = 0.6}, 3), x);
  CHECK((lp.tail(3) - (wgan.tail(3) - 2 * 0.6 * std::max(0.0, psi.norm() - 1) * psi / psi.norm())).norm() < 1e-14);
}

TEST_CASE("bad names and parameters are errors that name them") {
  const auto message = [](auto&& build) -> std::string {
    try {
      build();
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
    return "no error";
  };
  using Catch::Matchers::Contains;
  CHECK_THAT(message([] { make_game("dcgan", {}); }), Contains("unknown game 'dcgan'"));
  CHECK_THAT(message([] { make_game("gan-consensus-r1", {}); }), Contains("unknown game 'gan-consensus-r1'"));
  CHECK_THAT(message([] { make_game("gan-", {}); }), Contains("unknown game"));
  CHECK_THAT(message([] { make_game("wgan-noise", {}); }), Contains("-noise applies to gan, nsgan and nsgan-fm"));
  CHECK_THAT(message([] { make_game("wgan-gp", {.lambda = -1}); }), Contains("lambda must be"));
  CHECK_THAT(message([] { make_game("wgan-gp", {.c = std::nan("")}); }), Contains("c must be"));
  CHECK_THAT(message([] { make_game("gan-noise", {.sigma = INFINITY}); }), Contains("sigma must be"));
  CHECK_THAT(message([] { make_game("wgan", {.clip = 0}); }), Contains("clip must be a finite number > 0"));
  CHECK_THAT(message([] { make_game("gan", {.sigma = 0.5}); }), Contains("sigma does not apply to game 'gan'"));
  CHECK_THAT(message([] { make_game("wgan-div", {.c = 1}); }), Contains("c does not apply to game 'wgan-div'"));
  CHECK_THAT(message([] { make_game("gan", {.gamma = 0.5}); }), Contains("gamma does not apply"));
  CHECK_THAT(message([] { make_game("gan", {.data = {1, 2}}, 3); }), Contains("data has 2 values"));
  CHECK_THAT(message([] { make_game("gan", {.data = {NAN}}, 1); }), Contains("data must be finite"));
  CHECK_THAT(message([] { make_game("gan", {}, 0); }), Contains("dim must be an integer >= 1"));
  CHECK_THAT(message([] { make_game<2>("gan", {}, 3); }), Contains("compiled dimension 2"));
  CHECK(message([] { make_game("nsgan-r1-noise-consensus", {.gamma = 0.1, .sigma = 0.2}, 2); }) == "no error");
  // library words, not flags: the parameter is named as the C++ caller wrote it
  CHECK_THAT(message([] { make_game("gan", {.gamma = 0.5}); }), !Contains("--"));
  // a near miss gets the closest valid name
  CHECK_THAT(message([] { make_game("nsgan-r2", {}); }), Contains("did you mean 'nsgan-r1'?"));
  try {
    make_game("gan", {.gamma = 0.5});
  } catch (const parameter_error& e) {
    CHECK(e.parameter() == "gamma");
    CHECK(e.spelled([](const std::string& name) { return "--" + name; }) == "--gamma does not apply to game 'gan'");
  }
}

TEST_CASE("hinge, lsgan and the classic games by name, with their parameters and domains", "[classic]") {
  const vec x = Eigen::Vector2d(0.8, 0.5);
  // hinge: v = (-psi, [psi theta < 1] theta) near 0; lsgan: v = (-(psi theta) psi, (1 - psi theta) theta).
  CHECK(test::field(make_game("hinge", {}), x) == vec(Eigen::Vector2d(-0.5, 0.8)));
  CHECK((test::field(make_game("lsgan-r1", {}), x) - vec(Eigen::Vector2d(-0.4 * 0.5, 0.6 * 0.8 - 0.3 * 0.5))).norm() <
        1e-15);
  CHECK(std::holds_alternative<consensus<f_gan<Eigen::Dynamic, least_squares_loss>>>(make_game("lsgan-consensus", {})));
  // bilinear with coupling a: v = (-a psi, a theta), any dimension.
  const vec x4 = test::random_vector(4, 9);
  const vec v = test::field(make_game("bilinear", {.coupling = -3}, 2), x4);
  CHECK((v.head(2) - 3 * x4.tail(2)).norm() < 1e-15);
  CHECK((v.tail(2) + 3 * x4.head(2)).norm() < 1e-15);
  // linear-wgan-mean: x* = (3, 4) by default, v = (psi, x* - theta)
  const vec w = test::field(make_game("linear-wgan-mean", {}, 2), x4);
  CHECK((w - (vec(4) << x4[2], x4[3], 3 - x4[0], 4 - x4[1]).finished()).norm() < 1e-15);
  const vec w1 = test::field(make_game("linear-wgan-mean", {.data = {-1, 2}}, 2), x4);
  CHECK(w1[2] == Approx(-1 - x4[0]));
  CHECK(test::field(make_game("tandem", {}), x) == vec(Eigen::Vector2d(2 - 2 * 1.3, 2 - 2 * 1.3)));
  CHECK(test::field(make_game("matching-pennies", {}), vec(vec::Zero(2))).norm() == 0);
  // the known equilibria
  CHECK(std::visit([](const auto& g) -> vec { return known_equilibrium(g); }, make_game("tandem", {})) ==
        vec(Eigen::Vector2d(0.5, 0.5)));
  CHECK(std::visit([](const auto& g) -> vec { return known_equilibrium(g); }, make_game("linear-wgan-mean", {}, 2)) ==
        (vec(4) << 3, 4, 0, 0).finished());

  const auto message = [](auto&& build) -> std::string {
    try {
      build();
    } catch (const parameter_error& e) {
      return e.parameter() + ": " + e.what();
    }
    return "no error";
  };
  using Catch::Matchers::Contains;
  CHECK_THAT(message([] { make_game("tandem", {}, 2); }), Contains("dim") && Contains("must be 1"));
  CHECK_THAT(message([] { make_game("bilinear", {.coupling = NAN}); }), Contains("coupling must be a finite number"));
  CHECK_THAT(message([] { make_game("gan", {.coupling = 2}); }), Contains("coupling does not apply to game 'gan'"));
  CHECK_THAT(message([] { make_game("tandem", {.data = {1}}); }), Contains("data does not apply"));
  CHECK_THAT(message([] { make_game("bilinear-r1", {}); }), Contains("take no modifiers"));
  CHECK_THAT(message([] { make_game("hinge-noise", {}); }), Contains("-noise applies to gan, nsgan and nsgan-fm"));
  CHECK_THAT(message([] { make_game("lsgam", {}); }), Contains("did you mean 'lsgan'"));
}

// The program's and the module's numbers in text: the C library's "%.17g" written out
// independently, and a read back that gives the same double.
TEST_CASE("full_precision writes what printf's %.17g writes, and reads back exactly") {
  const double values[] = {0.0, -0.0, 1.0, -2.5, 0.1, 1.0 / 3.0, 0.46585553408839159, 1e-300, 4.9e-324,
                           -2.2250738585072014e-308, 1.7976931348623157e308, 123456789012345678.0, 1e16,
                           1e17, 1e-5, 1e-4, std::nextafter(1.0, 2.0), INFINITY, -INFINITY};
  for (const double x : values) {
    char expected[40];
    std::snprintf(expected, sizeof expected, "%.17g", x);
    INFO(expected);
    CHECK(full_precision(x) == expected);
    if (std::isfinite(x)) CHECK(std::strtod(full_precision(x).c_str(), nullptr) == x);
  }
  std::string row = "cell";
  append_full_precision(row, -0.75);
  CHECK(row == "cell-0.75");
}
