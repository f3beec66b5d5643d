"""Plots of what gandyn computes, with matplotlib (Debian's python3-matplotlib).

Each function takes what `gandyn.sweep`, `gandyn.simulate` or `gandyn.analyze` returns, reads
the game, the method and the quantity from it, and draws the kind of picture that suits
the quantity; titles and labels come from the data, never from this module:

* ``sweep(data)`` -- a map of a `gandyn.sweep` DataArray: the spectral radius on a colour
  scale diverging at rho = 1 with the rho = 1 contour, the spectral abscissa diverging at 0
  with its 0 contour, the largest Lyapunov exponent diverging at 0 with the contour where it
  exceeds 1e-3 (chaotic), the final distance on a logarithmic scale (diverged cells marked),
  verdicts and basin labels in categorical colours; a one-parameter sweep as a line;
* ``stream(game, **params)`` -- the stream plot of a one-dimensional game's field
  (one broadcast call of `gandyn.field`);
* ``trajectory(run)`` -- a `gandyn.Trajectory` over the stream plot of its game (n = 1) or
  the generator's path theta_0 vs theta_1 (n >= 2);
* ``norms(run)`` -- ||theta - x*||, ||psi|| (and the moving average's) against t;
* ``eigenvalues(analyses)`` -- eigenvalues of `gandyn.analyze` results in the complex
  plane, with the imaginary axis (flow) or the unit circle (maps).

Every function draws into ``ax`` (a new figure if None) and returns the main artist.

    >>> m = gandyn.sweep("gan-r1", "altgd", grid={"h": np.linspace(0.01, 4, 200),
    ...                  "gamma": np.linspace(0, 2, 200)}, quantity="spectral-radius")
    >>> gandyn.plot.sweep(m); plt.savefig("map.png")
"""

import numpy as np

import matplotlib.colors as mcolors
import matplotlib.patches as mpatches
import matplotlib.pyplot as plt

__all__ = ["sweep", "stream", "trajectory", "norms", "eigenvalues", "label", "VERDICT_COLOURS", "BASIN_COLOURS"]

# Axis labels of the parameters (Python spelling); anything else is labelled by its name.
_LABELS = {
    "h": r"step $h$",
    "h_d": r"discriminator step $h_D$",
    "gamma": r"R1 weight $\gamma$",
    "beta": r"momentum $\beta$",
    "nd": r"discriminator steps $n_d$",
    "ng": r"generator steps $n_g$",
    "lambda_": r"penalty $\lambda$",
    "c": r"penalty centre $c$",
    "sigma": r"instance noise $\sigma$",
    "consensus_gamma": r"consensus weight $\gamma$",
    "clip": r"clip $K$",
    "theta0": r"start $\theta_0$",
    "psi0": r"start $\psi_0$",
    "steps": "steps",
    "spectral_radius": r"spectral radius $\rho$",
    "spectral_abscissa": r"spectral abscissa $\max\,\mathrm{Re}\,\lambda$",
    "final_distance": "final distance to the equilibrium",
    "verdict": "verdict",
    "lyapunov": r"largest Lyapunov exponent $\lambda_1$",
    "basin": "basin",
}

# Verdict colours: distinct hue and distinct lightness (readable in greyscale).
VERDICT_COLOURS = {
    "converges": "#2166ac",
    "marginal": "#e0e0e0",
    "diverges": "#f4a582",
    "undefined": "#404040",
}

# Basin labels (docs/analysis.md, "Basins"): blues for the equilibrium's basin and another fixed
# point's, orange for cycles, red for divergence, grey for undecided.
BASIN_COLOURS = {
    "converged": "#4393c3",
    "converged-elsewhere": "#92c5de",
    "cycle": "#f4a582",
    "diverged": "#b2182b",
    "undecided": "#bababa",
}

# A diverging colour scale and its contour, the far side hatched: (the scale's centre, the
# contour's level, its symbol, the far side's, a band around the level counted as the far side).
# A finite-time Lyapunov exponent of a cycle or an invariant circle is 0 only to O(1/t): its
# contour is drawn at 1e-3.
_LEVELS = {
    "spectral_radius": (1.0, 1.0, r"$\rho = 1$", r"$\rho > 1$: diverges", 1e-8),
    "spectral_abscissa": (0.0, 0.0, r"$\max\,\mathrm{Re}\,\lambda = 0$", r"$\max\,\mathrm{Re}\,\lambda > 0$", 1e-8),
    "lyapunov": (0.0, 1e-3, r"$\lambda_1 = 10^{-3}$", r"$\lambda_1 > 10^{-3}$: chaotic", 0.0),
}

_CATEGORIES = {"verdict": VERDICT_COLOURS, "basin": BASIN_COLOURS}

_NOT_PARAMETERS = {"game", "method", "quantity", "gandyn_version"}


def label(name):
    """The axis label of a parameter or quantity (Python spelling)."""
    return _LABELS.get(name, name.replace("_", " "))


def _axes(ax, figsize=(6, 4.5)):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def _value_text(v):
    if isinstance(v, (list, tuple, np.ndarray)):
        return ",".join(_value_text(x) for x in np.ravel(v))
    if isinstance(v, (float, np.floating)):
        return f"{float(v):g}"
    return str(v)


def _title(attrs, skip=()):
    """'game, method: quantity (p = v, ...)' from a DataArray's attrs (a start coordinate on an
    axis, theta0 or psi0, replaces the start theta or psi, which is then left out)."""
    skip = set(skip) | {name[:-1] for name in skip if name in ("theta0", "psi0")}
    params = ", ".join(f"{k} = {_value_text(v)}" for k, v in attrs.items()
                       if k not in _NOT_PARAMETERS and k not in skip)
    head = f"{attrs.get('game', '?')}, {attrs.get('method', '?')}: {attrs.get('quantity', '')}"
    return head + (f"\n({params})" if params else "")


def _mesh_coords(data):
    x = np.asarray(data.coords[data.dims[0]].values, dtype=float)
    y = np.asarray(data.coords[data.dims[1]].values, dtype=float)
    return x, y


def _status(data):
    if "status" in data.coords:
        return np.asarray(data.coords["status"].values)
    return np.full(data.shape, "ok")


def sweep(data, ax=None, *, contour=True, colorbar=True, title=True, legend=True, cmap=None):
    """Draw a `gandyn.sweep` result: a map over two parameters (the first on the x axis) or
    a line over one, in the style its quantity needs (see the module's documentation).
    legend: the legend of a map's categories, contour and marked cells (False: draw your own,
    for example one for a figure of several maps, from VERDICT_COLOURS or BASIN_COLOURS).

    Returns the QuadMesh (maps) or the Line2D (one parameter)."""
    ax = _axes(ax)
    name = data.name or data.attrs.get("quantity", "").replace("-", "_")
    if data.ndim == 1:
        artist = _sweep_line(data, ax, name)
    elif data.ndim == 2:
        artist = _sweep_map(data, ax, name, contour, colorbar, legend, cmap)
    else:
        raise ValueError(f"gandyn.plot.sweep draws one- or two-parameter sweeps, got dims {data.dims}")
    if title:
        ax.set_title(_title(data.attrs, skip=data.dims), fontsize="small")
    return artist


def _sweep_line(data, ax, name):
    x = np.asarray(data.coords[data.dims[0]].values, dtype=float)
    ax.set_xlabel(label(data.dims[0]))
    ax.set_ylabel(label(name))
    status = _status(data)
    if name in _CATEGORIES:
        colours = _CATEGORIES[name]
        order = [v for v in colours if v in set(np.ravel(data.values))]
        y = np.array([order.index(v) for v in data.values])
        (line,) = ax.plot(x, y, "k-", drawstyle="steps-mid")
        ax.scatter(x, y, c=[colours[v] for v in data.values], edgecolors="k", zorder=3)
        ax.set_yticks(range(len(order)), order)
        return line
    y = np.asarray(data.values, dtype=float)
    (line,) = ax.plot(x, y, "k.-", markersize=3)
    if name == "final_distance":
        ax.set_yscale("log")
    elif name in _LEVELS:
        ax.axhline(_LEVELS[name][1], color="k", linestyle="--", linewidth=1)
    bad = status != "ok"
    if bad.any():
        for word, marker in (("diverged", "x"), ("undefined", "|")):
            where = status == word
            if where.any():
                finite = y[np.isfinite(y)]
                level = finite.max() if finite.size else 1.0
                ax.plot(x[where], np.full(where.sum(), level), marker, color="#b2182b", linestyle="none",
                        label=f"{word} ({where.sum()} cells)")
        ax.legend(fontsize="small")
    return line


def _sweep_map(data, ax, name, contour, colorbar, legend, cmap):
    x, y = _mesh_coords(data)
    status = _status(data).T
    ax.set_xlabel(label(data.dims[0]))
    ax.set_ylabel(label(data.dims[1]))
    handles = []
    if name in _CATEGORIES:
        # a word outside the list (none today) takes the last colour: undefined, undecided
        colours = _CATEGORIES[name]
        words = np.asarray(data.values).T
        order = list(colours)
        codes = np.vectorize(lambda w: order.index(w) if w in order else len(order) - 1)(words)
        listed = mcolors.ListedColormap([colours[w] for w in order])
        norm = mcolors.BoundaryNorm(np.arange(len(order) + 1) - 0.5, len(order))
        mesh = ax.pcolormesh(x, y, codes, cmap=listed, norm=norm, shading="nearest", rasterized=True)
        present = [w for w in order if (words == w).any()]
        handles = [mpatches.Patch(facecolor=colours[w], edgecolor="k", label=w) for w in present]
        if legend:
            ax.legend(handles=handles, loc="upper right", fontsize="small", framealpha=0.9)
        return mesh
    z = np.asarray(data.values, dtype=float).T
    finite = z[np.isfinite(z)]
    extend = "neither"
    if name == "final_distance":
        positive = finite[finite > 0]
        hi = positive.max() if positive.size else 1.0
        lo = positive.min() if positive.size else 1e-16 * hi
        if lo < 1e-16 * hi:   # below double precision relative to the largest: one colour
            lo, extend = 1e-16 * hi, "min"
        hi = max(hi, lo * 10)
        norm = mcolors.LogNorm(vmin=lo, vmax=hi)
        z = np.where(z > lo, z, np.where(np.isfinite(z), lo, np.nan))
        colours = plt.get_cmap(cmap or "viridis").copy()
        level = None
    elif name in _LEVELS:
        centre, level, symbol, far_side, band = _LEVELS[name]
        lo = min(finite.min() if finite.size else centre, centre - 1e-3)
        hi_data = finite.max() if finite.size else centre
        cap = centre + max(1.0, centre - lo) if name == "spectral_radius" else centre + max(centre - lo, 1e-3) * 2
        hi = max(min(hi_data, cap), centre + 1e-3)
        if hi_data > hi:
            extend = "max"
        norm = mcolors.TwoSlopeNorm(vmin=lo, vcenter=centre, vmax=hi)
        colours = plt.get_cmap(cmap or "RdBu_r").copy()
    else:  # any other number (max-stable-h over two parameters): a sequential scale
        norm = mcolors.Normalize(vmin=finite.min() if finite.size else 0.0, vmax=finite.max() if finite.size else 1.0)
        colours = plt.get_cmap(cmap or "viridis").copy()
        level = None
    colours.set_bad("#c8c8c8")  # undefined or diverged cells: grey, not a value of the scale
    mesh = ax.pcolormesh(x, y, np.ma.masked_invalid(z), cmap=colours, norm=norm, shading="nearest", rasterized=True)
    if colorbar:
        bar = ax.figure.colorbar(mesh, ax=ax, extend=extend)
        bar.set_label(label(name))
        if level is not None:
            bar.ax.axhline(level, color="k", linewidth=1.5)
    if contour and level is not None and finite.size and finite.min() < level < finite.max():
        # Marginal cells (|rho - 1| <= 1e-8, the verdicts' band) count as not converging, so
        # that rounding in an exactly marginal region (altgd without damping) draws no contour.
        z_c = np.where(np.abs(z - level) <= band, level + band, z)
        ax.contour(x, y, np.ma.masked_invalid(z_c), levels=[level], colors="k", linewidths=1.6)
        handles.append(plt.Line2D([], [], color="k", linewidth=1.6, label=symbol))
        # The far side hatched as well as coloured, so that it reads in greyscale.
        top = max(np.nanmax(z_c), level) * 2 + 1
        ax.contourf(x, y, np.ma.masked_invalid(z_c), levels=[level, top], colors="none", hatches=["//"])
        handles.append(mpatches.Patch(facecolor="white", edgecolor="k", hatch="//", label=far_side))
    for word, hatch in (("diverged", "xxx"), ("undefined", "...")):
        where = status == word
        if where.any():
            ax.contourf(x, y, where.astype(float), levels=[0.5, 1.5], colors="none", hatches=[hatch])
            handles.append(mpatches.Patch(facecolor="white", edgecolor="k", hatch=hatch,
                                          label=f"{word} ({int(where.sum())} cells)"))
    if handles and legend:
        ax.legend(handles=handles, loc="upper right", fontsize="small", framealpha=0.9)
    return mesh


def stream(game, ax=None, *, bounds=(-2.0, 2.0, -2.0, 2.0), points=51, density=1.0, colour="#9a9a9a", **params):
    """The stream plot of a one-dimensional game's field on [theta] x [psi] = bounds, from one
    broadcast call of `gandyn.field` over a points x points grid. params: the game's.

    Returns the StreamplotSet; the grid and the field are its attribute ``gandyn_grid``
    (theta, psi, v_theta, v_psi as 2-D arrays, rows psi, columns theta)."""
    from . import field

    ax = _axes(ax)
    theta = np.linspace(bounds[0], bounds[1], points)
    psi = np.linspace(bounds[2], bounds[3], points)
    v_theta, v_psi = field(game, theta[None, :, None], psi[:, None, None], **params)
    u, v = v_theta[..., 0], v_psi[..., 0]
    artist = ax.streamplot(theta, psi, u, v, density=density, color=colour, linewidth=0.6, arrowsize=0.7)
    artist.gandyn_grid = (np.broadcast_to(theta[None, :], u.shape), np.broadcast_to(psi[:, None], u.shape), u, v)
    ax.set_xlim(bounds[0], bounds[1])
    ax.set_ylim(bounds[2], bounds[3])
    ax.set_xlabel(r"generator $\theta$")
    ax.set_ylabel(r"discriminator $\psi$")
    return artist


def _run_parameters(run):
    """A Trajectory's game parameters as keywords (from its JSON's parameters)."""
    from . import games

    known = set()
    for g in games():
        if g["name"] == run.game:
            known = set(g["parameters"])
    params = {}
    for key, value in run.to_dict()["parameters"].items():
        keyword = "lambda_" if key == "lambda" else key.replace("-", "_")
        if keyword in known:
            params[keyword] = value
    return params


def trajectory(run, ax=None, *, stream_plot=True, bounds=(-2.0, 2.0, -2.0, 2.0), title=True, ema=True,
               colour="k", label_text=None):
    """Draw a `gandyn.Trajectory`: for n = 1 the path in the (theta, psi) plane over the
    stream plot of its game's field (``stream_plot=False`` for the path alone); for n >= 2
    the generator's path theta_0 vs theta_1. The start is an open circle, the end a filled
    square, the equilibrium a cross; the moving average (``ema=`` of simulate) is dashed.

    Returns the path's Line2D."""
    ax = _axes(ax)
    n = run.theta.shape[1]
    centre = np.asarray(run.equilibrium)[:n]
    if n == 1:
        if stream_plot:
            stream(run.game, ax, bounds=bounds, **_run_parameters(run))
        xs, ys = run.theta[:, 0], run.psi[:, 0]
        ex, ey = (run.ema_theta[:, 0], run.ema_psi[:, 0]) if run.ema is not None else (None, None)
        ax.set_xlabel(r"generator $\theta$")
        ax.set_ylabel(r"discriminator $\psi$")
    else:
        xs, ys = run.theta[:, 0], run.theta[:, 1]
        ex, ey = (run.ema_theta[:, 0], run.ema_theta[:, 1]) if run.ema is not None else (None, None)
        ax.set_xlabel(r"generator $\theta_0$")
        ax.set_ylabel(r"generator $\theta_1$")
        ax.set_aspect("equal", adjustable="datalim")
    (line,) = ax.plot(xs, ys, "-", color=colour, linewidth=1.1, label=label_text or f"{run.method}")
    ax.plot(xs[0], ys[0], "o", markerfacecolor="white", markeredgecolor=colour, markersize=6, zorder=4)
    ax.plot(xs[-1], ys[-1], "s", color=colour, markersize=5, zorder=4)
    if ema and ex is not None:
        ax.plot(ex, ey, "--", color="#d95f02", linewidth=1.4, label="moving average")
        ax.plot(ex[-1], ey[-1], "D", color="#d95f02", markersize=5, zorder=4)
    ax.plot(centre[0], 0.0 if n == 1 else centre[1], "+", color="#b2182b", markersize=10, markeredgewidth=2,
            zorder=5)
    if title:
        ax.set_title(f"{run.game}, {run.method}", fontsize="small")
    return line


def norms(run, ax=None, *, title=True, log=None):
    """||theta - x*|| (solid) and ||psi|| (dashed) against t, and those of the moving
    average (dotted) if the run has one; on a log scale if ``log`` (by default when the norms
    span more than three decades). Returns the ||psi|| Line2D."""
    ax = _axes(ax)
    n = run.theta.shape[1]
    centre = np.asarray(run.equilibrium)[:n]
    gen = np.linalg.norm(run.theta - centre, axis=1)
    disc = np.linalg.norm(run.psi, axis=1)
    ax.plot(run.t, gen, "-", color="#1b9e77", label=r"$\Vert\theta - x^*\Vert$")
    (line,) = ax.plot(run.t, disc, "--", color="k", label=r"$\Vert\psi\Vert$")
    if run.ema is not None:
        ax.plot(run.t, np.linalg.norm(run.ema_theta - centre, axis=1), ":", color="#d95f02", linewidth=2,
                label=r"moving average $\Vert\bar\theta - x^*\Vert$")
    values = np.concatenate([gen, disc])
    values = values[np.isfinite(values) & (values > 0)]
    if log is None:
        log = values.size > 0 and values.max() > 1e3 * values.min()
    if log:
        ax.set_yscale("log")
    ax.set_xlabel("t")
    ax.set_ylabel("norm")
    ax.legend(fontsize="small")
    if title:
        ax.set_title(f"{run.game}, {run.method}", fontsize="small")
    return line


_MARKERS = ["o", "s", "^", "D", "v", "P", "X", "<", ">"]
_COLOURS = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666", "#000000"]


def eigenvalues(analyses, ax=None, *, labels=None, title=None):
    """The eigenvalues of one or more `gandyn.Analysis` results in the complex plane, one
    marker per analysis. Flows get the imaginary axis (stable to its left), maps the unit
    circle (stable inside). Returns the list of PathCollections."""
    ax = _axes(ax, figsize=(5, 5))
    if not isinstance(analyses, (list, tuple)):
        analyses = [analyses]
    flow = all(a.method == "flow" for a in analyses)
    if flow:
        ax.axvline(0.0, color="k", linewidth=1.2)
        ax.axvspan(-1e3, 0.0, color="#deebf7", zorder=0, label=r"Re $\lambda < 0$: converges")
    else:
        t = np.linspace(0, 2 * np.pi, 400)
        ax.fill(np.cos(t), np.sin(t), color="#deebf7", zorder=0, label=r"$|\mu| < 1$: converges")
        ax.plot(np.cos(t), np.sin(t), "k-", linewidth=1.2)
        ax.set_aspect("equal", adjustable="datalim")
    ax.axhline(0.0, color="#888888", linewidth=0.6)
    artists = []
    for i, a in enumerate(analyses):
        ev = np.asarray(a.eigenvalues)
        name = labels[i] if labels else f"{a.game}, {a.method}"
        artists.append(ax.scatter(ev.real, ev.imag, marker=_MARKERS[i % len(_MARKERS)],
                                  facecolors=_COLOURS[i % len(_COLOURS)], edgecolors="k", s=46, zorder=3,
                                  label=f"{name}: {a.verdict}"))
    re = np.concatenate([np.asarray(a.eigenvalues).real for a in analyses] + [np.array([0.0])])
    im = np.concatenate([np.asarray(a.eigenvalues).imag for a in analyses])
    pad = 0.15 * max(np.ptp(re), np.ptp(im), 0.5)
    if flow:
        ax.set_xlim(re.min() - pad, max(re.max(), 0.0) + pad)
        ax.set_xlabel(r"Re $\lambda$")
        ax.set_ylabel(r"Im $\lambda$")
    else:
        ax.set_xlabel(r"Re $\mu$")
        ax.set_ylabel(r"Im $\mu$")
    ax.legend(fontsize="x-small", loc="upper center", bbox_to_anchor=(0.5, -0.11), ncol=2, frameon=False)
    if title is not None:
        ax.set_title(title, fontsize="small")
    return artists
