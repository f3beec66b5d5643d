// Adam (Kingma & Ba 2015) and RMSProp (Hinton 2012) exactly as PyTorch defines them
// (torch.optim.Adam / RMSprop, defaults amsgrad = False, centered = False, momentum = 0,
// weight_decay = 0), applied to each player's loss gradient g = -v on its own block, with
// one step counter per player (SPEC 3), simultaneously or alternating (n_g, n_d, order):
//   Adam:    m = b1 m + (1 - b1) g;  s = b2 s + (1 - b2) g^2;
//            p -= lr (m / (1 - b1^t)) / (sqrt(s / (1 - b2^t)) + eps)
//   RMSProp: s = alpha s + (1 - alpha) g^2;  p -= lr g / (sqrt(s) + eps)
// (gan-tutorial-improved-fgan-wgan.zh.txt: DCGAN uses Adam lr 2e-4, beta1 0.5; WGAN
// uses RMSProp lr 5e-5 with clipping 0.01 and n_critic 5.)
#pragma once

#include "gandyn/dynamics/alternating.hpp"
#include "gandyn/dynamics/field_buffer.hpp"
#include "gandyn/dynamics/player_split.hpp"

#include <cmath>

namespace gandyn {

namespace detail {

template <class State>
struct moment_memory {
  State first{};   // Adam's m (unused by RMSProp)
  State second{};  // running average of g^2
  long generator_steps = 0;
  long discriminator_steps = 0;
  bool started = false;
  scratch<State> v_of{};  // v(x), kept at run-time size
};

// Runs `update(p, g_block, m_block, s_block, t)` (g_block an expression) on each player,
// simultaneously (both from the same x) or in the alternating order; g = -v is the player's
// loss gradient.
template <class G, class State, class Update>
void per_player(const G& g, State& x, moment_memory<State>& mem, bool alternating, const alternation& order,
                double h, double discriminator_scale, Update&& update) {
  if (!mem.started) {
    mem.first = State::Zero(x.size());
    mem.second = State::Zero(x.size());
    mem.started = true;
  }
  const auto one = [&](player p, const State& v) {
    long& t = p == player::generator ? mem.generator_steps : mem.discriminator_steps;
    ++t;
    const double lr = p == player::generator ? h : h * discriminator_scale;
    update(player_block(g, x, p), -player_block(g, v, p), player_block(g, mem.first, p),
           player_block(g, mem.second, p), t, lr);
  };
  if (alternating) {
    order.run([&](player p) {
      one(p, mem.v_of.field(g, x));
      project(g, x);
    });
  } else {
    const auto& v = mem.v_of.field(g, x);
    one(player::generator, v);
    one(player::discriminator, v);
    project(g, x);
  }
}

}  // namespace detail

struct adam {
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  bool alternating = false;  // false: both players from the same x
  int ng = 1;                // alternating block (as altgd)
  int nd = 1;
  bool discriminator_first = false;
  double discriminator_scale = 1;  // lr_D / lr_G

  template <class State>
  using memory = detail::moment_memory<State>;

  template <class G, class State>
  void step(const G& g, State& x, memory<State>& mem, double h) const {
    using S = typename State::Scalar;
    detail::per_player(g, x, mem, alternating, {ng, nd, discriminator_first}, h, discriminator_scale,
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

struct rmsprop {
  double alpha = 0.99;
  double eps = 1e-8;
  bool alternating = false;
  int ng = 1;
  int nd = 1;
  bool discriminator_first = false;
  double discriminator_scale = 1;  // lr_D / lr_G

  template <class State>
  using memory = detail::moment_memory<State>;

  template <class G, class State>
  void step(const G& g, State& x, memory<State>& mem, double h) const {
    using S = typename State::Scalar;
    detail::per_player(g, x, mem, alternating, {ng, nd, discriminator_first}, h, discriminator_scale,
                       [&](auto&& p, const auto& grad, auto&&, auto&& s, long, double lr) {
                         using std::sqrt;
                         s = S(alpha) * s + S(1 - alpha) * grad.cwiseProduct(grad);
                         for (Eigen::Index i = 0; i < p.size(); ++i)
                           p[i] -= S(lr) * grad[i] / (sqrt(s[i]) + S(eps));
                       });
  }
};

}  // namespace gandyn
