// Loss functions f of the GAN family L_D = f(D(theta)) + f(-D(x*)) (docs/conventions.md,
// "The loss family"; Mescheder, Geiger & Nowozin 2018, eq. 1;
// gan-training-convergence-analysis.fa.txt, section 3).
// Each provides f, f', f'' and {f'(t), f'(-t)} on any scalar type. A loss with a kink (hinge)
// also names the point t where f' jumps, `static constexpr double kink`, so that a game can
// report where its field has no Jacobian (docs/games.md, "Where a field is not differentiable").
#pragma once

#include "gandyn/core/batch.hpp"
#include "gandyn/core/dual.hpp"

// Whether sigmoid_pair clears the upper halves of the vector registers before glibc's exp (see
// there): under AVX, except when compiling for AMD Zen, which has no penalty for dirty upper
// halves and where the instruction itself cost a step of simgd on nsgan at fixed n = 1 and 2
// about 4 ns (1.18x and 1.13x the hand loop with it, 1.045x and 1.044x without: bench_rules,
// -march=native, a 2-vCPU AMD EPYC VM, 2026-12-05).
#if defined(__AVX__) && !defined(__znver1__) && !defined(__znver2__) && !defined(__znver3__) && !defined(__znver4__)
#define GANDYN_CLEAR_UPPER_BEFORE_EXP 1
#include <immintrin.h>
#endif

#include <cmath>
#include <type_traits>
#include <utility>

namespace gandyn {

// {sigmoid(t), sigmoid(-t)}, sigmoid(t) = 1 / (1 + e^-t), from one exponential e^-|t| <= 1:
// no overflow for either sign of t, each to full relative precision (1 - sigmoid(t) would
// lose it where sigmoid(-t) is tiny).
template <class S>
[[gnu::always_inline]] inline std::pair<S, S> sigmoid_pair(const S& t) {
  using std::exp;
  // e^-|t|. In plain numbers and batches through |t|: one exponential, no branch before it,
  // and the two sigmoids put in place by selects (lane by lane for a batch). A dual takes the
  // branch instead: the subgradient 0 of |t| at t = 0 would lose the slope there.
  if constexpr (std::is_arithmetic_v<S> || is_batch_v<S>) {
    using std::abs;
    const auto positive = primal(t) >= S(0);
#if defined(GANDYN_CLEAR_UPPER_BEFORE_EXP)
    // glibc's exp starts with legacy SSE instructions; entered with the upper halves of the ymm
    // registers dirty from a 256-bit Eigen state copy (GCC omits vzeroupper, taking them for zero),
    // it cost ~80 ns a call on an Intel Xeon VM: simgd on nsgan at n = 2 ran at 6.1x its hand loop.
    if constexpr (std::is_arithmetic_v<S>) _mm256_zeroupper();
#endif
    const S e = exp(-abs(t));
    const S large = S(1) / (S(1) + e);  // sigmoid(|t|)
    const S small = e * large;          // sigmoid(-|t|)
    return {select(positive, large, small), select(positive, small, large)};
  } else {
    const bool positive = primal(t) >= 0;
    const S e = exp(positive ? S(-t) : t);
    const S large = S(1) / (S(1) + e);
    const S small = e * large;
    if (positive) return {large, small};
    return {small, large};
  }
}

// Standard GAN: f(t) = -log(1 + exp(-t)), f'(t) = sigmoid(-t), f''(t) = -sigmoid(t) sigmoid(-t);
// f'(0) = 1/2, f''(0) = -1/4 (Goodfellow et al. 2014; docs/conventions.md, "The loss family").
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
    return df_pair(t).first;
  }
  template <class S>
  static S d2f(const S& t) {
    const auto [s, reflected] = sigmoid_pair(t);
    return -s * reflected;
  }
  // {f'(t), f'(-t)} = {sigmoid(-t), sigmoid(t)} from one exponential: the discriminator's and
  // the non-saturating generator's slopes at the same point.
  template <class S>
  static std::pair<S, S> df_pair(const S& t) {
    const auto [s, reflected] = sigmoid_pair(t);
    return {reflected, s};
  }
  // f'(t) and f''(t) = -f'(t) f'(-t) from one exponential.
  template <class S>
  static std::pair<S, S> slopes(const S& t) {
    const auto [d1, reflected] = df_pair(t);
    return {d1, -d1 * reflected};
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
  static std::pair<S, S> df_pair(const S&) {
    return {S(1), S(1)};
  }
  template <class S>
  static std::pair<S, S> slopes(const S&) {
    return {S(1), S(0)};
  }
};

// Hinge loss: f(t) = -max(0, 1 - t) = min(0, t - 1), f'(t) = 1 for t < 1 and 0 for t > 1,
// f'' = 0 away from the kink t = 1 (Lim & Ye 2017, "Geometric GAN"; Miyato et al. 2018, section 4,
// with gandyn's critic D = -D_Miyato, high on generated points: docs/games.md, "hinge").
// At the kink f' takes the subgradient 0 (the one-sided value from the right).
// f'(0) = 1, f''(0) = 0: near t = 0 it is the Wasserstein loss shifted by -1.
struct hinge_loss {
  static constexpr double kink = 1;
  template <class S>
  static S f(const S& t) {
    return select(primal(t) < kink, S(t - S(1)), S(0));  // per lane for a batch
  }
  template <class S>
  static S df(const S& t) {
    return select(primal(t) < kink, S(1), S(0));
  }
  template <class S>
  static S d2f(const S&) {
    return S(0);
  }
  template <class S>
  static std::pair<S, S> df_pair(const S& t) {
    return {df(t), df(S(-t))};
  }
  template <class S>
  static std::pair<S, S> slopes(const S& t) {
    return {df(t), S(0)};
  }
};

// Least squares (LSGAN; Mao et al. 2017, eq. 2 with the labels a = -1 for generated, b = 1
// for real data): f(t) = -(1 - t)^2 / 2, f'(t) = 1 - t, f''(t) = -1; f'(0) = 1, f''(0) = -1.
// With gandyn's critic D = -D_Mao, L_D = f(D(theta)) + f(-D(x*)) = -1/2 (D_Mao(theta) - a)^2
// - 1/2 (D_Mao(x*) - b)^2 (docs/games.md, "lsgan").
struct least_squares_loss {
  template <class S>
  static S f(const S& t) {
    const S d = S(1) - t;
    return S(-0.5) * d * d;
  }
  template <class S>
  static S df(const S& t) {
    return S(1) - t;
  }
  template <class S>
  static S d2f(const S&) {
    return S(-1);
  }
  template <class S>
  static std::pair<S, S> df_pair(const S& t) {
    return {S(1) - t, S(1) + t};
  }
  template <class S>
  static std::pair<S, S> slopes(const S& t) {
    return {S(1) - t, S(-1)};
  }
};

// {sigmoid(t), sigmoid(-t)} of a dual number: the plain pair at t's value, and the tangents by
// the chain rule, sigmoid'(t) = sigmoid(t) sigmoid(-t) (and minus that for sigmoid(-t)). Found
// by argument-dependent lookup before the generic template, as more specialised. No branch on
// dual numbers: the generic version's two differently ordered pairs of duals made GCC build
// the result in memory and read it back (a store-forwarding stall, benchmarks/jacobian.cpp).
template <class T, int K>
[[gnu::always_inline]] inline std::pair<dual<T, K>, dual<T, K>> sigmoid_pair(const dual<T, K>& t) {
  const auto [s, r] = sigmoid_pair(t.value);
  const T slope = s * r;
  return {dual<T, K>::chain(s, slope, t), dual<T, K>::chain(r, -slope, t)};
}

}  // namespace gandyn
