// Helpers shared by the tests: random points, central finite differences, every game name
// (docs/games.md, "Names"), eigenvalue distances, short runs and small hand-written games.
#pragma once

#include <gandyn/gandyn.hpp>
#include <gandyn/registry/make_game.hpp>

#include <Eigen/Core>

#include <cmath>
#include <complex>
#include <limits>
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

// Central differences of one step of an update rule, on the analysed state (the step map of
// analysis/step_jacobian.hpp; docs/analysis.md, "Step Jacobians").
template <class Rule, class G>
Eigen::MatrixXd step_jacobian_fd(const Rule& rule, const G& g, const vec& z, double h) {
  const auto map = gandyn::one_step_map(rule, g, h);
  return jacobian_fd([&](const vec& y) -> vec { return map(y); }, z, 1e-6);
}

// Every game name: BASE[-r1][-noise][-consensus] (docs/games.md, "Names").
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

// The concrete game behind a registry name (checks the preset too).
template <class G>
G preset(const std::string& name, const gandyn::registry::game_parameters& p, int n) {
  return std::get<G>(gandyn::registry::make_game(name, p, n));
}

// Largest distance between the computed eigenvalues and the expected ones (a multiset), each
// computed one matched greedily to its nearest unused expected one.
template <class Derived, class T = double>
T distance_to(const Eigen::MatrixBase<Derived>& computed, const std::vector<std::complex<T>>& expected_list) {
  if (computed.size() != static_cast<Eigen::Index>(expected_list.size())) return std::numeric_limits<T>::infinity();
  std::vector<bool> used(expected_list.size(), false);
  T worst = 0;
  for (Eigen::Index i = 0; i < computed.size(); ++i) {
    const std::complex<T> lambda(computed[i]);
    std::size_t best = 0;
    T best_distance = std::numeric_limits<T>::infinity();
    for (std::size_t k = 0; k < expected_list.size(); ++k)
      if (!used[k] && std::abs(lambda - expected_list[k]) < best_distance) {
        best = k;
        best_distance = std::abs(lambda - expected_list[k]);
      }
    used[best] = true;
    worst = std::max(worst, best_distance);
  }
  return worst;
}

// The same against a closed-form pair, each of its eigenvalues repeated n times.
template <class Derived>
double distance_to(const Eigen::MatrixBase<Derived>& computed, const gandyn::eigenvalue_pair& pair, int n) {
  std::vector<std::complex<double>> expected;
  for (int i = 0; i < n; ++i) expected.insert(expected.end(), pair.begin(), pair.end());
  return distance_to(computed, expected);
}

inline double sigmoid(double t) { return 1 / (1 + std::exp(-t)); }

// nsgan in one dimension, data at 0, written out by hand (docs/games.md, "nsgan"):
// v_theta = -sigmoid(psi theta) psi, v_psi = sigmoid(-psi theta) theta.
inline Eigen::Vector2d nsgan_by_hand(const Eigen::Vector2d& x) {
  const double d = x[0] * x[1];
  return {-sigmoid(d) * x[1], sigmoid(-d) * x[0]};
}

// An observer that never stops the run.
inline const auto keep_going = [](const auto&, long, double) { return true; };

// x after `steps` iterations of `rule` on g from x with step h.
template <class Rule, class G, class State>
State run(const Rule& rule, const G& g, State x, long steps, double h) {
  auto stepper = gandyn::make_stepper<State>(rule);
  gandyn::iterate(stepper, g, x, steps, h, keep_going);
  return x;
}

// The scalar bilinear game L = theta psi: v = (-psi, theta).
struct scalar_bilinear {
  static constexpr int state_size = 2;
  Eigen::Index generator_dim() const { return 1; }
  Eigen::Index discriminator_dim() const { return 1; }
  template <class S>
  gandyn::state<S, 2> operator()(const gandyn::state<S, 2>& x) const {
    return {-x[1], x[0]};
  }
};

}  // namespace test
