// Flags kept as text and parsed strictly (arguments.hpp), so that CLI11 never converts a
// number itself (it would accept 'nan'); and the game flags shared by every subcommand.
#pragma once

#include "arguments.hpp"

#include <CLI/CLI.hpp>
#include <gandyn/registry/make_game.hpp>

#include <optional>
#include <string>

namespace cli {

struct text_flag {
  std::string name;
  std::string text;
  CLI::Option* option = nullptr;

  void add(CLI::App* app, const std::string& flag, const std::string& help) {
    name = flag;
    option = app->add_option(flag, text, help);
  }
  bool given() const { return option && option->count() > 0; }
  std::optional<std::string> value() const { return given() ? std::optional(text) : std::nullopt; }
};

struct game_flags {
  text_flag game, lambda, c, gamma, sigma, consensus_gamma, clip, data;

  void add(CLI::App* app) {
    game.add(app, "--game", "game name: BASE[-r1][-noise][-consensus] (SPEC 2)");
    game.option->required();
    lambda.add(app, "--lambda", "penalty weight (0.35)");
    c.add(app, "--c", "gradient-penalty centre (1; wgan-div: 0)");
    gamma.add(app, "--gamma", "R1 / weight decay (0.3)");
    sigma.add(app, "--sigma", "instance noise (0.7)");
    consensus_gamma.add(app, "--consensus-gamma", "consensus weight (1)");
    clip.add(app, "--clip", "WGAN weight clipping (1)");
    data.add(app, "--data", "data point x*, comma list (0)");
  }

  // The registry's parameters; the registry checks domains and applicability.
  gandyn::game_parameters parameters() const {
    gandyn::game_parameters p;
    const auto number = [](const text_flag& f) -> std::optional<double> {
      if (!f.given()) return std::nullopt;
      return parse_number(f.name, f.text);
    };
    p.lambda = number(lambda);
    p.c = number(c);
    p.gamma = number(gamma);
    p.sigma = number(sigma);
    p.consensus_gamma = number(consensus_gamma);
    p.clip = number(clip);
    if (data.given()) p.data = parse_list("--data", data.text);
    return p;
  }
};

}  // namespace cli
