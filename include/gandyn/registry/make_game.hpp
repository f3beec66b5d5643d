// The registry: any Dirac-GAN field built from its name and parameters (docs/games.md).
//
// Programs (the gandyn CLI, the gallery, bindings) hold a game as a std::variant of the
// concrete game types and reach it with std::visit, so every scalar type stays available
// behind one name and the hot loop stays monomorphic.
#pragma once

#include "gandyn/games/classic/bilinear.hpp"
#include "gandyn/games/classic/linear_wgan_mean.hpp"
#include "gandyn/games/classic/matching_pennies.hpp"
#include "gandyn/games/classic/tandem.hpp"
#include "gandyn/games/consensus.hpp"
#include "gandyn/games/f_gan.hpp"
#include "gandyn/games/normalised_wgan.hpp"
#include "gandyn/games/wgan_qc.hpp"
#include "gandyn/registry/game_name.hpp"
#include "gandyn/registry/parameter_error.hpp"

#include <cmath>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace gandyn::registry {

// Parameters by name (docs/games.md); unset ones take the documented defaults.
struct game_parameters {
  std::optional<double> lambda;           // lambda: penalty weight (0.35)
  std::optional<double> c;                // c: gradient-penalty centre (1; wgan-div: fixed at 0)
  std::optional<double> gamma;            // gamma: R1 / weight decay (0.3)
  std::optional<double> sigma;            // sigma: instance noise (0.7)
  std::optional<double> consensus_gamma;  // consensus-gamma (1)
  std::optional<double> clip;             // clip: WGAN weight clipping (1)
  std::optional<double> coupling;         // coupling: bilinear a, L = a theta.psi (1)
  std::vector<double> data;               // data: x* (empty: 0; linear-wgan-mean: (3, 4))
};

// Defaults (Mescheder et al.'s Dirac-GAN notebook: clip 1, WGAN-GP reg 0.7 = 2 lambda with c 1,
// R1 gamma 0.3, noise sigma 0.7, consensus gamma 1).
struct game_defaults {
  static constexpr double lambda = 0.35;
  static constexpr double c = 1;
  static constexpr double gamma = 0.3;
  static constexpr double sigma = 0.7;
  static constexpr double consensus_gamma = 1;
  static constexpr double clip = 1;
  static constexpr double coupling = 1;
};

template <int N = Eigen::Dynamic>
using base_game = std::variant<f_gan<N, logistic_loss>, f_gan<N, linear_loss>, normalised_wgan<N>, wgan_qc<N>,
                               f_gan<N, hinge_loss>, f_gan<N, least_squares_loss>>;

// The classic games (no modifiers).
template <int N = Eigen::Dynamic>
using classic_game = std::variant<bilinear_game<N>, linear_wgan_mean<N>, tandem_game<N>, matching_pennies_game<N>>;

template <int N = Eigen::Dynamic>
using dirac_game =
    std::variant<f_gan<N, logistic_loss>, f_gan<N, linear_loss>, normalised_wgan<N>, wgan_qc<N>,
                 consensus<f_gan<N, logistic_loss>>, consensus<f_gan<N, linear_loss>>,
                 consensus<normalised_wgan<N>>, consensus<wgan_qc<N>>, f_gan<N, hinge_loss>,
                 f_gan<N, least_squares_loss>, consensus<f_gan<N, hinge_loss>>,
                 consensus<f_gan<N, least_squares_loss>>, bilinear_game<N>, linear_wgan_mean<N>, tandem_game<N>,
                 matching_pennies_game<N>>;

namespace detail {

inline std::string number_text(double x) {
  std::ostringstream out;
  out.precision(17);
  out << x;
  return out.str();
}

// The parameter's value if it applies to the game, else its default; throws if it is
// given but does not apply, or lies outside its domain.
inline double parameter(const std::string& game, std::string_view flag, const std::optional<double>& given,
                        bool applies, double fallback, bool strictly_positive = false) {
  if (!given) return fallback;
  const std::string name(flag);
  if (!applies) throw parameter_error(name, "{" + name + "} does not apply to game '" + game + "'");
  const double x = *given;
  if (!std::isfinite(x) || x < 0 || (strictly_positive && x == 0))
    throw parameter_error(name, "{" + name + "} must be a finite number " + (strictly_positive ? "> 0" : ">= 0") +
                                    " (got " + number_text(x) + ")");
  return x;
}

template <int N>
Eigen::Matrix<double, N, 1> data_point(const std::vector<double>& data, Eigen::Index dim) {
  Eigen::Matrix<double, N, 1> x = Eigen::Matrix<double, N, 1>::Zero(dim);
  if (data.empty()) return x;
  if (static_cast<Eigen::Index>(data.size()) != dim)
    throw parameter_error("data", "{data} has " + std::to_string(data.size()) +
                                      " values but the game has dimension " + std::to_string(dim));
  for (Eigen::Index i = 0; i < dim; ++i) {
    if (!std::isfinite(data[i]))
      throw parameter_error("data", "{data} must be finite (got " + number_text(data[i]) + ")");
    x[i] = data[i];
  }
  return x;
}

}  // namespace detail

// A game name with every parameter validated and its default filled in.
struct resolved_game {
  game_name name;
  std::vector<std::pair<std::string, double>> parameters;  // the ones that apply, by flag name

  double operator[](std::string_view flag) const {
    for (const auto& [key, value] : parameters)
      if (key == flag) return value;
    return 0;  // a term that does not apply is switched off
  }
};

// Validates p against the game `name` (docs/games.md). Throws parameter_error naming the unknown game, or the parameter that does not apply to
// it or lies outside its domain.
inline resolved_game resolve_game(std::string_view name, const game_parameters& p) {
  resolved_game r{.name = parse_game_name(name), .parameters = {}};
  const game_name& g = r.name;
  const std::string full(name);
  const bool gp = g.base == "wgan-gp" || g.base == "wgan-div";
  const auto add = [&](std::string_view flag, const std::optional<double>& given, bool applies, double fallback,
                       bool strictly_positive = false) {
    const double x = detail::parameter(full, flag, given, applies, fallback, strictly_positive);
    if (applies) r.parameters.emplace_back(std::string(flag), x);
  };
  add("lambda", p.lambda, gp || g.base == "wgan-lp" || g.base == "wgan-qc", game_defaults::lambda);
  // wgan-div is wgan-gp with its centre fixed at 0 (dirac-gan-convergence.zh.txt): a --c for
  // it would silently turn it into wgan-gp, so it is refused.
  if (g.base == "wgan-div" && p.c)
    throw parameter_error("c", "{c} does not apply to game '" + full + "' (wgan-div is wgan-gp with c = 0)");
  add("c", g.base == "wgan-div" ? std::optional(0.0) : p.c, gp, game_defaults::c);
  add("gamma", p.gamma, g.r1, game_defaults::gamma);
  add("sigma", p.sigma, g.noise, game_defaults::sigma);
  add("consensus-gamma", p.consensus_gamma, g.consensus, game_defaults::consensus_gamma);
  add("clip", p.clip, g.base == "wgan", game_defaults::clip, true);
  // The bilinear coupling a: any finite number (a < 0 turns the rotation the other way).
  if (p.coupling) {
    if (g.base != "bilinear") throw parameter_error("coupling", "{coupling} does not apply to game '" + full + "'");
    if (!std::isfinite(*p.coupling))
      throw parameter_error("coupling", "{coupling} must be a finite number (got " + detail::number_text(*p.coupling) + ")");
  }
  if (g.base == "bilinear") r.parameters.emplace_back("coupling", p.coupling.value_or(game_defaults::coupling));
  // x* belongs to the Dirac-GAN games and to linear-wgan-mean.
  if (!p.data.empty() && is_classic(g) && g.base != "linear-wgan-mean")
    throw parameter_error("data", "{data} does not apply to game '" + full + "'");
  return r;
}

// A classic game (docs/games.md, "Classic games") from its validated name and parameters.
template <int N>
dirac_game<N> make_classic_game(const resolved_game& r, const game_parameters& p, Eigen::Index dim) {
  const std::string& base = r.name.base;
  if (base == "bilinear") return scalar_bilinear<N>(r["coupling"], dim);
  if (base == "linear-wgan-mean") {
    linear_wgan_mean<N> g{.data = linear_wgan_mean<N>::default_mean(dim)};
    if (!p.data.empty()) g.data = detail::data_point<N>(p.data, dim);
    return g;
  }
  if (dim != 1)
    throw parameter_error("dim", "{dim} must be 1 for game '" + base + "' (one parameter per player; got " +
                                     std::to_string(dim) + ")");
  if (base == "tandem") return tandem_game<N>{};
  return matching_pennies_game<N>{};
}

// Builds the game `name` (docs/games.md) of dimension dim with parameters p. Throws
// parameter_error naming the unknown game, the parameter that does not apply or is
// out of its domain, or the mismatched dimension.
template <int N = Eigen::Dynamic>
dirac_game<N> make_game(std::string_view name, const game_parameters& p,
                        Eigen::Index dim = N == Eigen::Dynamic ? 1 : N) {
  const resolved_game r = resolve_game(name, p);
  const game_name& g = r.name;
  if (dim < 1) throw parameter_error("dim", "{dim} must be an integer >= 1 (got " + std::to_string(dim) + ")");
  if (N != Eigen::Dynamic && dim != N)
    throw parameter_error("dim", "{dim} " + std::to_string(dim) + " differs from the compiled dimension " +
                                     std::to_string(N));
  if (is_classic(g)) return make_classic_game<N>(r, p, dim);
  const auto data = detail::data_point<N>(p.data, dim);

  const bool gp = g.base == "wgan-gp" || g.base == "wgan-div";
  const discriminator_penalty penalty{.r1 = r["gamma"],
                                      .gp_lambda = gp ? r["lambda"] : 0.0,
                                      .gp_centre = r["c"],
                                      .lp_lambda = g.base == "wgan-lp" ? r["lambda"] : 0.0};
  const auto base = [&]() -> base_game<N> {
    const double noise = r["sigma"];
    if (g.base == "gan") return f_gan<N>{.penalty = penalty, .noise_sigma = noise, .data = data};
    if (g.base == "nsgan")
      return f_gan<N>{
          .objective = generator_objective::non_saturating, .penalty = penalty, .noise_sigma = noise, .data = data};
    if (g.base == "nsgan-fm")
      return f_gan<N>{
          .objective = generator_objective::feature_matching, .penalty = penalty, .noise_sigma = noise, .data = data};
    if (g.base == "wgan-norm") return normalised_wgan<N>{.penalty = penalty, .data = data};
    if (g.base == "wgan-qc") return wgan_qc<N>{.lambda = r["lambda"], .penalty = penalty, .data = data};
    if (g.base == "hinge")
      return f_gan<N, hinge_loss>{.objective = generator_objective::critic, .penalty = penalty, .data = data};
    if (g.base == "lsgan")
      return f_gan<N, least_squares_loss>{
          .objective = generator_objective::least_squares, .penalty = penalty, .data = data};
    f_gan<N, linear_loss> w{.penalty = penalty, .data = data};  // wgan, wgan-gp, wgan-div, wgan-lp
    if (g.base == "wgan") w.clip = r["clip"];
    return w;
  }();
  return std::visit(
      [&](const auto& b) -> dirac_game<N> {
        if (g.consensus) return consensus<std::decay_t<decltype(b)>>{.game = b, .gamma = r["consensus-gamma"]};
        return b;
      },
      base);
}

}  // namespace gandyn::registry
