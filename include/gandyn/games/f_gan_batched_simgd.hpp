// Many trajectories of simultaneous gradient descent (simgd) at once, for sweeps over
// starting points (issue 6): the f-GAN Dirac-GAN with the logistic loss (`gan`, `nsgan`),
// data at x*, any dimension n, and a penalty that is linear in psi (R1, or the gradient
// penalty centred at 0). Same map as `iterate` with `simgd` on the same game, one
// trajectory after another (dynamics/simultaneous.hpp, games/f_gan.hpp), but laid out as
// structure-of-arrays blocks: each coordinate of a block of trajectories is one
// contiguous Eigen array, so every operation runs across trajectories in SIMD lanes and
// the sigmoid takes Eigen's vectorised array exp (benchmarks/batched.cpp: 4x over the hand
// loop of one trajectory after another). Blocks run in parallel with OpenMP when the
// program is compiled with -fopenmp; each thread allocates its block once, never per step.
//
// Per trajectory, with a = psi.theta, b = -psi.x*, sigma(t) = 1/(1 + e^-t), f' = sigma(-.):
//   v_theta = -sigma(-a) psi (gan) or -sigma(a) psi (nsgan),
//   v_psi   = sigma(-a) theta - sigma(-b) x* - gamma psi,
// and theta += h v_theta, psi += h_D v_psi (docs/games.md, "gan", "nsgan" and
// "R1 penalty and weight decay"; docs/rules.md, "Simultaneous steps").
// Both sigmoids of a come from one e^a. The results agree with the scalar path to
// rounding (Eigen's exp and the C library's may differ in the last bit).
#pragma once

#include "gandyn/dynamics/rules/simgd.hpp"
#include "gandyn/games/f_gan.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

// OpenMP only when the program is compiled with it; no unknown-pragma warning otherwise.
#ifdef _OPENMP
#define GANDYN_OMP(directive) _Pragma(directive)
#else
#define GANDYN_OMP(directive)
#endif

namespace gandyn {

struct batch_options {
  double bound = 1e10;            // diverged: a non-finite coordinate or ||x|| > bound (as stop_on_divergence)
  Eigen::Index block_size = 256;  // trajectories per block (a block's arrays stay in the L1/L2 cache)
};

struct batch_result {
  Eigen::ArrayXd distance;                         // ||x - x_eq|| at the end, x_eq = (x*, 0)
  Eigen::Array<bool, Eigen::Dynamic, 1> diverged;  // non-finite or beyond the bound after some step
};

namespace detail {

// One block of trajectories: column i is coordinate i (theta_1..n, psi_1..n) of every
// trajectory of the block.
template <int N>
class simgd_block {
 public:
  simgd_block(const f_gan<N>& g, double h, double h_d, double bound, Eigen::Index size)
      : n_(g.data.size()),
        data_(g.data),
        has_data_(!g.data.isZero(0)),
        saturating_(g.objective == generator_objective::saturating),
        decay_(g.penalty.r1 + 2 * g.penalty.gp_lambda),
        h_(h),
        h_d_(h_d),
        bound2_(bound * bound),
        x_(size, 2 * n_),
        a_(size),
        e_(size),
        fake_(size),
        gen_(size),
        real_(size),
        v_theta_(size),
        norm2_(size),
        diverged_(size) {}

  // Copies the trajectories (columns of `states`) in; rows past them are zero (and ignored).
  template <class States>
  void load(const States& states) {
    x_.setZero();
    x_.topRows(states.cols()) = states.transpose().array();
    diverged_.setZero();
  }

  void step() {
    // a = psi.theta; both sigmoids of a from one e^a (capped at e^700, so that 1 + e^a is
    // finite: 1/(1 + e^700) ~ 1e-304 stands for the smaller true value, an absolute error
    // below 1e-304). No branch, unlike gandyn::sigmoid_pair: equal to it to a few ulp.
    a_ = x_.col(0) * x_.col(n());
    for (Eigen::Index i = 1; i < n(); ++i) a_ += x_.col(i) * x_.col(n() + i);
    e_ = a_.min(700.0).exp();
    fake_ = (1 + e_).inverse();           // f'(a) = sigma(-a) = 1/(1 + e^a)
    if (!saturating_) gen_ = e_ * fake_;  // f'(-a) = sigma(a) = e^a/(1 + e^a)
    const Eigen::ArrayXd& gen = saturating_ ? fake_ : gen_;
    if (has_data_) {  // f'(b) = sigma(-b), -b = psi.x*
      a_ = x_.col(n()) * data_[0];
      for (Eigen::Index i = 1; i < n(); ++i) a_ += x_.col(n() + i) * data_[i];
      real_ = (1 + (-a_).min(700.0).exp()).inverse();
    }
    for (Eigen::Index i = 0; i < n(); ++i) {
      auto theta = x_.col(i);
      auto psi = x_.col(n() + i);
      v_theta_ = -gen * psi;
      if (has_data_) {
        psi += h_d_ * ((fake_ * theta - real_ * data_[i]) - decay_ * psi);
      } else {
        psi += h_d_ * (fake_ * theta - decay_ * psi);
      }
      theta += h_ * v_theta_;
    }
    // ||x||^2 <= bound^2 is false for NaN too (stop_on_divergence's test, after every step)
    norm2_ = x_.col(0).square();
    for (Eigen::Index i = 1; i < 2 * n(); ++i) norm2_ += x_.col(i).square();
    diverged_ = (norm2_ <= bound2_).select(diverged_, 1.0);
  }

  // Copies the first states.cols() trajectories out, with their distances and flags.
  template <class States, class Distance, class Diverged>
  void store(States&& states, Distance&& distance, Diverged&& diverged) const {
    const Eigen::Index m = states.cols();
    states = x_.topRows(m).transpose().matrix();
    const auto offset = x_.topRows(m).leftCols(n()).rowwise() - data_.transpose().array();
    distance = (offset.square().rowwise().sum() + x_.topRows(m).rightCols(n()).square().rowwise().sum()).sqrt();
    diverged = diverged_.head(m) != 0;
  }

 private:
  Eigen::Index n() const {
    if constexpr (N == Eigen::Dynamic) {
      return n_;
    } else {
      return N;
    }
  }

  Eigen::Index n_;
  Eigen::Matrix<double, N, 1> data_;
  bool has_data_, saturating_;
  double decay_;  // gamma of the term -gamma psi in v_psi (R1, or 2 lambda for the 0-centred GP)
  double h_, h_d_, bound2_;
  Eigen::Array<double, Eigen::Dynamic, doubled(N)> x_;
  Eigen::ArrayXd a_, e_, fake_, gen_, real_, v_theta_, norm2_;
  Eigen::ArrayXd diverged_;  // 1 once ||x||^2 <= bound^2 failed (a select: vectorised, unlike bool arrays)
};

template <int N>
void require_batchable(const f_gan<N>& g) {
  const discriminator_penalty& p = g.penalty;
  if ((g.objective != generator_objective::saturating && g.objective != generator_objective::non_saturating) ||
      g.noise_sigma != 0 ||
      g.clip < std::numeric_limits<double>::infinity() || p.lp_lambda != 0 || (p.gp_lambda != 0 && p.gp_centre != 0))
    throw std::invalid_argument(
        "iterate_batched: only gan and nsgan without noise or clipping, with R1 or a zero-centred gradient penalty");
}

}  // namespace detail

// Runs `steps` simgd iterations of step h on every column of `states` ([theta; psi], one
// trajectory per column, 2n rows) and leaves the final states there. Returns each
// trajectory's final distance from the equilibrium (x*, 0) and whether it diverged: a
// non-finite coordinate or ||x|| > bound after some step (the trajectory is not stopped;
// its final state is then meaningless). Throws std::invalid_argument for a game it does
// not cover or states with the wrong number of rows.
template <int N>
batch_result iterate_batched(const simgd& rule, const f_gan<N>& g, Eigen::Ref<Eigen::MatrixXd> states, long steps,
                             double h, const batch_options& options = {}) {
  detail::require_batchable(g);
  if (g.data.size() < 1) throw std::invalid_argument("iterate_batched: the game has dimension 0");
  if (states.rows() != 2 * g.data.size())
    throw std::invalid_argument("iterate_batched: states need 2 n rows, one column per trajectory");
  if (options.block_size < 1) throw std::invalid_argument("iterate_batched: block_size must be >= 1");
  const Eigen::Index count = states.cols(), size = options.block_size;
  const Eigen::Index blocks = (count + size - 1) / size;
  batch_result result{Eigen::ArrayXd(count), Eigen::Array<bool, Eigen::Dynamic, 1>(count)};
  GANDYN_OMP("omp parallel") {
    detail::simgd_block<N> block(g, h, h * rule.discriminator_scale, options.bound, size);
    GANDYN_OMP("omp for schedule(dynamic)")
    for (Eigen::Index b = 0; b < blocks; ++b) {
      const Eigen::Index first = b * size, m = std::min(size, count - first);
      block.load(states.middleCols(first, m));
      for (long k = 0; k < steps; ++k) block.step();
      block.store(states.middleCols(first, m), result.distance.segment(first, m), result.diverged.segment(first, m));
    }
  }
  return result;
}

}  // namespace gandyn
