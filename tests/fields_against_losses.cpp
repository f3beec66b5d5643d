// Every field against central finite differences of its losses, written out here from
// docs/conventions.md and docs/games.md independently of the library: v = (-grad_theta L_G, +grad_psi L_D).
#include "support.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <functional>

using namespace gandyn;
using namespace gandyn::registry;
using test::lvec;
using test::vec;

namespace {

using ld = long double;

ld f_logistic(ld t) { return -std::log1p(std::exp(-t)); }  // f(t) = -log(1 + e^-t)
ld f_linear(ld t) { return t; }
ld f_hinge(ld t) { return -std::max<ld>(0, 1 - t); }        // Lim & Ye 2017; Miyato et al. 2018
ld f_least_squares(ld t) { return -(1 - t) * (1 - t) / 2; }  // Mao et al. 2017, a = -1, b = 1

struct losses {
  // L_D and L_G as functions of (theta, psi), data x*.
  std::function<ld(const lvec&, const lvec&)> discriminator, generator;
};

// Penalties subtracted from L_D (docs/games.md, "R1 penalty and weight decay", "wgan-gp", "wgan-lp"): R1 gamma/2 ||psi||^2, GP lambda (||psi|| - c)^2,
// LP lambda max(0, ||psi|| - 1)^2.
ld penalty(const lvec& psi, ld r1, ld gp, ld c, ld lp) {
  const ld norm = psi.norm();
  return r1 / 2 * psi.squaredNorm() + gp * (norm - c) * (norm - c) + lp * std::pow(std::max<ld>(0, norm - 1), 2);
}

losses losses_for(const std::string& base, const lvec& xs, ld r1) {
  const ld lambda = 0.35;
  const auto f_family = [&](ld (*f)(ld), int objective, ld gp, ld c, ld lp) {
    losses l;
    l.discriminator = [=](const lvec& th, const lvec& ps) {
      return f(ps.dot(th)) + f(-ps.dot(xs)) - penalty(ps, r1, gp, c, lp);
    };
    if (objective == 0) l.generator = l.discriminator;                                         // saturating
    if (objective == 1) l.generator = [=](const lvec& th, const lvec& ps) { return -f(-ps.dot(th)); };  // non-sat.
    if (objective == 2)
      l.generator = [=](const lvec& th, const lvec& ps) { return std::pow(ps.dot(th) - ps.dot(xs), 2); };
    if (objective == 3) l.generator = [=](const lvec& th, const lvec& ps) { return ps.dot(th); };  // D(theta)
    if (objective == 4)  // LSGAN, c = 0: D(theta)^2 / 2
      l.generator = [=](const lvec& th, const lvec& ps) { return ps.dot(th) * ps.dot(th) / 2; };
    return l;
  };
  if (base == "gan") return f_family(f_logistic, 0, 0, 0, 0);
  if (base == "nsgan") return f_family(f_logistic, 1, 0, 0, 0);
  if (base == "nsgan-fm") return f_family(f_logistic, 2, 0, 0, 0);
  if (base == "wgan") return f_family(f_linear, 0, 0, 0, 0);
  if (base == "wgan-gp") return f_family(f_linear, 0, lambda, 1, 0);
  if (base == "wgan-div") return f_family(f_linear, 0, lambda, 0, 0);
  if (base == "wgan-lp") return f_family(f_linear, 0, 0, 0, lambda);
  if (base == "hinge") return f_family(f_hinge, 3, 0, 0, 0);
  if (base == "lsgan") return f_family(f_least_squares, 4, 0, 0, 0);
  if (base == "wgan-norm") {
    // L = psi . (theta - x*) / ||psi||: D maximises it, G minimises it.
    losses l;
    l.discriminator = [=](const lvec& th, const lvec& ps) {
      return ps.dot(th - xs) / ps.norm() - penalty(ps, r1, 0, 0, 0);
    };
    l.generator = [=](const lvec& th, const lvec& ps) { return ps.dot(th - xs) / ps.norm(); };
    return l;
  }
  // wgan-qc (docs/games.md, "WGAN-QC on a Dirac"): D minimises Q with the potentials H held fixed at the point of
  // evaluation, G maximises psi . theta.
  losses l;
  l.generator = [](const lvec& th, const lvec& ps) { return -ps.dot(th); };
  l.discriminator = nullptr;
  return l;
}

}  // namespace

TEST_CASE("each field is (-grad_theta L_G, grad_psi L_D) of its losses, by central differences") {
  for (int n = 1; n <= 3; ++n) {
    const vec data = test::random_vector(n, 50 + n, 0.8);
    const std::vector<double> data_list(data.data(), data.data() + n);
    const lvec xs = data.cast<ld>();
    for (std::string_view base : base_game_names) {
      for (bool r1 : {false, true}) {
        const std::string name = std::string(base) + (r1 ? "-r1" : "");
        INFO(name << ", n = " << n);
        const auto game = make_game(name, {.gamma = r1 ? std::optional(0.45) : std::nullopt, .data = data_list}, n);
        const losses l = losses_for(std::string(base), xs, r1 ? 0.45L : 0.0L);
        for (unsigned seed = 0; seed < 4; ++seed) {
          const vec x = test::random_vector(2 * n, 1000 * n + seed);
          const lvec theta = x.head(n).cast<ld>(), psi = x.tail(n).cast<ld>();
          const vec v = test::field(game, x);
          const lvec g_theta = test::gradient_fd([&](const lvec& t) { return l.generator(t, psi); }, theta);
          lvec g_psi;
          if (l.discriminator) {
            g_psi = test::gradient_fd([&](const lvec& p) { return l.discriminator(theta, p); }, psi);
          } else {  // wgan-qc: v_psi = -grad_psi Q with the potentials frozen
            const ld cost = (theta - xs).squaredNorm() / 2, h_real = cost / 2, h_fake = -cost / 2;
            const ld distance = (xs - theta).norm();
            const auto q = [&](const lvec& p) {
              return std::pow(p.dot(xs) - h_real, 2) / 2 + std::pow(p.dot(theta) - h_fake, 2) / 2 +
                     0.35L / 2 * std::pow(p.norm() - distance, 2) + (r1 ? 0.45L : 0.0L) / 2 * p.squaredNorm();
            };
            g_psi = -test::gradient_fd(q, psi);
          }
          for (Eigen::Index i = 0; i < n; ++i) {
            CHECK(v[i] == Approx(static_cast<double>(-g_theta[i])).margin(1e-9));
            CHECK(v[n + i] == Approx(static_cast<double>(g_psi[i])).margin(1e-9));
          }
        }
      }
    }
  }
}
