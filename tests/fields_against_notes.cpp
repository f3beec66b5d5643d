// The fields against the notes' formulas written out literally, conserved quantities,
// equilibria, singular points and scalar types.
#include "support.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

using namespace gandyn;
using namespace gandyn::registry;
using test::vec;

namespace {

long double sigmoid_ld(long double t) { return 1.0L / (1.0L + std::exp(-t)); }

// dirac-gan-convergence.zh.txt writes theta_G, theta_D with D(x) = x . theta_D; our
// psi = -theta_D (docs/conventions.md, "Relation to dirac-gan-convergence.zh.txt"). These return (d theta_D/dt, d theta_G/dt) as the note prints them.
struct note_rates {
  test::lvec d_theta_d, d_theta_g;
};

// "分析non-saturating GAN": (-sigma(tG.tD) tG, (1 - sigma(tG.tD)) tD)
note_rates note_nsgan(const test::lvec& tg, const test::lvec& td) {
  const long double s = sigmoid_ld(tg.dot(td));
  return {-s * tg, (1 - s) * td};
}
// "分析WGAN": (-tG/||tD|| + (tG.tD) tD/||tD||^3, tD/||tD||)
note_rates note_wgan_norm(const test::lvec& tg, const test::lvec& td) {
  const long double n = td.norm();
  return {(-tg / n + tg.dot(td) * td / (n * n * n)).eval(), (td / n).eval()};
}
// "分析WGAN-GP和WGAN-div": (-tG - 2 lambda (1 - c/||tD||) tD, tD)
note_rates note_wgan_gp(const test::lvec& tg, const test::lvec& td, long double lambda, long double c) {
  return {(-tg - 2 * lambda * (1 - c / td.norm()) * td).eval(), td};
}

// Compare our v at (theta, psi) = (tG, -tD) with the note: v_theta = d tG/dt, v_psi = -d tD/dt.
void check_against_note(const gandyn::registry::dirac_game<>& g, const test::lvec& tg, const test::lvec& td,
                        const note_rates& note) {
  const vec x = join<Eigen::Dynamic>(tg.cast<double>(), (-td).cast<double>().eval());
  const vec v = test::field(g, x);
  const Eigen::Index n = tg.size();
  for (Eigen::Index i = 0; i < n; ++i) {
    CHECK(v[i] == Approx(static_cast<double>(note.d_theta_g[i])).margin(1e-14));
    CHECK(v[n + i] == Approx(static_cast<double>(-note.d_theta_d[i])).margin(1e-14));
  }
}

}  // namespace

TEST_CASE("nsgan, wgan-norm and wgan-gp equal dirac-gan-convergence.zh.txt through psi = -theta_D") {
  for (int n = 1; n <= 4; ++n) {
    for (unsigned seed = 1; seed <= 5; ++seed) {
      const test::lvec tg = test::random_vector(n, seed).cast<long double>();
      const test::lvec td = test::random_vector(n, 100 + seed).cast<long double>();
      INFO("n = " << n << ", seed = " << seed);
      check_against_note(make_game("nsgan", {}, n), tg, td, note_nsgan(tg, td));
      check_against_note(make_game("wgan-norm", {}, n), tg, td, note_wgan_norm(tg, td));
      for (double c : {0.0, 0.3, 1.0}) {
        for (double lambda : {0.35, 1.7}) {
          check_against_note(make_game("wgan-gp", {.lambda = lambda, .c = c}, n), tg, td,
                             note_wgan_gp(tg, td, lambda, c));
        }
      }
      // wgan-div is wgan-gp with c = 0 (the same note, "以0为中心").
      check_against_note(make_game("wgan-div", {.lambda = 0.5}, n), tg, td, note_wgan_gp(tg, td, 0.5L, 0.0L));
    }
  }
}

TEST_CASE("the gan field is orthogonal to x when the data is at 0, so theta^2 + psi^2 is conserved") {
  // gan-training-convergence-analysis.fa.txt, Lemma 1: integral curves keep ||x|| constant.
  for (int n = 1; n <= 4; ++n) {
    const auto g = make_game("gan", {}, n);
    for (unsigned seed = 0; seed < 10; ++seed) {
      const vec x = test::random_vector(2 * n, seed, 3.0);
      const vec v = test::field(g, x);
      CHECK(std::abs(v.dot(x)) <= 1e-15 * v.norm() * x.norm());
    }
  }
}

TEST_CASE("every field vanishes at the equilibrium theta = x*, psi = 0") {
  const std::vector<double> data{0.4, -1.1};
  for (const std::string& name : test::all_game_names()) {
    INFO(name);
    const auto g = make_game(name, {.data = data}, 2);
    const vec x = join<Eigen::Dynamic>(vec(Eigen::Vector2d(0.4, -1.1)), vec(vec::Zero(2)));
    CHECK(test::field(g, x).norm() <= 1e-15);
  }
}

TEST_CASE("singular points use the documented subgradient and the field is finite beside them") {
  const vec theta = Eigen::Vector2d(0.7, -0.2), data = Eigen::Vector2d(0.1, 0.3);
  const vec r = theta - data;
  const vec u = Eigen::Vector2d(0.6, 0.8);
  const double lambda = 0.35, c = 1.0;
  const auto at = [&](const std::string& name, double psi_scale, gandyn::registry::game_parameters p = {}) {
    p.data = {0.1, 0.3};
    return test::field(make_game(name, p, 2), join<Eigen::Dynamic>(theta, vec(psi_scale * u)));
  };
  SECTION("wgan-norm: the subgradient 0 at psi = 0, v_theta = -u just beside it") {
    CHECK(at("wgan-norm", 0).norm() == 0);
    const vec v = at("wgan-norm", 1e-8);
    REQUIRE(v.allFinite());
    CHECK((v.head(2) + u).norm() < 1e-15);
    const vec expected = (r - u.dot(r) * u) / 1e-8;  // the note's formula, one-sided
    CHECK((v.tail(2) - expected).norm() <= 1e-9 * expected.norm());
  }
  SECTION("wgan-gp with c > 0: v_psi = theta - x* at psi = 0, and its one-sided limit beside it") {
    const vec v0 = at("wgan-gp", 0);
    CHECK((v0.tail(2) - r).norm() == 0);
    CHECK(v0.head(2).norm() == 0);
    const vec v = at("wgan-gp", 1e-8);
    REQUIRE(v.allFinite());
    const vec limit = r + 2 * lambda * c * u;  // theta - x* - 2 lambda (||psi|| - c) u as ||psi|| -> 0
    CHECK((v.tail(2) - limit).norm() < 1e-7);
  }
  SECTION("wgan-lp and wgan-qc at psi = 0") {
    CHECK((at("wgan-lp", 0).tail(2) - r).norm() == 0);
    const vec q0 = at("wgan-qc", 0);
    REQUIRE(q0.allFinite());
    const vec q = at("wgan-qc", 1e-8);
    REQUIRE(q.allFinite());
    // beside psi = 0 the transport term tends to +lambda ||x* - theta|| u
    CHECK((q.tail(2) - q0.tail(2) - lambda * r.norm() * u).norm() < 1e-7);
  }
}

TEMPLATE_TEST_CASE("nsgan equals the note's formula in each scalar type", "", double, float, long double) {
  // dirac-gan-convergence.zh.txt, "分析non-saturating GAN", in S: d tD/dt = -sigma(tG.tD) tG,
  // d tG/dt = (1 - sigma(tG.tD)) tD; here theta = tG, psi = -tD, so
  // v_theta = (1 - sigma(-theta.psi)) (-psi), v_psi = sigma(-theta.psi) theta.
  using S = TestType;
  using V = Eigen::Matrix<S, 4, 1>;
  const S eps = std::numeric_limits<S>::epsilon();
  const f_gan<2> g = nsgan<2>();
  for (unsigned seed = 1; seed <= 5; ++seed) {
    const V x = test::random_vector(4, seed).cast<S>();
    const Eigen::Matrix<S, 2, 1> tg = x.template head<2>(), td = -x.template tail<2>();
    const S s = S(1) / (S(1) + std::exp(-tg.dot(td)));
    V note;
    note << (1 - s) * td, s * tg;  // (d tG/dt, -d tD/dt)
    const V v = g(x);
    INFO("seed " << seed << ": " << v.transpose() << " against " << note.transpose());
    CHECK((v - note).template lpNorm<Eigen::Infinity>() <= 32 * eps * std::max(S(1), note.template lpNorm<Eigen::Infinity>()));
  }
}

TEMPLATE_TEST_CASE("float and long double agree with double", "", float, long double) {
  using S = TestType;
  // Against long double the difference is double's own rounding: up to 17 ulp (3.8e-15) for
  // nsgan-fm-noise-consensus, whose field sums 80 quadrature nodes and then J^T v over them.
  const double tolerance = std::is_same_v<S, float> ? 1e-5 : 1e-14;
  const vec x = test::random_vector(4, 7);
  for (const std::string& name : test::all_game_names()) {
    INFO(name);
    const auto g = make_game(name, {.data = {0.2, -0.4}}, 2);
    std::visit(
        [&](const auto& game) {
          const vec reference = game(x);
          const Eigen::Matrix<S, Eigen::Dynamic, 1> xs = x.cast<S>();
          const Eigen::Matrix<S, Eigen::Dynamic, 1> vs = game(xs);
          for (Eigen::Index i = 0; i < 4; ++i)
            CHECK(std::abs(static_cast<double>(vs[i]) - reference[i]) <=
                  tolerance * std::max(1.0, std::abs(reference[i])));
        },
        g);
  }
}

TEST_CASE("fixed-size and dynamic-size states give the same field") {
  const gandyn::registry::dirac_game<2> fixed = make_game<2>("nsgan-r1-noise-consensus", {.data = {0.5, 0.1}});
  const gandyn::registry::dirac_game<> dynamic = make_game("nsgan-r1-noise-consensus", {.data = {0.5, 0.1}}, 2);
  const vec x = test::random_vector(4, 3);
  const Eigen::Vector4d xf = x;
  const Eigen::Vector4d vf = std::visit([&](const auto& g) -> Eigen::Vector4d { return g(xf); }, fixed);
  CHECK((vf - test::field(dynamic, x)).norm() <= 1e-15 * vf.norm());
}
