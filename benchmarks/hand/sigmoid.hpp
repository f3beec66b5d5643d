// The logistic sigmoid pair {sigmoid(t), sigmoid(-t)}, sigmoid(t) = 1/(1 + e^-t), from one
// exponential without overflow for either sign of t, exactly as games/losses.hpp does (so the
// hand baselines do the same arithmetic).
#pragma once

#include <cmath>

namespace hand {

struct sigmoids {
  double of_t, of_minus_t;
};

inline sigmoids sigmoid_pair(double t) {
  const double e = std::exp(-std::abs(t));  // e^-|t|
  const double large = 1 / (1 + e), small = e * large;
  return t >= 0 ? sigmoids{large, small} : sigmoids{small, large};
}

}  // namespace hand
