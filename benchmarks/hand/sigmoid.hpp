// The logistic sigmoid 1/(1 + e^-t), evaluated without overflow for either sign of t,
// exactly as games/losses.hpp does (so the hand baselines do the same arithmetic), and the
// pair {sigmoid(t), sigmoid(-t)} from one exponential.
#pragma once

#include <cmath>

namespace hand {

inline double sigmoid(double t) {
  if (t >= 0) return 1 / (1 + std::exp(-t));
  const double e = std::exp(t);
  return e / (1 + e);
}

struct sigmoids {
  double of_t, of_minus_t;
};

inline sigmoids sigmoid_pair(double t) {
  const double e = std::exp(-std::abs(t));  // e^-|t|
  const double large = 1 / (1 + e), small = e * large;
  return t >= 0 ? sigmoids{large, small} : sigmoids{small, large};
}

}  // namespace hand
