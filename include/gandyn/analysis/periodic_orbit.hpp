// Periodic orbits and their multipliers (docs/analysis.md, "Periodic orbits").
//
// Maps. A period-k orbit of x -> F(x) is a root of R(x) = F^k(x) - x; its multipliers are the
// eigenvalues of D(F^k)(x) = DF(x_{k-1}) ... DF(x_0), the product of the exact step Jacobians
// along the orbit (chain rule; Parker & Chua 1989, "Practical Numerical Algorithms for
// Chaotic Systems", 4.1).
//
// Flows. A periodic orbit of x' = v(x) of period T is a root of R(x, T) = Phi_T(x) - x, Phi the
// flow map, here N fixed RK4 steps of size T/N (analysis/rk4_step.hpp) so that dual numbers
// give its exact derivatives: the monodromy matrix M = dPhi_T/dx (the product of the step
// Jacobians) and dPhi_T/dT (the steps' derivatives with respect to their size, carried through
// the later steps). R has a one-dimensional null direction along the orbit (any point of it is
// a root), so a phase condition pins the point: u.(x - x_ref) = 0 with u along v(x_ref), a Poincare
// section through the first guess (Seydel, "Practical Bifurcation and Stability Analysis",
// 3rd ed., 7.1; Doedel, Keller & Kernevez 1991). The orbit's Floquet multipliers are the
// eigenvalues of M; one of them is 1 (the direction of the flow).
//
// Families. Where orbits come in a continuous family (the nsgan orbits in two dimensions,
// whose radius is free: a second multiplier 1), the square Jacobian of (R, phase) is singular
// on the orbit and a Newton step is undefined. Every iteration here is therefore a least
// squares (Gauss-Newton) step with the minimal-norm solution of the linearised system, from a
// complete orthogonal decomposition with a rank threshold: it stops on the nearest member of
// the family (Nocedal & Wright, Numerical Optimization, 2nd ed., 10.3; Allgower & Georg,
// "Introduction to Numerical Continuation Methods", 1990, 3.1). On an isolated orbit it is
// Newton's step.
//
// Written once for analysis/differentiable_step.hpp's type-erased steps. Failures are results,
// not exceptions: a residual that is not finite, an iteration that does
// not converge, a degenerate period each end the search with `converged = false` and a reason.
#pragma once

#include "gandyn/analysis/differentiable_step.hpp"
#include "gandyn/analysis/spectrum.hpp"
#include "gandyn/analysis/stability_report.hpp"
#include "gandyn/analysis/step_jacobian.hpp"
#include "gandyn/core/game.hpp"
#include "gandyn/core/jacobian.hpp"

#include <Eigen/Core>
#include <Eigen/QR>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>

namespace gandyn {

struct orbit_search {
  int max_iterations = 50;   // Gauss-Newton steps at most
  double tolerance = 1e-10;  // converged when ||residual|| <= tolerance (1 + ||x||)
  double rank_threshold = 1e-9;  // relative singular-value threshold of the least squares step
};

struct orbit_solution {
  bool converged = false;
  Eigen::VectorXd point;        // on the orbit (the analysed state for maps)
  double period = 0;            // iterations (maps) or time (flows)
  Eigen::VectorXcd multipliers; // eigenvalues of D(F^k) or of the monodromy matrix
  double residual = 0;          // ||F^k(x) - x|| or ||Phi_T(x) - x|| at the point
  int iterations = 0;
  std::string reason;           // why not, when not converged
};

namespace detail {

// The minimal-norm least squares solution of a d = b.
template <class Matrix, class Vector>
Eigen::VectorXd least_squares_step(const Matrix& a, const Vector& b, double threshold) {
  Eigen::CompleteOrthogonalDecomposition<typename Matrix::PlainObject> cod(a);
  cod.setThreshold(threshold);
  return cod.solve(b);
}

// F^k(z) and D(F^k)(z).
template <map_with_jacobian F>
std::pair<Eigen::VectorXd, Eigen::MatrixXd> iterate_with_jacobian(const F& f, Eigen::VectorXd z, long k) {
  Eigen::MatrixXd p = Eigen::MatrixXd::Identity(z.size(), z.size());
  for (long i = 0; i < k; ++i) {
    auto [value, jac] = f.with_jacobian(z);
    p = jac * p;
    z = std::move(value);
  }
  return {std::move(z), std::move(p)};
}

// Phi_T(x) with n RK4 steps of T/n, the monodromy matrix and dPhi_T/dT: with A_i, b_i the
// i-th step's Jacobian in x and in its size T/n, M = A_n ... A_1 and
// dPhi/dT = sum_i A_n ... A_{i+1} b_i / n.
struct flow_map_derivatives {
  Eigen::VectorXd end;
  Eigen::MatrixXd monodromy;
  Eigen::VectorXd d_period;
};

template <flow_step_with_jacobian F>
flow_map_derivatives flow_map_with_derivatives(const F& f, const Eigen::VectorXd& x, double period, long n) {
  const Eigen::Index m = x.size();
  flow_map_derivatives out{x, Eigen::MatrixXd::Identity(m, m), Eigen::VectorXd::Zero(m)};
  const double dt = period / static_cast<double>(n);
  for (long i = 0; i < n; ++i) {
    auto [value, jac] = f.with_jacobian(out.end, dt);
    const Eigen::MatrixXd a = jac.leftCols(m);
    out.d_period = a * out.d_period + jac.col(m) / static_cast<double>(n);
    out.monodromy = a * out.monodromy;
    out.end = std::move(value);
  }
  return out;
}

}  // namespace detail

// A period-k orbit of the map f near z0 (on the map's own state), by least squares Newton on
// F^k(z) - z; the least period is reported, and a fixed point is not an orbit.
template <map_with_jacobian F>
orbit_solution map_periodic_orbit(const F& f, const Eigen::VectorXd& z0, long k, const orbit_search& search = {}) {
  if (k < 1) throw std::invalid_argument("map_periodic_orbit: the period k must be >= 1");
  orbit_solution out;
  out.period = static_cast<double>(k);
  Eigen::VectorXd z = z0;
  const Eigen::Index m = z.size();
  for (int it = 0;; ++it) {
    auto [end, product] = detail::iterate_with_jacobian(f, z, k);
    const Eigen::VectorXd r = end - z;
    out.iterations = it;
    out.residual = r.norm();
    if (!r.allFinite() || !product.allFinite()) {
      out.reason = "the map is not finite along the candidate orbit";
      return out;
    }
    if (out.residual <= search.tolerance * (1 + z.norm())) {
      // The least period: the smallest divisor j of k with F^j(z) = z (to 1000 times the
      // tolerance: the shorter product's rounding differs).
      for (long j = 1; j < k; ++j) {
        if (k % j != 0) continue;
        Eigen::VectorXd w = z;
        for (long i = 0; i < j; ++i) w = f.value(w);
        if ((w - z).norm() <= 1e3 * search.tolerance * (1 + z.norm())) {
          if (j == 1) {
            out.reason = "Newton on F^" + std::to_string(k) + "(x) - x converged to a fixed point of the map";
            return out;
          }
          return map_periodic_orbit(f, z, j, search);
        }
      }
      out.converged = true;
      out.point = z;
      out.multipliers = eigenvalues(product);
      return out;
    }
    if (it == search.max_iterations) {
      std::ostringstream why;
      why << "Newton on F^" << k << "(x) - x did not converge in " << search.max_iterations
          << " iterations (residual " << out.residual << ")";
      out.reason = why.str();
      return out;
    }
    z -= detail::least_squares_step(product - Eigen::MatrixXd::Identity(m, m), r, search.rank_threshold);
  }
}

// A periodic orbit of the RK4 flow near x0 with period near `period`, by shooting with
// N = max(1, round(period / h)) steps of size T/N. The phase condition's normal is the
// direction of one step of h from x0 (v(x0) to O(h)).
template <flow_step_with_jacobian F>
orbit_solution flow_periodic_orbit(const F& f, const Eigen::VectorXd& x0, double period, double h,
                                   const orbit_search& search = {}) {
  if (!(period > 0) || !std::isfinite(period))
    throw std::invalid_argument("flow_periodic_orbit: the period guess must be finite and > 0");
  if (!(h > 0) || !std::isfinite(h)) throw std::invalid_argument("flow_periodic_orbit: h must be finite and > 0");
  const long n = std::max(1L, std::lround(period / h));
  const Eigen::Index m = x0.size();
  Eigen::VectorXd u = f.value(x0, h) - x0;
  orbit_solution out;
  if (!(u.norm() > 0) || !u.allFinite()) {
    out.reason = "the field vanishes at the start: a rest point, not an orbit";
    return out;
  }
  u /= u.norm();
  Eigen::VectorXd x = x0;
  double t = period;
  for (int it = 0;; ++it) {
    const auto d = detail::flow_map_with_derivatives(f, x, t, n);
    Eigen::VectorXd r(m + 1);
    r << d.end - x, u.dot(x - x0);
    out.iterations = it;
    out.residual = r.head(m).norm();
    if (!r.allFinite() || !d.monodromy.allFinite() || !d.d_period.allFinite()) {
      out.reason = "the flow is not finite along the candidate orbit";
      return out;
    }
    if (r.norm() <= search.tolerance * (1 + x.norm())) {
      out.converged = true;
      out.point = x;
      out.period = t;
      out.multipliers = eigenvalues(d.monodromy);
      return out;
    }
    if (it == search.max_iterations) {
      std::ostringstream why;
      why << "shooting did not converge in " << search.max_iterations << " iterations (residual " << out.residual
          << ")";
      out.reason = why.str();
      return out;
    }
    Eigen::MatrixXd a = Eigen::MatrixXd::Zero(m + 1, m + 1);
    a.topLeftCorner(m, m) = d.monodromy - Eigen::MatrixXd::Identity(m, m);
    a.topRightCorner(m, 1) = d.d_period;
    a.bottomLeftCorner(1, m) = u.transpose();
    const Eigen::VectorXd step = detail::least_squares_step(a, r, search.rank_threshold);
    x -= step.head(m);
    t -= step[m];
    if (!(t > 0)) {
      out.reason = "the period left (0, infinity) during shooting";
      return out;
    }
  }
}

// The same for an update rule's map (z0 on its analysed state) and for a game's RK4 flow.
template <analysable_rule Rule, game G>
orbit_solution map_periodic_orbit(const Rule& rule, const G& g, const Eigen::VectorXd& z0, double h, long k,
                                  const orbit_search& search = {}) {
  return map_periodic_orbit(rule_step(rule, g, h), z0, k, search);
}

template <game G>
orbit_solution flow_periodic_orbit(const G& g, const Eigen::VectorXd& x0, double period, double h,
                                   const orbit_search& search = {}) {
  return flow_periodic_orbit(rk4_flow_step(g), x0, period, h, search);
}

}  // namespace gandyn
