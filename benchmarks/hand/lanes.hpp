// Hand-written structure-of-arrays sweeps for the lanes benchmark (benchmarks/lanes.cpp): one
// dimension, data at 0, blocks of 256 trajectories as Eigen arrays (Eigen's vectorised exp,
// the kernel the issue measured the program against), OpenMP over blocks. Per trajectory,
// a = theta psi, sigma(t) = 1/(1 + e^-t) (docs/games.md, "The catalogue"):
//   nsgan    v_theta = -sigma(a) psi,    v_psi = sigma(-a) theta
//   gan-r1   v_theta = -sigma(-a) psi,   v_psi = sigma(-a) theta - gamma psi
//   wgan-gp  v_theta = -psi,             v_psi = theta - 2 lambda (1 - c/|psi|) psi (0 at psi = 0)
// simgd: both from the same x; altgd: theta first, then psi from the new theta (docs/rules.md).
// Divergence: theta^2 + psi^2 <= bound^2 after every step, as a 0/1 array.
#pragma once

#include <Eigen/Core>

#include <algorithm>
#include <string>

#ifdef _OPENMP
#define HAND_LANES_OMP(directive) _Pragma(directive)
#else
#define HAND_LANES_OMP(directive)
#endif

namespace hand {

enum class soa_game { nsgan, gan_r1, wgan_gp };

struct soa_fields {
  soa_game game;
  double gamma = 0.3, lambda = 0.35, c = 1;

  // sigmoid(a) and sigmoid(-a) from e^-|a|.
  static void sigmoids(const Eigen::ArrayXd& a, Eigen::ArrayXd& e, Eigen::ArrayXd& plus, Eigen::ArrayXd& minus) {
    e = (-a.abs()).exp();
    const Eigen::ArrayXd large = (1 + e).inverse();
    plus = (a >= 0).select(large, e * large);
    minus = (a >= 0).select(e * large, large);
  }
  void v_theta(const Eigen::ArrayXd& t, const Eigen::ArrayXd& p, Eigen::ArrayXd& out, Eigen::ArrayXd& a,
               Eigen::ArrayXd& e, Eigen::ArrayXd& plus, Eigen::ArrayXd& minus) const {
    if (game == soa_game::wgan_gp) {
      out = -p;
      return;
    }
    a = t * p;
    sigmoids(a, e, plus, minus);
    out = game == soa_game::nsgan ? Eigen::ArrayXd(-plus * p) : Eigen::ArrayXd(-minus * p);
  }
  // Both parts from one x: the sigmoids once.
  void both(const Eigen::ArrayXd& t, const Eigen::ArrayXd& p, Eigen::ArrayXd& vt, Eigen::ArrayXd& vp, Eigen::ArrayXd& a,
            Eigen::ArrayXd& e, Eigen::ArrayXd& plus, Eigen::ArrayXd& minus) const {
    if (game == soa_game::wgan_gp) {
      v_theta(t, p, vt, a, e, plus, minus);
      v_psi(t, p, vp, a, e, plus, minus);
      return;
    }
    a = t * p;
    sigmoids(a, e, plus, minus);
    vt = game == soa_game::nsgan ? Eigen::ArrayXd(-plus * p) : Eigen::ArrayXd(-minus * p);
    vp = minus * t;
    if (game == soa_game::gan_r1) vp -= gamma * p;
  }
  void v_psi(const Eigen::ArrayXd& t, const Eigen::ArrayXd& p, Eigen::ArrayXd& out, Eigen::ArrayXd& a,
             Eigen::ArrayXd& e, Eigen::ArrayXd& plus, Eigen::ArrayXd& minus) const {
    if (game == soa_game::wgan_gp) {
      const Eigen::ArrayXd norm = p.abs();
      out = t - 2 * lambda * p + (norm == 0).select(0.0, 2 * lambda * c / norm.max(1e-300)) * p;
      return;
    }
    a = t * p;
    sigmoids(a, e, plus, minus);
    out = minus * t;
    if (game == soa_game::gan_r1) out -= gamma * p;
  }
};

// theta, psi updated in place; diverged set to 1 where a trajectory left the bound.
inline void soa_sweep(const soa_fields& f, bool alternating, Eigen::ArrayXd& theta, Eigen::ArrayXd& psi,
                      Eigen::ArrayXd& diverged, long steps, double h, double bound = 1e10) {
  const Eigen::Index count = theta.size(), block = 256;
  const double bound2 = bound * bound;
  HAND_LANES_OMP("omp parallel for schedule(dynamic)")
  for (Eigen::Index first = 0; first < count; first += block) {
    const Eigen::Index m = std::min(block, count - first);
    Eigen::ArrayXd t = theta.segment(first, m), p = psi.segment(first, m), flag = diverged.segment(first, m);
    Eigen::ArrayXd vt(m), vp(m), a(m), e(m), plus(m), minus(m);
    for (long k = 0; k < steps; ++k) {
      if (alternating) {
        f.v_theta(t, p, vt, a, e, plus, minus);
        t += h * vt;
        f.v_psi(t, p, vp, a, e, plus, minus);
        p += h * vp;
      } else {
        f.both(t, p, vt, vp, a, e, plus, minus);
        t += h * vt;
        p += h * vp;
      }
      flag = (t.square() + p.square() <= bound2).select(flag, 1.0);
    }
    theta.segment(first, m) = t;
    psi.segment(first, m) = p;
    diverged.segment(first, m) = flag;
  }
}

}  // namespace hand
