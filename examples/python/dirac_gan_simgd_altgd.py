"""The Dirac-GAN's training paths over its gradient field (Mescheder, Geiger & Nowozin 2018,
Figure 1; gan-training-convergence-analysis.fa, Lemmas 2-3): simultaneous gradient steps
spiral away from the equilibrium, alternating ones circle it, R1 regularisation converges.

    PYTHONPATH=build/python /usr/bin/python3 examples/python/dirac_gan_simgd_altgd.py [out.png]
"""
import sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

import gandyn

theta, psi = np.meshgrid(np.linspace(-2, 2, 300), np.linspace(-2, 2, 300))
panels = [("gan", "simgd", {}, "spirals out"), ("gan", "altgd", {}, "circles"),
          ("gan-r1", "simgd", {"gamma": 0.3}, "converges")]
fig, axes = plt.subplots(1, 3, figsize=(13.5, 4.8), sharey=True, layout="constrained")
for ax, (game, method, params, verdict) in zip(axes, panels):
    v_theta, v_psi = gandyn.field(game, theta[..., None], psi[..., None], **params)  # 90 000 points, one call
    ax.streamplot(theta, psi, v_theta[..., 0], v_psi[..., 0], color="0.7", density=1.1, linewidth=0.7)
    run = gandyn.simulate(game, method, h=0.2, steps=300, theta=[1.0], psi=[1.0], **params)
    ax.plot(run.theta[:, 0], run.psi[:, 0], color="C3", lw=1.2, label=f"{method}, h = 0.2, 300 steps")
    ax.plot(1, 1, "ko", ms=5, label="start (1, 1)")
    ax.plot(0, 0, "*", color="C2", ms=13, label="equilibrium")
    ax.set(title=f"{game}{''.join(f', {k} = {v}' for k, v in params.items())}, {method}: {verdict}",
           xlabel=r"generator $\theta$", xlim=(-2, 2), ylim=(-2, 2), aspect="equal")
    ax.legend(loc="lower left", fontsize=8)
axes[0].set_ylabel(r"discriminator $\psi$")
fig.savefig(sys.argv[1] if len(sys.argv) > 1 else "dirac_gan_simgd_altgd.png", dpi=110)
