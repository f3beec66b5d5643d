// Learning with opponent-learning awareness, LOLA (Foerster et al. 2018, AAMAS; in the matrix form of
// Letcher et al. 2019, ICLR: xi_LOLA = (I - alpha H_o) xi - alpha diag(H_o^T grad L);
// docs/rules.md, "Opponent shaping: LOLA and SOS"): each player descends its loss after the
// other's anticipated gradient step of size alpha, differentiating through that step. In
// gandyn's convention (L_1 = L_G, L_2 = -L_D, xi = -v; dynamics/detail/opponent_shaping.hpp)
//   x <- P( x + H (v + alpha J_off v + alpha chi) ),   H = diag(h_G I, h_D I).
// Needs a game that exposes its losses (core/game.hpp).
#pragma once

#include "gandyn/core/game.hpp"
#include "gandyn/dynamics/detail/opponent_shaping.hpp"
#include "gandyn/dynamics/detail/players.hpp"

#include <optional>

namespace gandyn {

struct lola {
  std::optional<double> alpha{};   // look-ahead rate (>= 0); empty: the step h
  double discriminator_scale = 1;  // h_D / h_G

  template <class State>
  struct memory {};  // none: every term is evaluated at the current state

  // The Jacobian of v (with v) and the gradients of the two losses.
  int evaluations() const { return 2; }

  template <class G, class State>
    requires game_with_losses<G, typename State::Scalar>
  void step(const G& g, State& x, memory<State>&, double h) const {
    using S = typename State::Scalar;
    const S a(detail::look_ahead_rate("lola", alpha, h));
    const auto t = detail::opponent_shaping_terms(g, x);
    State direction(x.size());
    for (Eigen::Index i = 0; i < x.size(); ++i) direction[i] = t.v[i] + a * t.look_ahead[i] + a * t.chi[i];
    add_scaled(g, x, direction, h, discriminator_scale);
    project(g, x);
  }
};

}  // namespace gandyn
