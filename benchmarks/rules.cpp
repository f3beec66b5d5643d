// One step of each update rule (simgd, altgd with n_d = 1 and 5, extragradient, optimistic,
// adam) on nsgan, wgan-gp and gan-noise, at compile-time sizes n = 1, 2, 64 and run-time
// size (Eigen::Dynamic) n = 1, 2, 64, 4096, run by gandyn::iterate, against the hand loop
// (hand/rules.hpp, hand/fields.hpp) on the same start with the same step h = 0.01.
// Names: rules/<rule>/<game>/<fixed|dynamic>/<n>; one unit = one step.
// The rules from the literature (sga, cgd, lcgd, hgd, la, past-extragradient, lookahead over
// simgd, optimistic-adam): one line each, on nsgan at n = 2 (fixed size), against
// hand/literature_rules.hpp (the Jacobian derived by hand).
#include "hand/literature_rules.hpp"
// The rules that need the players' losses (lola, sos, unrolled with K = 5) run once each, on
// `gan` given its losses at fixed n = 2, against hand/opponent_shaping.hpp.
#include "hand/opponent_shaping.hpp"
#include "hand/rules.hpp"
#include "support/compare.hpp"
#include "support/games.hpp"
#include "support/library_side.hpp"
#include "support/start.hpp"

#include <string>
#include <utility>

namespace {

constexpr double h = 0.01;

// The rules, as gandyn aggregates and by hand.
struct simgd {
  static constexpr const char* name = "simgd";
  static gandyn::simgd library() { return {}; }
  template <int H>
  static hand::simgd<H> by_hand() {
    return {h, h};
  }
};
struct altgd1 {
  static constexpr const char* name = "altgd-nd1";
  static gandyn::altgd library() { return {}; }
  template <int H>
  static hand::altgd<H> by_hand() {
    return {h, h, 1};
  }
};
struct altgd5 {
  static constexpr const char* name = "altgd-nd5";
  static gandyn::altgd library() { return {.order = {.nd = 5}}; }
  template <int H>
  static hand::altgd<H> by_hand() {
    return {h, h, 5};
  }
};
struct extragradient {
  static constexpr const char* name = "extragradient";
  static gandyn::extragradient library() { return {}; }
  template <int H>
  static hand::extragradient<H> by_hand() {
    return {h, h};
  }
};
struct optimistic {
  static constexpr const char* name = "optimistic";
  static gandyn::optimistic library() { return {}; }
  template <int H>
  static hand::optimistic<H> by_hand() {
    return {h, h};
  }
};
struct adam {
  static constexpr const char* name = "adam";
  static gandyn::adam library() { return {}; }
  template <int H>
  static hand::adam<H> by_hand() {
    return {h, h};
  }
};

// The rules from the literature, as gandyn aggregates and by hand (hand/literature_rules.hpp).
template <class Hand>
Hand with_step(Hand r) {
  r.h = h;
  return r;
}
struct sga {
  static constexpr const char* name = "sga";
  static gandyn::sga library() { return {}; }
  template <int H>
  static hand::sga<H> by_hand() {
    return with_step(hand::sga<H>{});
  }
};
struct cgd {
  static constexpr const char* name = "cgd";
  static gandyn::cgd library() { return {}; }
  template <int H>
  static hand::cgd<H> by_hand() {
    return with_step(hand::cgd<H>{});
  }
};
struct lcgd {
  static constexpr const char* name = "lcgd";
  static gandyn::lcgd library() { return {}; }
  template <int H>
  static hand::la<H> by_hand() {
    hand::la<H> r = with_step(hand::la<H>{});
    r.alpha = h;
    return r;
  }
};
struct hgd {
  static constexpr const char* name = "hgd";
  static gandyn::hgd library() { return {}; }
  template <int H>
  static hand::hgd<H> by_hand() {
    return with_step(hand::hgd<H>{});
  }
};
struct la {
  static constexpr const char* name = "la";
  static gandyn::la library() { return {.alpha = 0.5}; }
  template <int H>
  static hand::la<H> by_hand() {
    hand::la<H> r = with_step(hand::la<H>{});
    r.alpha = 0.5;
    return r;
  }
};
struct past_extragradient {
  static constexpr const char* name = "past-extragradient";
  static gandyn::past_extragradient library() { return {}; }
  template <int H>
  static hand::past_extragradient<H> by_hand() {
    return with_step(hand::past_extragradient<H>{});
  }
};
struct lookahead {
  static constexpr const char* name = "lookahead-simgd";
  static gandyn::lookahead<gandyn::simgd> library() { return {}; }
  template <int H>
  static hand::lookahead_simgd<H> by_hand() {
    return with_step(hand::lookahead_simgd<H>{});
  }
};
struct optimistic_adam {
  static constexpr const char* name = "optimistic-adam";
  static gandyn::optimistic_adam library() { return {}; }
  template <int H>
  static hand::optimistic_adam<H> by_hand() {
    return with_step(hand::optimistic_adam<H>{});
  }
};

// N: gandyn's compile-time dimension (Eigen::Dynamic for run-time n).
template <class Rule, class Game, int N>
void add(long n) {
  constexpr int H = N == Eigen::Dynamic ? 0 : N;
  using state = gandyn::dirac_state<double, N>;
  const std::string name = std::string("rules/") + Rule::name + "/" + Game::name +
                           (N == Eigen::Dynamic ? "/dynamic/" : "/fixed/") + std::to_string(n);
  benchmark::RegisterBenchmark(name.c_str(), [n](benchmark::State& s) {
    const state x0 = bench::start_point<state>(n);
    auto library = bench::make_library_side([] { return gandyn::make_stepper<state>(Rule::library()); },
                                            Game::template library<N>(n), x0, h);
    using field = decltype(Game::template by_hand<H>(n));
    using rule = decltype(Rule::template by_hand<H>());
    hand::side<H, field, rule> by_hand{Game::template by_hand<H>(n), Rule::template by_hand<H>(), hand::copy_of<H>(x0),
                                       hand::copy_of<H>(x0)};
    bench::compare(s, library, 1e-9, bench::baseline("hand", by_hand));
  })->UseManualTime();
}

template <class Rule, class Game>
void add_sizes() {
  add<Rule, Game, 1>(1);
  add<Rule, Game, 2>(2);
  add<Rule, Game, 64>(64);
  for (long n : {1, 2, 64, 4096}) add<Rule, Game, Eigen::Dynamic>(n);
}

template <class... Rules>
void add_rules() {
  ((add_sizes<Rules, bench::nsgan>(), add_sizes<Rules, bench::wgan_gp>(), add_sizes<Rules, bench::gan_noise>()), ...);
}

template <class... Rules>
void add_literature_rules() {
  (add<Rules, bench::nsgan, 2>(2), ...);
}

template <class Rule, class HandRule>
void add_loss_rule(const char* rule_name, Rule rule, HandRule hand_rule) {
  constexpr int N = 2;
  using state = gandyn::dirac_state<double, N>;
  const std::string name = std::string("rules/") + rule_name + "/gan/fixed/2";
  benchmark::RegisterBenchmark(name.c_str(), [rule, hand_rule](benchmark::State& s) {
    const state x0 = bench::start_point<state>(N);
    const auto game = std::get<gandyn::f_gan<N>>(gandyn::registry::make_game<N>("gan", {}, N));  // with its losses
    auto library = bench::make_library_side([rule] { return gandyn::make_stepper<state>(rule); }, game, x0, h);
    hand::logistic_gan<N, true> field;
    field.data = bench::zeros();
    hand::side<N, hand::logistic_gan<N, true>, HandRule> by_hand{field, hand_rule, hand::copy_of<N>(x0),
                                                                 hand::copy_of<N>(x0)};
    bench::compare(s, library, 1e-9, bench::baseline("hand", by_hand));
  })->UseManualTime();
}

}  // namespace

int main(int argc, char** argv) {
  add_rules<simgd, altgd1, altgd5, extragradient, optimistic, adam>();
  add_literature_rules<sga, cgd, lcgd, hgd, la, past_extragradient, lookahead, optimistic_adam>();
  add_loss_rule("lola", gandyn::lola{}, hand::lola<2>{h, h});
  add_loss_rule("sos", gandyn::sos{}, hand::sos<2>{h, h});
  add_loss_rule("unrolled", gandyn::unrolled{}, hand::unrolled<2>{h});
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
}
