// Optimistic Adam (Daskalakis et al. 2018, "Training GANs with Optimism", Algorithm 1) with
// Adam's moments and bias corrections as PyTorch's torch.optim.Adam, on the loss gradient
// g = -v (docs/rules.md, "Optimistic Adam"): with d_t = (m_t / (1 - b1^t)) / (sqrt(s_t / (1 - b2^t)) + eps),
//   m_t = b1 m_{t-1} + (1 - b1) g_t,   s_t = b2 s_{t-1} + (1 - b2) g_t^2,
//   x_t = x_{t-1} - 2 h d_t + h d_{t-1},   d_0 = 0 (the second term is 0 on the first step).
// Both players update from the same x, so their step counters (one per player in PyTorch) are
// equal: one counter t. Not analysed: the bias correction makes the map depend on t.
#pragma once

#include "gandyn/core/game.hpp"
#include "gandyn/dynamics/detail/scratch.hpp"

#include <cmath>
#include <stdexcept>

namespace gandyn {

struct optimistic_adam {
  static constexpr bool depends_on_step_count = true;  // bias correction: no fixed one-step map
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;

  template <class State>
  struct memory {
    State first{};      // m
    State second{};     // s, the running average of g^2
    State direction{};  // d_{t-1}, the previous bias-corrected Adam direction
    long t = 0;         // the step counter (both players')
    scratch<State> v_of{};  // v(x), kept at run-time size
  };

  // One evaluation of v (docs/rules.md, "Cost: field evaluations").
  int evaluations() const { return 1; }

  template <class G, class State>
  void step(const G& g, State& x, memory<State>& mem, double h) const {
    using S = typename State::Scalar;
    using std::sqrt;
    if (!(beta1 >= 0 && beta1 < 1)) throw std::invalid_argument("optimistic_adam: beta1 must be in [0, 1)");
    if (!(beta2 >= 0 && beta2 < 1)) throw std::invalid_argument("optimistic_adam: beta2 must be in [0, 1)");
    if (!(eps >= 0)) throw std::invalid_argument("optimistic_adam: eps must be >= 0");
    if (mem.t == 0) {
      mem.first = State::Zero(x.size());
      mem.second = State::Zero(x.size());
      mem.direction = State::Zero(x.size());
    }
    ++mem.t;
    const S correction1(1 - std::pow(beta1, static_cast<double>(mem.t)));
    const S correction2(1 - std::pow(beta2, static_cast<double>(mem.t)));
    const auto& v = mem.v_of.field(g, x);
    for (Eigen::Index i = 0; i < x.size(); ++i) {
      const S grad = -v[i];
      mem.first[i] = S(beta1) * mem.first[i] + S(1 - beta1) * grad;
      mem.second[i] = S(beta2) * mem.second[i] + S(1 - beta2) * grad * grad;
      const S d = (mem.first[i] / correction1) / (sqrt(mem.second[i] / correction2) + S(eps));
      x[i] -= S(h) * (S(2) * d - mem.direction[i]);
      mem.direction[i] = d;
    }
    project(g, x);
  }
};

}  // namespace gandyn
