#!/usr/bin/python3
"""Plot a two-parameter `gandyn sweep` of the spectral radius as a stability map.

    gandyn sweep --game gan-r1 --method altgd --h 0.1 --grid h=0.01:4:200 \
                 --grid gamma=0:2:200 --quantity spectral-radius --out map.csv
    /usr/bin/python3 examples/plot_stability_map.py map.csv map.png

Colour: the spectral radius rho of one iteration's Jacobian at the equilibrium; the white
line is rho = 1, the border between converging (rho < 1) and diverging training."""
import csv
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def main(source, target):
    with open(source) as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    if len(header) != 4:
        sys.exit("plot_stability_map: needs a two-parameter sweep (cell,P1,P2,Q)")
    p1 = np.array([float(r[1]) for r in body])
    p2 = np.array([float(r[2]) for r in body])
    q = np.array([float(r[3]) if r[3] not in ("diverged", "undefined") else np.nan for r in body])
    x, y = np.unique(p1), np.unique(p2)
    grid = q.reshape(len(x), len(y)).T
    fig, ax = plt.subplots(figsize=(6, 4.5), dpi=120)
    mesh = ax.pcolormesh(x, y, np.minimum(grid, 2), shading="auto", cmap="viridis")
    ax.contour(x, y, grid, levels=[1.0], colors="white", linewidths=1.5)
    fig.colorbar(mesh, ax=ax, label=header[3].replace("_", " ") + " (clipped at 2)")
    ax.set_xlabel(header[1])
    ax.set_ylabel(header[2])
    ax.set_title("gan-r1, altgd: spectral radius at the equilibrium (white: rho = 1)")
    fig.tight_layout()
    fig.savefig(target)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
