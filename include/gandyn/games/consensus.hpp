// Consensus optimisation (Mescheder, Nowozin & Geiger 2017, "The Numerics of GANs", eq. 9)
// as a transform of any game: v_c = v - gamma grad(1/2 ||v||^2) = v - gamma J^T v, with
// J = dv/dx, exact: J^T v by one forward-mode directional derivative for a zero-sum game, at a
// small fixed size through the forward-mode Jacobian (core/jacobian.hpp), by forward-mode
// derivatives of v and of the exchanged field (-grad_theta L_D, +grad_psi L_G) for a game that
// has one, else by reverse-mode automatic differentiation (core/reverse.hpp).
// (The authors' published Dirac-GAN notebook drops a factor 2 in this gradient.)
#pragma once

#include "gandyn/core/game.hpp"
#include "gandyn/core/jacobian.hpp"
#include "gandyn/core/reverse.hpp"

#include <type_traits>
#include <utility>

namespace gandyn {

template <class Game>
struct consensus {
  static constexpr int state_size = state_size_v<Game>;
  static constexpr int forward_limit = 8;  // the largest fixed state size taken in forward mode

  Game game{};
  double gamma = 1;

  Eigen::Index generator_dim() const { return game.generator_dim(); }
  Eigen::Index discriminator_dim() const { return game.discriminator_dim(); }

  // Not differentiable where the base game is not.
  template <class X>
  std::optional<std::string> non_differentiable_reason(const X& x) const {
    return gandyn::non_differentiable_reason(game, x);
  }

  // J^T v, exact, by the cheapest of four routes (docs/analysis.md, "Vector-Jacobian
  // products"):
  // * plain numbers beyond the small fixed sizes, for a zero-sum game or one with an exchanged
  //   field (games/f_gan.hpp): forward-mode derivatives of v (and of the exchanged field) on two
  //   tangents, in place (write_in_forward_mode below);
  // * plain numbers, a zero-sum game (`zero_sum()`, L_G - L_D = g(theta) + h(psi)): its Jacobian
  //   blocks are J_tt = -d2 L/dtheta2, J_pp = d2 L_D/dpsi2 (both symmetric) and J_pt = -J_tp^T,
  //   so J^T = S J S with S = diag(I, -I), and J^T v = S J (S v) is one forward-mode directional
  //   derivative, at about twice the cost of v. Not on dual numbers (the analysis): there every
  //   game takes one of the two routes below, as the erased consensus games' unit, compiling
  //   both routes on twice-nested duals, took 149 s instead of 100 s (docs/program.md,
  //   "Building");
  // * at a small compile-time size, the full forward-mode Jacobian (all tangents in one pass,
  //   no heap);
  // * otherwise one reverse-mode vector-Jacobian product (core/reverse.hpp), a small multiple
  //   of the cost of v whatever the size.
  template <class S>
  state<S, state_size> operator()(const state<S, state_size>& x) const {
    if constexpr (in_forward_mode<S>) {
      if (zero_sum() || has_exchanged_field<S>) {
        state<S, state_size> out(x.size());
        write_in_forward_mode(x, out);
        return out;
      }
    }
    if constexpr (std::is_arithmetic_v<S>) {
      if (zero_sum()) return by_symmetry(x);
    }
    if constexpr (state_size != Eigen::Dynamic && state_size <= forward_limit) {
      const auto [v, jac] = value_and_jacobian(game, x);
      return v - S(gamma) * (jac.transpose() * v);
    } else {
      const auto [v, jtv] = value_and_vjp(game, x, [](const auto& value) -> const auto& { return value; });
      return v - S(gamma) * jtv;
    }
  }

  // v_c(x) written into v: in place, with no allocation after the first call, where J^T v comes
  // from forward-mode derivatives on two tangents.
  template <class S, class V>
  void evaluate(const state<S, state_size>& x, V& v) const {
    if constexpr (in_forward_mode<S>) {
      if (zero_sum() || has_exchanged_field<S>) {
        if (v.size() != x.size()) v.resize(x.size());
        write_in_forward_mode(x, v);
        return;
      }
    }
    v = (*this)(x);
  }

  // Both players add gamma/2 ||v||^2 to the loss they minimise (Mescheder, Nowozin & Geiger
  // 2017, eq. 9): (L_G + gamma/2 ||v||^2, L_D - gamma/2 ||v||^2), v the base game's field, so
  // that -grad_theta and +grad_psi give v - gamma J^T v (docs/games.md, "Losses").
  template <class S>
    requires game_with_losses_over<Game, S>
  std::pair<S, S> losses(const state<S, state_size>& x) const {
    const auto [l_g, l_d] = game.losses(x);
    const state<S, state_size> v = game(x);
    const S half_norm = S(0.5 * gamma) * v.squaredNorm();
    return {l_g + half_norm, l_d - half_norm};
  }

  template <class V>
  bool project(V& x) const {
    return gandyn::project(game, x);
  }

 private:
  bool zero_sum() const {
    if constexpr (requires { game.zero_sum(); }) {
      return game.zero_sum();
    } else {
      return false;
    }
  }

  // Plain numbers beyond the forward Jacobian's sizes take J^T v from two tangents (the analysis
  // differentiates the other routes); a non-zero-sum game needs its exchanged field for it.
  template <class S>
  static constexpr bool in_forward_mode =
      std::is_arithmetic_v<S> && !(state_size != Eigen::Dynamic && state_size <= forward_limit);
  template <class S>
  static constexpr bool has_exchanged_field =
      requires(const Game& g, const state<dual<S, 2>, state_size>& y, state<dual<S, 2>, state_size>& w) {
        g.exchanged_field(y, w);
      };

  // v - gamma J^T v with J^T v = (A v_theta - B_w v_psi, -C_w v_theta + D v_psi), where A and D are
  // the diagonal blocks of J = dv/dx (symmetric: Hessians of each player's own objective) and
  // B_w, C_w the off-diagonal blocks of the Jacobian of the exchanged field
  // w = (-grad_theta L_D, +grad_psi L_G) (docs/analysis.md, "Vector-Jacobian products"). All four
  // products are forward-mode derivatives: v and w on dual numbers with the two tangents
  // (v_theta, 0) and (0, v_psi), a small multiple of the cost of v at any size. For a zero-sum
  // game w has the same off-diagonal blocks as v (L_G - L_D has no cross terms): w = v.
  // Out of line: one copy serves the call operator and evaluate (a call is small beside the two
  // evaluations on dual numbers).
  template <class S, class V>
  [[gnu::noinline]] void write_in_forward_mode(const state<S, state_size>& x, V& out) const {
    using D = dual<S, 2>;
    using dual_state = state<D, state_size>;
    thread_local dual_state lifted, v_d, w_d;  // reused: no allocation after the first call
    const Eigen::Index m = x.size(), ng = game.generator_dim();
    gandyn::evaluate(game, x, out);  // v
    if (lifted.size() != m) lifted.resize(m);
    // Two loops, not one with a test per coordinate: the test kept the loop scalar, nearly half
    // of this function's time at n = 64 (benchmarks/consensus.cpp).
    for (Eigen::Index i = 0; i < ng; ++i) lifted[i] = D(x[i], typename D::tangents{out[i], S(0)});
    for (Eigen::Index i = ng; i < m; ++i) lifted[i] = D(x[i], typename D::tangents{S(0), out[i]});
    const dual_state* w = &v_d;
    if constexpr (has_exchanged_field<S>) {
      if (!zero_sum()) {
        // In one pass where the game offers it (games/f_gan.hpp: shared a = psi.theta and slopes).
        if constexpr (requires { game.evaluate_with_exchanged_field(lifted, v_d, w_d); }) {
          game.evaluate_with_exchanged_field(lifted, v_d, w_d);
        } else {
          gandyn::evaluate(game, lifted, v_d);
          game.exchanged_field(lifted, w_d);
        }
        w = &w_d;
      }
    }
    if (w == &v_d) gandyn::evaluate(game, lifted, v_d);
    const S g(gamma);
    for (Eigen::Index i = 0; i < ng; ++i) out[i] -= g * (v_d[i].tangent[0] - (*w)[i].tangent[1]);
    for (Eigen::Index i = ng; i < m; ++i) out[i] -= g * (v_d[i].tangent[1] - (*w)[i].tangent[0]);
  }

  // v - gamma S J (S v) for a zero-sum game (S flips the sign of the psi block).
  template <class S>
  state<S, state_size> by_symmetry(const state<S, state_size>& x) const {
    const Eigen::Index nd = game.discriminator_dim();
    state<S, state_size> direction = game(x);
    direction.tail(nd) = -direction.tail(nd);
    auto [v, jtv] = value_and_jvp(game, x, direction);
    jtv.tail(nd) = -jtv.tail(nd);
    return v - S(gamma) * jtv;
  }
};

template <class Game>
consensus(Game, double) -> consensus<Game>;

// Whether a game is a consensus transform (its field costs a vector-Jacobian product).
template <class Game>
inline constexpr bool is_consensus = false;
template <class Game>
inline constexpr bool is_consensus<consensus<Game>> = true;

}  // namespace gandyn
