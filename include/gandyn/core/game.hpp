// The game concept: what dynamics and analysis need from a two-player game.
//
// A game is a value type with
//   * `static constexpr int state_size`: the length of x = [theta; psi] if known at
//     compile time, else Eigen::Dynamic (may be omitted: Dynamic is assumed);
//   * `generator_dim()` and `discriminator_dim()`: the lengths of theta and psi;
//   * a call operator templated on the scalar type, x -> v(x), with
//     v = (-grad_theta L_G, +grad_psi L_D) (docs/conventions.md, "The vector field"), so the
//     flow is x' = v(x).
// The call operator must accept double, float, long double and gandyn::dual scalars:
// write it once as `template <class S> state<S, state_size> operator()(const
// state<S, state_size>&) const`. Optionally `bool project(state<S, ...>&) const`
// restores a constraint after every update (WGAN weight clipping) and says whether x changed,
// and `void evaluate(const state<S, state_size>& x, V& v) const` writes v(x) into an existing
// vector v of the right size (no temporary: at run-time size the update rules and Odeint's
// steppers then allocate nothing per evaluation), and
// `std::optional<std::string> non_differentiable_reason(const X& x) const` says where v has no
// Jacobian (one line naming the game and the point; nullopt elsewhere), so that the analysis
// refuses those points instead of printing a subgradient's numbers (docs/games.md, "Where a
// field is not differentiable").
// Optionally `template <class S> std::pair<S, S> losses(const state<S, state_size>& x) const`
// returns the two players' objectives (L_G, L_D) at x on any scalar S, the generator
// minimising L_G and the discriminator maximising L_D, consistent with the field:
// v = (-grad_theta L_G, +grad_psi L_D) (docs/games.md, "Losses"). Rules that look at a
// player's loss as a function of the other player's parameters (LOLA, SOS, unrolled) need it:
// they require the concept game_with_losses.
// Optionally `void evaluate_block(const state<S, state_size>& x, V& v, player p) const` writes
// only player p's block of v(x) into v and leaves the other block as it was: an alternating
// rule, which uses one block per update, then skips the other player's terms (wgan-gp's
// penalty when the generator moves; docs/rules.md, "Alternating steps").
// Optionally `bool zero_sum() const` says that the players' objectives
// differ only by terms in one player's parameters alone (L_G - L_D = g(theta) + h(psi)), so
// that J^T = S J S with S = diag(I, -I) (the consensus field uses it; docs/analysis.md,
// "Vector-Jacobian products").
#pragma once

#include "gandyn/core/dual.hpp"
#include "gandyn/core/state.hpp"

#include <concepts>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

namespace gandyn {

// The two players: the generator owns the state's first block theta, the discriminator the
// second, psi (docs/conventions.md, "The state").
enum class player { generator, discriminator };

namespace detail {
template <class G>
constexpr int state_size_of() {
  if constexpr (requires { G::state_size; }) {
    return G::state_size;
  } else {
    return Eigen::Dynamic;
  }
}
}  // namespace detail

// Compile-time length of a game's state (Eigen::Dynamic when only known at run time).
template <class G>
inline constexpr int state_size_v = detail::state_size_of<std::remove_cvref_t<G>>();

// The state type of game G over scalar S.
template <class G, class S = double>
using state_of = state<S, state_size_v<G>>;

// G evaluates its vector field on states with scalar S.
template <class G, class S>
concept game_over = requires(const G& g, const state_of<G, S>& x) {
  { g(x) } -> std::convertible_to<state_of<G, S>>;
};

// A two-player game usable by every update rule, integrator and analysis.
template <class G>
concept game = game_over<G, double> && requires(const G& g) {
  { g.generator_dim() } -> std::convertible_to<Eigen::Index>;
  { g.discriminator_dim() } -> std::convertible_to<Eigen::Index>;
};

// G exposes its players' objectives (L_G, L_D) on states with scalar S, L_G minimised by the
// generator and L_D maximised by the discriminator, with v = (-grad_theta L_G, +grad_psi L_D).
template <class G, class S>
concept game_with_losses_over = requires(const G& g, const state_of<G, S>& x) {
  { g.losses(x) } -> std::convertible_to<std::pair<S, S>>;
};

// A game whose losses are available on scalar S (plain numbers by default; the rules that need
// them ask for their state's scalar, which the analysis makes a dual number).
template <class G, class S = double>
concept game_with_losses = game<G> && game_with_losses_over<G, S>;

// G restores a constraint on the state (a projection) after each update.
template <class G, class S = double>
concept projected_game = game<G> && requires(const G& g, state_of<G, S>& x) { g.project(x); };

// Apply the game's projection if it has one (update rules call this after every update);
// returns whether x changed (a projection returning void is taken to change it).
template <class G, class V>
bool project(const G& g, V& x) {
  if constexpr (requires { { g.project(x) } -> std::convertible_to<bool>; }) {
    return g.project(x);
  } else if constexpr (requires { g.project(x); }) {
    g.project(x);
    return true;
  } else {
    return false;
  }
}

// v = v(x), written into v (which must not alias x): through the game's own in-place
// `evaluate(x, v)` when it has one, else v = g(x).
template <class G, class X, class V>
[[gnu::always_inline]] inline void evaluate(const G& g, const X& x, V& v) {
  if constexpr (requires { g.evaluate(x, v); }) {
    g.evaluate(x, v);
  } else {
    v = g(x);
  }
}

// Player p's block of v(x), written into v's block (v must not alias x and has x's size):
// through the game's own `evaluate_block(x, v, p)` when it has one, else the whole field.
template <class G, class X, class V>
[[gnu::always_inline]] inline void evaluate_block(const G& g, const X& x, V& v, player p) {
  if constexpr (requires { g.evaluate_block(x, v, p); }) {
    g.evaluate_block(x, v, p);
  } else {
    evaluate(g, x, v);
  }
}

// Why v has no Jacobian at x, from the game's own member; nullopt for a game without one
// (a smooth game).
template <class G, class X>
std::optional<std::string> non_differentiable_reason(const G& g, const X& x) {
  if constexpr (requires {
                  { g.non_differentiable_reason(x) } -> std::convertible_to<std::optional<std::string>>;
                }) {
    return g.non_differentiable_reason(x);
  } else {
    return std::nullopt;
  }
}

// Length of a game's state at run time.
template <game G>
Eigen::Index state_dim(const G& g) {
  return g.generator_dim() + g.discriminator_dim();
}

}  // namespace gandyn
