// Look-ahead, LA (Zhang & Lesser 2010, "Multi-Agent Learning with Policy Prediction";
// in the form of Letcher et al. 2019, "Stable Opponent Shaping in Differentiable Games",
// section 3: xi_LA = (I - alpha H_o) xi; docs/rules.md, "LA"): each player steps against the
// other's predicted move, which with xi = -v and H_o = -J_off reads
//   x += h (I + alpha J_off) v,   J_off = [[0, J_tp], [J_pt, 0]],
// alpha the look-ahead rate (default: the step h itself, when la equals lcgd).
#pragma once

#include "gandyn/dynamics/detail/field_jacobian.hpp"

#include <cmath>
#include <optional>
#include <stdexcept>

namespace gandyn {

struct la {
  std::optional<double> alpha;  // look-ahead rate, >= 0; empty: alpha = h

  template <class State>
  struct memory {};

  // v and J (docs/rules.md, "Cost: field evaluations").
  int evaluations() const { return 2; }

  template <class G, class State>
  void step(const G& g, State& x, memory<State>&, double h) const {
    using S = typename State::Scalar;
    const double a = alpha.value_or(h);
    if (!(a >= 0) || !std::isfinite(a)) throw std::invalid_argument("la: alpha must be finite and >= 0");
    const auto [v, jac] = detail::field_and_jacobian(g, x);
    x += S(h) * (v + S(a) * detail::off_diagonal_times<G, State>(g, jac, v));
    project(g, x);
  }
};

}  // namespace gandyn
