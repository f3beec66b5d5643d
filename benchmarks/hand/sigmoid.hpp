// The logistic sigmoid 1/(1 + e^-t), evaluated without overflow for either sign of t,
// exactly as games/losses.hpp does (so the hand baselines do the same arithmetic).
#pragma once

#include <cmath>

namespace hand {

inline double sigmoid(double t) {
  if (t >= 0) return 1 / (1 + std::exp(-t));
  const double e = std::exp(t);
  return e / (1 + e);
}

}  // namespace hand
