// RMSProp (Hinton 2012) exactly as PyTorch's torch.optim.RMSprop (centered = False,
// momentum = 0, weight_decay = 0), on each player's loss gradient g = -v, one step counter
// per player, simultaneous or alternating (docs/rules.md, "Adam and RMSProp"):
//   s = alpha s + (1 - alpha) g^2;  p -= lr g / (sqrt(s) + eps)
// (WGAN's setting, gan-tutorial-improved-fgan-wgan.zh.txt: lr 5e-5, clipping 0.01, n_critic 5.)
#pragma once

#include "gandyn/dynamics/detail/moments.hpp"

#include <cmath>
#include <optional>

namespace gandyn {

struct rmsprop {
  static constexpr bool depends_on_step_count = true;  // running moments: no fixed one-step map
  double alpha = 0.99;
  double eps = 1e-8;
  std::optional<alternation> alternate;  // empty: both players from the same x
  double discriminator_scale = 1;  // lr_D / lr_G

  // One evaluation of v, or one per single-player update when alternating (docs/rules.md,
  // "Cost: field evaluations").
  int evaluations() const { return alternate ? alternate->ng + alternate->nd : 1; }

  template <class State>
  using memory = detail::moment_memory<State>;

  template <class G, class State>
  void step(const G& g, State& x, memory<State>& mem, double h) const {
    using S = typename State::Scalar;
    detail::per_player(g, x, mem, alternate, h, discriminator_scale,
                       [&](auto&& p, const auto& grad, auto&&, auto&& s, long, double lr) {
                         using std::sqrt;
                         s = S(alpha) * s + S(1 - alpha) * grad.cwiseProduct(grad);
                         for (Eigen::Index i = 0; i < p.size(); ++i)
                           p[i] -= S(lr) * grad[i] / (sqrt(s[i]) + S(eps));
                       });
  }
};

}  // namespace gandyn
