// Helpers shared by the tests: random points, central finite differences, every SPEC game name.
#pragma once

#include <gandyn/gandyn.hpp>
#include <gandyn/registry/make_game.hpp>

#include <Eigen/Core>

#include <random>
#include <string>
#include <vector>

namespace test {

using vec = Eigen::VectorXd;
using lvec = Eigen::Matrix<long double, Eigen::Dynamic, 1>;

// Deterministic random vector with entries uniform in [-scale, scale].
inline vec random_vector(Eigen::Index n, unsigned seed, double scale = 1.5) {
  std::mt19937 engine(seed);
  std::uniform_real_distribution<double> u(-scale, scale);
  vec x(n);
  for (auto& e : x) e = u(engine);
  return x;
}

// Central difference gradient of a scalar function of a long-double vector.
template <class F>
lvec gradient_fd(const F& f, lvec x, long double h = 1e-6L) {
  lvec g(x.size());
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    const long double keep = x[i];
    x[i] = keep + h;
    const long double up = f(x);
    x[i] = keep - h;
    const long double down = f(x);
    x[i] = keep;
    g[i] = (up - down) / (2 * h);
  }
  return g;
}

// Central difference Jacobian of a vector function of a double vector.
template <class F>
Eigen::MatrixXd jacobian_fd(const F& f, vec x, double h = 1e-6) {
  const Eigen::Index m = x.size();
  Eigen::MatrixXd j(m, m);
  for (Eigen::Index i = 0; i < m; ++i) {
    const double keep = x[i];
    x[i] = keep + h;
    const vec up = f(x);
    x[i] = keep - h;
    const vec down = f(x);
    x[i] = keep;
    j.col(i) = (up - down) / (2 * h);
  }
  return j;
}

// Every game name of SPEC 2: BASE[-r1][-noise][-consensus].
inline std::vector<std::string> all_game_names() {
  std::vector<std::string> names;
  for (std::string_view base : gandyn::registry::base_game_names)
    for (bool r1 : {false, true})
      for (bool noise : {false, true})
        for (bool consensus : {false, true}) {
          if (noise && base != "gan" && base != "nsgan" && base != "nsgan-fm") continue;
          names.push_back(gandyn::registry::game_name{std::string(base), r1, noise, consensus}.str());
        }
  return names;
}

// Evaluate a registry game on a dynamic double vector.
inline vec field(const gandyn::registry::dirac_game<>& g, const vec& x) {
  return std::visit([&](const auto& game) -> vec { return game(x); }, g);
}

}  // namespace test
