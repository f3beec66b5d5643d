// Stable opponent shaping, SOS (Letcher et al. 2019, "Stable Opponent Shaping in Differentiable
// Games", ICLR 2019, Algorithm 1; docs/rules.md, "Opponent shaping: LOLA and SOS"): LOLA's
// shaping term scaled by p in [0, 1], so that it never turns the look-ahead direction
// xi_0 = (I - alpha H_o) xi against itself (p_1) and fades out near a fixed point (p_2):
//   p_1 = 1 if <-alpha chi, xi_0> >= 0, else min(1, -a ||xi_0||^2 / <-alpha chi, xi_0>),
//   p_2 = ||xi||^2 if ||xi|| < b, else 1,      p = min(p_1, p_2),
//   xi_p = xi_0 - p alpha chi,                  x <- P( x - H xi_p ),
// with xi = -v, xi_0 = -(v + alpha J_off v) (dynamics/detail/opponent_shaping.hpp). Near a fixed
// point p = ||v||^2, so the step's linearisation there is the look-ahead rule's.
// Needs a game that exposes its losses (core/game.hpp).
#pragma once

#include "gandyn/core/game.hpp"
#include "gandyn/dynamics/detail/opponent_shaping.hpp"
#include "gandyn/dynamics/detail/players.hpp"

#include <optional>
#include <stdexcept>
#include <string>

namespace gandyn {

struct sos {
  std::optional<double> alpha{};   // look-ahead rate (>= 0); empty: the step h
  double a = 0.5;                  // in (0, 1): how far the shaping term may turn xi_0
  double b = 0.1;                  // in (0, 1): below ||xi|| = b the shaping term fades as ||xi||^2
  double discriminator_scale = 1;  // h_D / h_G

  template <class State>
  struct memory {};  // none: every term is evaluated at the current state

  // The Jacobian of v (with v) and the gradients of the two losses.
  int evaluations() const { return 2; }

  template <class G, class State>
    requires game_with_losses<G, typename State::Scalar>
  void step(const G& g, State& x, memory<State>&, double h) const {
    if (!(a > 0 && a < 1)) throw std::invalid_argument("sos: a must lie in (0, 1) (got " + std::to_string(a) + ")");
    if (!(b > 0 && b < 1)) throw std::invalid_argument("sos: b must lie in (0, 1) (got " + std::to_string(b) + ")");
    using S = typename State::Scalar;
    const S rate(detail::look_ahead_rate("sos", alpha, h));
    const auto t = detail::opponent_shaping_terms(g, x);
    // u = -xi_0 = v + alpha J_off v;  <-alpha chi, xi_0> = alpha <chi, u>.
    State u(x.size());
    S dot(0), u_squared(0), xi_squared(0);
    for (Eigen::Index i = 0; i < x.size(); ++i) {
      u[i] = t.v[i] + rate * t.look_ahead[i];
      dot += rate * t.chi[i] * u[i];
      u_squared += u[i] * u[i];
      xi_squared += t.v[i] * t.v[i];
    }
    S p(1);
    if (dot < S(0)) {
      const S p1 = -S(a) * u_squared / dot;
      if (p1 < p) p = p1;
    }
    // ||xi|| < b compared as squares: no square root (its derivative at xi = 0 is infinite).
    if (xi_squared < S(b * b) && xi_squared < p) p = xi_squared;
    for (Eigen::Index i = 0; i < x.size(); ++i) u[i] += p * rate * t.chi[i];
    add_scaled(g, x, u, h, discriminator_scale);
    project(g, x);
  }
};

}  // namespace gandyn
