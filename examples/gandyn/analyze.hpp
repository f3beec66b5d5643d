// `gandyn analyze` (SPEC 5): the exact Jacobian of the flow or of one iteration of a rule
// at the equilibrium (or a given point), its eigenvalues, radius, abscissa, verdict and the
// largest stable step.
#pragma once

#include "flag_set.hpp"

#include <gandyn/analysis/spectrum.hpp>

#include <Eigen/Core>

#include <complex>
#include <optional>

namespace cli {

struct analysis_report {
  Eigen::VectorXd point;  // the state analysed (the equilibrium unless --theta/--psi)
  Eigen::MatrixXd jacobian;
  Eigen::VectorXcd eigenvalues;
  double spectral_radius = 0;
  double spectral_abscissa = 0;
  gandyn::verdict verdict = gandyn::verdict::marginal;
  std::optional<double> max_stable_h;  // null for the flow
};

void add_analyze_flags(flag_registry& r);

// Throws usage_error / std::invalid_argument for bad input, std::domain_error where the
// field is not differentiable at the point. The largest stable step (a search over h) is
// computed only when asked for.
analysis_report analyze_from(const flag_set& f, bool with_max_stable_h = true);

int run_analyze(const flag_set& f);

}  // namespace cli
