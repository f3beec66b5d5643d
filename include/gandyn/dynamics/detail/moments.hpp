// The optimiser state that Adam and RMSProp share (running moments of each player's loss
// gradient g = -v and one step counter per player, docs/rules.md, "Adam and RMSProp"), and
// the loop that applies a per-player update simultaneously or in an alternating order.
#pragma once

#include "gandyn/dynamics/detail/players.hpp"
#include "gandyn/dynamics/detail/scratch.hpp"
#include "gandyn/dynamics/rules/alternation.hpp"

#include <optional>

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

// Runs `update(p, g_block, m_block, s_block, t, lr)` (g_block an expression) on each player,
// simultaneously (both from the same x, `order` empty) or in the alternating `order`; g = -v is the player's
// loss gradient.
template <class G, class State, class Update>
void per_player(const G& g, State& x, moment_memory<State>& mem, const std::optional<alternation>& order,
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
  if (order) {
    order->run([&](player p) {
      one(p, mem.v_of.block(g, x, p));
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

}  // namespace gandyn
