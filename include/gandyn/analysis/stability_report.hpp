// Linear stability at a point, of the gradient flow x' = v(x) (analyze_flow) or of one
// iteration x -> F_h(x) of an update rule (analyze_map), in one report (docs/analysis.md,
// "Spectra and verdicts"): the exact Jacobian by automatic differentiation (v'(x), or dF/dz
// on the rule's analysed state, analysis/step_jacobian.hpp), its eigenvalues, spectral
// radius and abscissa, the verdict (from the abscissa for the flow: Lyapunov's indirect
// method, Khalil, Nonlinear Systems, 3rd ed., Theorem 4.7; from the radius for a map:
// gan-training-convergence-analysis.fa.txt, Proposition 1; Mescheder, Nowozin & Geiger
// 2017, "The Numerics of GANs", section 3) and, for a map, the largest stable step
// (analysis/max_stable_step.hpp). The verdict is meaningful at a root of v
// (analysis/equilibrium.hpp); elsewhere the numbers describe the linearisation only.
#pragma once

#include "gandyn/analysis/differentiability.hpp"
#include "gandyn/analysis/max_stable_step.hpp"
#include "gandyn/analysis/spectrum.hpp"
#include "gandyn/core/game.hpp"
#include "gandyn/analysis/step_jacobian.hpp"
#include "gandyn/core/jacobian.hpp"
#include "gandyn/dynamics/update_rule.hpp"

#include <Eigen/Core>

#include <cmath>
#include <complex>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>

namespace gandyn {

// Size: the analysed state's compile-time length (Eigen::Dynamic when known at run time only).
template <int Size>
struct stability_report {
  Eigen::Matrix<double, Size, Size> jacobian;                // v'(x) (flow) or dF/dz (map), exact
  Eigen::Matrix<std::complex<double>, Size, 1> eigenvalues;  // of the Jacobian
  double spectral_radius = 0;                                // max |lambda|
  double spectral_abscissa = 0;                              // max Re lambda
  gandyn::verdict verdict = verdict::marginal;               // abscissa (flow) or radius (map)
  std::optional<double> max_stable_h;                        // maps only
};

// A rule whose one-iteration map is the same at every step, so that it has one Jacobian:
// not Adam or RMSProp, whose bias correction and running moments depend on the step count.
template <class Rule>
concept analysable_rule = update_rule<Rule> && !requires { requires Rule::depends_on_step_count; };

struct map_analysis_options {
  double tolerance = marginal_tolerance;  // the marginal band of map_verdict
  bool max_stable_h = true;               // compute the largest stable step (a scan of radii)
  step_search search = {};
};

namespace detail {
template <class Matrix>
void require_finite_jacobian(const Matrix& jac) {
  for (Eigen::Index j = 0; j < jac.cols(); ++j)
    for (Eigen::Index i = 0; i < jac.rows(); ++i)
      if (!std::isfinite(jac(i, j))) {
        std::ostringstream message;
        message << "the Jacobian at the point has a non-finite entry (row " << i << ", column " << j << ": "
                << jac(i, j) << ")";
        throw std::domain_error(message.str());
      }
}

template <game G, class Derived>
void require_analysable_point(const G& g, const Eigen::MatrixBase<Derived>& x, const char* caller) {
  if (x.size() != state_dim(g))
    throw std::invalid_argument(std::string(caller) + ": the point has " + std::to_string(x.size()) +
                                " coordinates but the game's state has " + std::to_string(state_dim(g)));
  if (!x.allFinite()) throw std::invalid_argument(std::string(caller) + ": the point has non-finite coordinates");
  require_differentiable(g, x);
}

template <class Report>
void fill_spectrum(Report& r) {
  require_finite_jacobian(r.jacobian);
  r.eigenvalues = gandyn::eigenvalues(r.jacobian);
  r.spectral_radius = gandyn::spectral_radius(r.eigenvalues);
  r.spectral_abscissa = gandyn::spectral_abscissa(r.eigenvalues);
}
}  // namespace detail

// The flow's linearisation at x (a double vector of length state_dim(g)); `tolerance` is the
// marginal band of flow_verdict (1e-8). Throws std::invalid_argument for a point of the wrong
// length or with non-finite coordinates, and std::domain_error, with one line naming the
// reason, where the field is not differentiable (analysis/differentiability.hpp) or its
// Jacobian has a non-finite entry.
template <game G, class Derived>
stability_report<state_size_v<G>> analyze_flow(const G& g, const Eigen::MatrixBase<Derived>& x,
                                               double tolerance = marginal_tolerance) {
  detail::require_analysable_point(g, x, "analyze_flow");
  const state_of<G> point = x.template cast<double>();
  stability_report<state_size_v<G>> r;
  r.jacobian = gandyn::jacobian(g, point);
  detail::fill_spectrum(r);
  r.verdict = flow_verdict(r.spectral_abscissa, tolerance);
  return r;
}

// One iteration of `rule` with generator step h, linearised at the state x (a stateful rule on
// its augmented state [x; 0], analysis/step_jacobian.hpp), with the largest stable step of
// the rule at x. Throws as analyze_flow, and std::invalid_argument for h not finite and > 0.
// `jacobian_at(z, h)`: dF_h/dz at the analysed point z, as for max_stable_step.
template <analysable_rule Rule, game G, class Derived, class StepJacobian>
stability_report<analysed_size<Rule, G>()> analyze_map(const Rule& rule, const G& g,
                                                       const Eigen::MatrixBase<Derived>& x, double h,
                                                       const map_analysis_options& options,
                                                       const StepJacobian& jacobian_at) {
  if (!(std::isfinite(h) && h > 0))
    throw std::invalid_argument("analyze_map: the step h must be finite and > 0 (got " + std::to_string(h) + ")");
  detail::require_analysable_point(g, x, "analyze_map");
  const state_of<G> point = x.template cast<double>();
  stability_report<analysed_size<Rule, G>()> r;
  r.jacobian = jacobian_at(analysed_point<Rule>(g, point), h);
  detail::fill_spectrum(r);
  r.verdict = map_verdict(r.spectral_radius, options.tolerance);
  if (options.max_stable_h) r.max_stable_h = max_stable_step(rule, g, point, options.search, jacobian_at);
  return r;
}

template <analysable_rule Rule, game G, class Derived>
stability_report<analysed_size<Rule, G>()> analyze_map(const Rule& rule, const G& g,
                                                       const Eigen::MatrixBase<Derived>& x, double h,
                                                       const map_analysis_options& options = {}) {
  return analyze_map(rule, g, x, h, options, [&](const auto& z, double step) { return step_jacobian(rule, g, z, step); });
}

}  // namespace gandyn
