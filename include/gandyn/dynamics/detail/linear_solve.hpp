// The solution of a small dense linear system A y = b by Gaussian elimination with partial
// pivoting (Golub & Van Loan, "Matrix Computations", 4th ed., Algorithm 3.4.1), written on the
// scalar template so that a dual number's tangents go through every operation: the solve is
// then differentiated exactly (CGD's (I - h J_off)^{-1} v, docs/rules.md, "CGD").
//
// Why not Eigen's LU: at run-time size its triangular solves skip right-hand-side entries that
// compare equal to zero (a sparsity shortcut). A dual number compares by its value only, so an
// entry whose value is 0 but whose tangent is not (v at an equilibrium, where v = 0 and v' != 0)
// is skipped with its tangent, and the step Jacobian loses the solve (measured: CGD's step
// Jacobian at the gan equilibrium came out as I + hJ instead of (I - hJ)^{-1} at run-time size,
// right at fixed size). Pivots are chosen by the value, which is the derivative of the same
// sequence of row operations.
#pragma once

#include <Eigen/Core>

#include <cmath>
#include <utility>

namespace gandyn::detail {

// y with A y = b (A square, invertible; a singular pivot gives infinities or NaN, which the
// driver's divergence check and the analysis's finiteness check report).
template <class Matrix, class Vector>
Vector solve_with_partial_pivoting(Matrix a, Vector b) {
  using std::abs;
  const Eigen::Index n = a.rows();
  for (Eigen::Index k = 0; k < n; ++k) {
    Eigen::Index pivot = k;
    for (Eigen::Index i = k + 1; i < n; ++i)
      if (abs(a(i, k)) > abs(a(pivot, k))) pivot = i;
    if (pivot != k) {
      a.row(k).swap(a.row(pivot));
      std::swap(b[k], b[pivot]);
    }
    for (Eigen::Index i = k + 1; i < n; ++i) {
      const auto factor = a(i, k) / a(k, k);
      for (Eigen::Index j = k + 1; j < n; ++j) a(i, j) -= factor * a(k, j);
      b[i] -= factor * b[k];
    }
  }
  for (Eigen::Index i = n - 1; i >= 0; --i) {
    for (Eigen::Index j = i + 1; j < n; ++j) b[i] -= a(i, j) * b[j];
    b[i] /= a(i, i);
  }
  return b;
}

}  // namespace gandyn::detail
