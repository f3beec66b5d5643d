// A game chosen at run time, over a fixed list of scalar types.
//
// Programs that pick a game and a rule by name instantiate every pair: games x rules x
// scalars. Behind `basic_any_game<S1, ..., Sk>` each game is compiled once per listed scalar
// (its field, projection and losses), and each rule once against the erased game, so the
// cost is games x scalars + rules x scalars. The price is one virtual call per evaluation
// of the field and a run-time-size state: right for analysis and for rules whose own cost
// (Jacobians, linear solves) dwarfs a call, wrong for the hot loop of a plain gradient step,
// which should keep the concrete type (docs/games.md, "Games chosen at run time").
//
// The listed scalars are what the erased game accepts: double for simulation, and the
// dual numbers that exact Jacobians of a field, of a step, or of a step that itself
// differentiates the field, evaluate it on (core/jacobian.hpp uses dual<S, 8> at run-time
// size). A scalar outside the list is a compile-time error naming the call.
#pragma once

#include "gandyn/core/game.hpp"

#include <Eigen/Core>

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

namespace gandyn {

// A list of scalar types.
template <class... S>
struct scalars {};

namespace detail {

// What the erased game does on scalar S: v(x) and the projection.
template <class S>
struct erased_field {
  virtual ~erased_field() = default;
  virtual void field(const state<S, Eigen::Dynamic>& x, state<S, Eigen::Dynamic>& v) const = 0;
  virtual bool project(state<S, Eigen::Dynamic>& x) const = 0;
};

// The players' losses (L_G, L_D) on scalar S.
template <class S>
struct erased_losses {
  virtual ~erased_losses() = default;
  virtual std::pair<S, S> losses(const state<S, Eigen::Dynamic>& x) const = 0;
};

template <class FieldScalars, class LossScalars>
struct erased_game;

template <class... F, class... L>
struct erased_game<scalars<F...>, scalars<L...>> : erased_field<F>..., erased_losses<L>... {
  using erased_field<F>::field...;
  using erased_field<F>::project...;
  using erased_losses<L>::losses...;
  virtual Eigen::Index generator_dim() const = 0;
  virtual Eigen::Index discriminator_dim() const = 0;
  virtual std::optional<std::string> non_differentiable_reason(const state<double, Eigen::Dynamic>& x) const = 0;
};

// The game G behind the interface Base: a recursion over the scalars, each level overriding
// the operations of one scalar (the field's first, then the losses').
template <class G, class Base, class FieldScalars, class LossScalars>
struct erased_model;

template <class G, class Base>
struct erased_model<G, Base, scalars<>, scalars<>> : Base {
  G game;
  explicit erased_model(G g) : game(std::move(g)) {}
  Eigen::Index generator_dim() const final { return game.generator_dim(); }
  Eigen::Index discriminator_dim() const final { return game.discriminator_dim(); }
  std::optional<std::string> non_differentiable_reason(const state<double, Eigen::Dynamic>& x) const final {
    return gandyn::non_differentiable_reason(game, state_of<G>(x));
  }
};

template <class G, class Base, class S, class... L>
struct erased_model<G, Base, scalars<>, scalars<S, L...>> : erased_model<G, Base, scalars<>, scalars<L...>> {
  using erased_model<G, Base, scalars<>, scalars<L...>>::erased_model;
  using erased_model<G, Base, scalars<>, scalars<L...>>::losses;  // the other scalars' overrides
  std::pair<S, S> losses(const state<S, Eigen::Dynamic>& x) const final {
    if constexpr (game_with_losses_over<G, S>) {
      return this->game.losses(state_of<G, S>(x));
    } else {
      throw std::invalid_argument("this game does not expose its losses (L_G, L_D)");
    }
  }
};

template <class G, class Base, class S, class... F, class... L>
struct erased_model<G, Base, scalars<S, F...>, scalars<L...>> : erased_model<G, Base, scalars<F...>, scalars<L...>> {
  using erased_model<G, Base, scalars<F...>, scalars<L...>>::erased_model;
  using erased_model<G, Base, scalars<F...>, scalars<L...>>::field;  // the other scalars' overrides
  using erased_model<G, Base, scalars<F...>, scalars<L...>>::project;
  using dynamic = state<S, Eigen::Dynamic>;

  // A game of compile-time size gets its own state type (Eigen checks the length).
  void field(const dynamic& x, dynamic& v) const final {
    if constexpr (state_size_v<G> == Eigen::Dynamic) {
      gandyn::evaluate(this->game, x, v);
    } else {
      v = this->game(state_of<G, S>(x));
    }
  }
  bool project(dynamic& x) const final {
    if constexpr (state_size_v<G> == Eigen::Dynamic) {
      return gandyn::project(this->game, x);
    } else {
      state_of<G, S> y = x;
      const bool changed = gandyn::project(this->game, y);
      x = y;
      return changed;
    }
  }
};

template <class S, class List>
inline constexpr bool listed = false;
template <class S, class... Scalars>
inline constexpr bool listed<S, scalars<Scalars...>> = (std::is_same_v<S, Scalars> || ...);

}  // namespace detail

// FieldScalars: the scalars of v(x) and the projection; LossScalars: those of the losses
// (rules that differentiate the losses twice, then the analysis once more, need one level
// of nesting more for the losses than any rule needs for the field).
template <class FieldScalars, class LossScalars = FieldScalars>
class basic_any_game {
 public:
  static constexpr int state_size = Eigen::Dynamic;

  template <game G>
    requires(!std::is_same_v<std::remove_cvref_t<G>, basic_any_game>)
  explicit basic_any_game(G g)
      : model_(std::make_shared<const detail::erased_model<G, detail::erased_game<FieldScalars, LossScalars>, FieldScalars, LossScalars>>(
            std::move(g))) {}

  Eigen::Index generator_dim() const { return model_->generator_dim(); }
  Eigen::Index discriminator_dim() const { return model_->discriminator_dim(); }

  template <class S>
    requires detail::listed<S, FieldScalars>
  state<S, Eigen::Dynamic> operator()(const state<S, Eigen::Dynamic>& x) const {
    state<S, Eigen::Dynamic> v(x.size());
    model_->field(x, v);
    return v;
  }

  template <class S>
    requires detail::listed<S, FieldScalars>
  void evaluate(const state<S, Eigen::Dynamic>& x, state<S, Eigen::Dynamic>& v) const {
    if (v.size() != x.size()) v.resize(x.size());
    model_->field(x, v);
  }

  template <class S>
    requires detail::listed<S, FieldScalars>
  bool project(state<S, Eigen::Dynamic>& x) const {
    return model_->project(x);
  }

  // (L_G, L_D); throws std::invalid_argument when the game does not expose them.
  template <class S>
    requires detail::listed<S, LossScalars>
  std::pair<S, S> losses(const state<S, Eigen::Dynamic>& x) const {
    return model_->losses(x);
  }

  template <class X>
  std::optional<std::string> non_differentiable_reason(const X& x) const {
    return model_->non_differentiable_reason(state<double, Eigen::Dynamic>(x.template cast<double>()));
  }

 private:
  std::shared_ptr<const detail::erased_game<FieldScalars, LossScalars>> model_;
};

}  // namespace gandyn
