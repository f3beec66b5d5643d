// Adam (Kingma & Ba 2015) exactly as PyTorch's torch.optim.Adam (amsgrad = False,
// weight_decay = 0), on each player's loss gradient g = -v, one step counter per player,
// simultaneous or alternating (docs/rules.md, "Adam and RMSProp"):
//   m = b1 m + (1 - b1) g;  s = b2 s + (1 - b2) g^2;  p -= lr (m / (1 - b1^t)) / (sqrt(s / (1 - b2^t)) + eps)
// (DCGAN's setting, gan-tutorial-improved-fgan-wgan.zh.txt: lr 2e-4, beta1 0.5.)
#pragma once

#include "gandyn/dynamics/detail/moments.hpp"

#include <cmath>
#include <optional>

namespace gandyn {

struct adam {
  static constexpr bool depends_on_step_count = true;  // bias correction: no fixed one-step map
  double beta1 = 0.9;
  double beta2 = 0.999;
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
                       [&](auto&& p, const auto& grad, auto&& m, auto&& s, long t, double lr) {
                         using std::sqrt;
                         m = S(beta1) * m + S(1 - beta1) * grad;
                         s = S(beta2) * s + S(1 - beta2) * grad.cwiseProduct(grad);
                         const S correction1(1 - std::pow(beta1, static_cast<double>(t)));
                         const S correction2(1 - std::pow(beta2, static_cast<double>(t)));
                         for (Eigen::Index i = 0; i < p.size(); ++i)
                           p[i] -= S(lr) * (m[i] / correction1) / (sqrt(s[i] / correction2) + S(eps));
                       });
  }
};

}  // namespace gandyn
