// The benchmarked games, each from the registry by its name (docs/games.md, "Names"; library
// side, as the programs build it) and written by hand (hand/fields.hpp), with the same
// parameters (the registry's defaults: x* = 0, lambda = 0.35, c = 1, sigma = 0.7, consensus
// gamma = 1).
#pragma once

#include "hand/fields.hpp"

#include <gandyn/gandyn.hpp>
#include <gandyn/registry/make_game.hpp>

#include <variant>
#include <vector>

namespace bench {

inline const double* zeros() {  // x* = 0 (the registry's default) for the hand fields
  static const std::vector<double> z(4096, 0.0);
  return z.data();
}

// The games, from the registry by name (library) and written by hand.
struct nsgan {
  static constexpr const char* name = "nsgan";
  template <int N>
  static auto library(long n) {
    return std::get<gandyn::f_gan<N>>(gandyn::registry::make_game<N>(name, {}, n));
  }
  template <int H>
  static auto by_hand(long n) {
    hand::logistic_gan<H> f;
    f.n = n;
    f.data = zeros();
    return f;
  }
};

struct wgan_gp {
  static constexpr const char* name = "wgan-gp";
  template <int N>
  static auto library(long n) {
    return std::get<gandyn::f_gan<N, gandyn::linear_loss>>(gandyn::registry::make_game<N>(name, {}, n));
  }
  template <int H>
  static auto by_hand(long n) {
    hand::wgan_gp<H> f;
    f.n = n;
    f.data = zeros();
    return f;
  }
};

struct gan_noise {
  static constexpr const char* name = "gan-noise";
  template <int N>
  static auto library(long n) {
    return std::get<gandyn::f_gan<N>>(gandyn::registry::make_game<N>(name, {}, n));
  }
  template <int H>
  static auto by_hand(long n) {
    hand::gan_noise<H> f;
    f.n = n;
    f.data = zeros();
    return f;
  }
};

struct gan_consensus {
  static constexpr const char* name = "gan-consensus";
  template <int N>
  static auto library(long n) {
    return std::get<gandyn::consensus<gandyn::f_gan<N>>>(gandyn::registry::make_game<N>(name, {}, n));
  }
  template <int H>
  static auto by_hand(long n) {
    hand::gan_consensus<H> f;
    f.n = n;
    f.data = zeros();
    return f;
  }
};

struct nsgan_consensus {
  static constexpr const char* name = "nsgan-consensus";
  template <int N>
  static auto library(long n) {
    return std::get<gandyn::consensus<gandyn::f_gan<N>>>(gandyn::registry::make_game<N>(name, {}, n));
  }
  template <int H>
  static auto by_hand(long n) {
    hand::nsgan_consensus<H> f;
    f.n = n;
    f.data = zeros();
    return f;
  }
};

}  // namespace bench
