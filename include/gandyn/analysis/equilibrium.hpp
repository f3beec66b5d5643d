// Roots of a game's field v: where the analysis linearises.
//
// known_equilibrium(game): a game's known equilibrium, from its own member `equilibrium()`
// (the classic games, games/classic/), or the Dirac-GAN's theta = x*, psi = 0
// (docs/conventions.md, "The equilibrium"; Mescheder, Geiger & Nowozin 2018, section 2.2;
// gan-training-convergence-analysis.fa.txt, "Dirac-GAN") for any game with a member
// `data` = x*, or that of a wrapper's member `game` (consensus: v - gamma J^T v vanishes
// where v does). dirac_equilibrium(game) is the same function under its first name.
//
// newton_root(game, start): Newton's method x_{k+1} = x_k - v'(x_k)^{-1} v(x_k) for any
// game, a user's own included (docs/analysis.md, "Newton's method for user games"; Nocedal
// & Wright, Numerical Optimization, 2nd ed., Algorithm 11.1).
// The Jacobian is exact (core/jacobian.hpp). No line search: from a start close enough
// to a root with a nonsingular Jacobian it converges quadratically (ibid., Theorem 11.2).
#pragma once

#include "gandyn/core/game.hpp"
#include "gandyn/core/jacobian.hpp"

#include <Eigen/Core>
#include <Eigen/LU>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

namespace gandyn {

namespace detail {
template <class G>
concept has_data = requires(const G& g) {
  { g.data.size() } -> std::convertible_to<Eigen::Index>;
};

template <class G>
concept has_equilibrium_member = requires(const G& g) { g.equilibrium(); };

// G has x* as `data`, or holds (through any number of wrappers) a game as member `game`
// that has it.
template <class G>
constexpr bool holds_data() {
  if constexpr (has_data<G>) {
    return true;
  } else if constexpr (requires(const G& g) { g.game; }) {
    return holds_data<std::remove_cvref_t<decltype(std::declval<const G&>().game)>>();
  } else {
    return false;
  }
}

// G has its own `equilibrium()` or `data`, directly or through wrappers' `game` members.
template <class G>
constexpr bool knows_equilibrium() {
  if constexpr (has_equilibrium_member<G> || has_data<G>) {
    return true;
  } else if constexpr (requires(const G& g) { g.game; }) {
    return knows_equilibrium<std::remove_cvref_t<decltype(std::declval<const G&>().game)>>();
  } else {
    return false;
  }
}

}  // namespace detail

// A game whose equilibrium is the Dirac-GAN's: it has x* as `data`, directly or through
// a wrapper's `game` member.
template <class G>
concept dirac_like_game = game<G> && detail::holds_data<G>();

// A game that carries a known equilibrium: its own `equilibrium()`, or x* as `data` (the
// Dirac-GAN's), directly or through a wrapper's `game` member.
template <class G>
concept game_with_known_equilibrium = game<G> && detail::knows_equilibrium<G>();

// The game's known equilibrium: g.equilibrium() if it has one, else x = [x*; 0] (theta = x*,
// psi = 0; docs/conventions.md, "The equilibrium"), else its wrapped game's. Throws
// std::invalid_argument if the game's generator dimension differs from the length of its data.
template <game_with_known_equilibrium G>
state_of<G> known_equilibrium(const G& g) {
  if constexpr (detail::has_equilibrium_member<G>) {
    return state_of<G>(g.equilibrium());
  } else if constexpr (detail::has_data<G>) {
    const auto& data = g.data;
    if (data.size() != g.generator_dim())
      throw std::invalid_argument("dirac_equilibrium: the data x* has " + std::to_string(data.size()) +
                                  " coordinates but the generator has " + std::to_string(g.generator_dim()));
    state_of<G> x = state_of<G>::Zero(state_dim(g));
    x.head(g.generator_dim()) = data;
    return x;
  } else {
    return state_of<G>(known_equilibrium(g.game));
  }
}

// The Dirac-GAN's equilibrium [x*; 0], or any game's known equilibrium (known_equilibrium).
template <game_with_known_equilibrium G>
state_of<G> dirac_equilibrium(const G& g) {
  return known_equilibrium(g);
}

// Why Newton's method stopped.
enum class newton_status {
  converged,          // ||v(root)|| <= tolerance
  max_iterations,     // the iteration budget ran out first
  singular_jacobian,  // v'(x) is singular (numerically) at the last iterate: no Newton step
  non_finite,         // v or v' is not finite at the last iterate, or the next one would not be
};

constexpr std::string_view to_string(newton_status s) noexcept {
  switch (s) {
    case newton_status::converged:
      return "converged";
    case newton_status::max_iterations:
      return "did not converge within the maximum number of iterations";
    case newton_status::singular_jacobian:
      return "the Jacobian of v is singular at the last iterate";
    case newton_status::non_finite:
      return "v or its Jacobian is not finite at the last iterate, or the Newton step overflows";
  }
  return "unknown";
}

struct newton_options {
  int max_iterations = 50;   // Newton steps at most
  double tolerance = 1e-12;  // converged when the residual ||v(x)||_2 <= tolerance
};

template <class State>
struct newton_result {
  State root;              // the last iterate: the root when converged(), else where it stopped
  double residual_norm;    // ||v(root)||_2 (infinity if v(root) is not finite)
  int iterations;          // Newton steps taken
  newton_status status;

  bool converged() const { return status == newton_status::converged; }
};

// Newton's method for v(x) = 0 from `start` (a double vector of length state_dim(g)).
// Every iterate stays finite: a singular or non-finite Jacobian stops the iteration and is
// reported in `status`, with `root` the last finite iterate. Singularity is judged by a
// full-pivoting LU with Eigen's default threshold (pivots below epsilon * size * the largest
// pivot count as zero). Throws std::invalid_argument for a start of the wrong length or with
// non-finite entries, or for max_iterations < 0 or a tolerance that is not >= 0.
template <game G, class Derived>
newton_result<state_of<G>> newton_root(const G& g, const Eigen::MatrixBase<Derived>& start,
                                       const newton_options& options = {}) {
  using vector = state_of<G>;
  using matrix = Eigen::Matrix<double, state_size_v<G>, state_size_v<G>>;
  const Eigen::Index n = state_dim(g);
  if (start.size() != n)
    throw std::invalid_argument("newton_root: the start has " + std::to_string(start.size()) +
                                " coordinates but the game's state has " + std::to_string(n));
  if (!start.allFinite()) throw std::invalid_argument("newton_root: the start has non-finite coordinates");
  if (options.max_iterations < 0) throw std::invalid_argument("newton_root: max_iterations must be >= 0");
  if (!(options.tolerance >= 0)) throw std::invalid_argument("newton_root: the tolerance must be >= 0");

  newton_result<vector> r{vector(start.template cast<double>()), 0.0, 0, newton_status::max_iterations};
  for (;;) {
    const auto [v, jac] = value_and_jacobian(g, r.root);
    if (!v.allFinite()) {
      r.residual_norm = std::numeric_limits<double>::infinity();
      r.status = newton_status::non_finite;
      return r;
    }
    r.residual_norm = v.norm();
    if (r.residual_norm <= options.tolerance) {
      r.status = newton_status::converged;
      return r;
    }
    if (r.iterations >= options.max_iterations) {
      r.status = newton_status::max_iterations;
      return r;
    }
    if (!jac.allFinite()) {
      r.status = newton_status::non_finite;
      return r;
    }
    const Eigen::FullPivLU<matrix> lu(jac);
    if (!lu.isInvertible()) {
      r.status = newton_status::singular_jacobian;
      return r;
    }
    const vector next = r.root + lu.solve(-v);
    if (!next.allFinite()) {  // an overflowing step: keep the last finite iterate
      r.status = newton_status::non_finite;
      return r;
    }
    r.root = next;
    ++r.iterations;
  }
}

}  // namespace gandyn
