// Loss functions f of the GAN family L_D = f(D(theta)) + f(-D(x*)) (SPEC 1;
// Mescheder, Geiger & Nowozin 2018, eq. 1; gan-training-convergence-analysis.fa.txt, section 3).
// Each provides f, f' and f'' on any scalar type.
#pragma once

#include "gandyn/core/dual.hpp"

#include <cmath>
#include <utility>

namespace gandyn {

// sigmoid(t) = 1 / (1 + exp(-t)), evaluated without overflow for either sign of t.
template <class S>
S sigmoid(const S& t) {
  using std::exp;
  if (primal(t) >= 0) return S(1) / (S(1) + exp(-t));
  const S e = exp(t);
  return e / (S(1) + e);
}

// Standard GAN: f(t) = -log(1 + exp(-t)), f'(t) = sigmoid(-t), f''(t) = -sigmoid(t) sigmoid(-t);
// f'(0) = 1/2, f''(0) = -1/4 (Goodfellow et al. 2014; SPEC 1).
struct logistic_loss {
  template <class S>
  static S f(const S& t) {
    using std::exp;
    using std::log1p;
    // -log(1 + e^-t) = min(t, 0) - log(1 + e^-|t|)
    if (primal(t) >= 0) return -log1p(exp(-t));
    return t - log1p(exp(t));
  }
  template <class S>
  static S df(const S& t) {
    return sigmoid(S(-t));
  }
  template <class S>
  static S d2f(const S& t) {
    return -sigmoid(t) * sigmoid(S(-t));
  }
  // f'(t) and f''(t) = -f'(t) (1 - f'(t)) from one exponential.
  template <class S>
  static std::pair<S, S> slopes(const S& t) {
    const S d1 = df(t);
    return {d1, -d1 * (S(1) - d1)};
  }
};

// Wasserstein GAN: f(t) = t (Arjovsky, Chintala & Bottou 2017; wgan-wasserstein-gp.zh.txt).
struct linear_loss {
  template <class S>
  static S f(const S& t) {
    return t;
  }
  template <class S>
  static S df(const S&) {
    return S(1);
  }
  template <class S>
  static S d2f(const S&) {
    return S(0);
  }
  template <class S>
  static std::pair<S, S> slopes(const S&) {
    return {S(1), S(0)};
  }
};

}  // namespace gandyn
