"""The gallery's figures: each function computes its numbers with gandyn (through a
`Recorder`, which keeps the calls), draws them with matplotlib and gandyn.plot, and returns
a `Figure` record: the matplotlib figure, its caption, parameters, the behaviour measured
for every panel, its data as a table, and the calls that remake it.

Figures sharing a layout come from one function with different arguments (FIGURES, below)."""

import dataclasses

import numpy as np

import matplotlib.pyplot as plt

import gandyn
from gandyn import plot

from .calls import Linspace, Recorder
from .measure import CLOSED_FORM_TEXT, behaviour, closed_form, complex_text, max_difference

SECTIONS = [
    ("field", "The field",
     "The vector field v = (−∇<sub>θ</sub>L<sub>G</sub>, +∇<sub>ψ</sub>L<sub>D</sub>) of the one-dimensional "
     "Dirac-GAN: the generator θ on the horizontal axis, the discriminator ψ on the vertical one, the "
     "equilibrium θ = x* = 0, ψ = 0 marked +."),
    ("flow", "The flow",
     "Training in continuous time, x′ = v(x), integrated with RK4: where the flows of the notes end in two "
     "dimensions."),
    ("rules", "The discrete rules",
     "Training as it is run: simultaneous (simgd) and alternating (altgd) gradient steps beside the flow, "
     "from θ = ψ = 1, the panels of Mescheder et al.'s Dirac-GAN notebook; weight averaging; the step size."),
    ("analysis", "The analysis",
     "Eigenvalues of the exact Jacobian at the equilibrium: of v for the flow (stable left of the imaginary "
     "axis), of one iteration for a rule (stable inside the unit circle); the closed forms of the notes "
     "drawn over the computed values."),
    ("compare", "Rules compared",
     "Training rules from the literature side by side on games whose solution is known: the distance to "
     "the equilibrium against the number of field evaluations spent (a Jacobian or a loss gradient counts "
     "as one), so that rules are compared at equal cost."),
    ("attractors", "Where training ends",
     "Beyond the linearisation at the equilibrium: which starts converge, cycle or diverge (basins), the "
     "periodic orbits training settles on, where it turns chaotic (Lyapunov exponents) and the largest stable "
     "step as a curve over a parameter (docs/analysis.md, \"Attractors\")."),
    ("maps", "The maps",
     "Stability maps: the spectral radius ρ of one iteration at the equilibrium over two parameters "
     "(ρ < 1: training converges near the equilibrium), and where training from each start ends."),
]


@dataclasses.dataclass
class Figure:
    id: str
    section: str
    title: str
    caption: str
    parameters: dict
    measured: list
    columns: list
    rows: list
    python: list
    commands: list
    figure: object = None          # a matplotlib Figure, or None for a table
    table: dict = None             # {"columns": [...], "rows": [[...]]} shown in the page
    summary: list = dataclasses.field(default_factory=list)   # (label, kind) for the terminal
    max_difference: float = None


class Settings:
    """Resolution: full, or coarse for --quick."""

    def __init__(self, quick):
        self.quick = quick
        self.stream_points = 15 if quick else 41
        self.stream_density = 0.4 if quick else 1.0
        self.map_cells = 24 if quick else 160
        self.start_cells = 16 if quick else 80
        self.path_points = 7 if quick else 31
        self.h_cells = 16 if quick else 80
        self.dpi = 50 if quick else 110


# The notebook's settings (Mescheder et al. 2018, notebooks/DiracGAN.ipynb).
NOTEBOOK_H = 0.2
NOTEBOOK_STEPS = 500
NOTEBOOK_START = dict(theta=[1.0], psi=[1.0])
NOTEBOOK_METHODS = [
    ("simgd", "simgd", {}),
    ("altgd n_d = 1", "altgd", {"nd": 1}),
    ("altgd n_d = 5", "altgd", {"nd": 5}),
    ("flow (RK4)", "rk4", {}),
]
# (id suffix, game, parameters, label)
NOTEBOOK_GAMES = [
    ("gan", "gan", {}, "gan"),
    ("nsgan", "nsgan", {}, "nsgan"),
    ("wgan", "wgan", {"clip": 1.0}, "wgan, clip K = 1"),
    ("wgan-gp", "wgan-gp", {"lambda_": 0.35, "c": 1.0}, "wgan-gp, λ = 0.35, c = 1"),
    ("gan-noise", "gan-noise", {"sigma": 0.7}, "gan-noise, σ = 0.7"),
    ("gan-r1", "gan-r1", {"gamma": 0.3}, "gan-r1, γ = 0.3"),
    ("gan-r1-critical", "gan-r1", {"gamma": 1.0}, "gan-r1, γ = 1 (critical)"),
    ("gan-consensus", "gan-consensus", {"consensus_gamma": 1.0}, "gan-consensus, γ = 1"),
    ("nsgan-r1", "nsgan-r1", {"gamma": 0.3}, "nsgan-r1, γ = 0.3"),
]
BOUNDS = (-2.0, 2.0, -2.0, 2.0)


def _params_text(params):
    names = {"lambda_": "λ", "gamma": "γ", "sigma": "σ", "consensus_gamma": "consensus γ", "clip": "clip K",
             "c": "c", "h": "h", "nd": "n_d", "beta": "β"}
    return ", ".join(f"{names.get(k, k)} = {v:g}" for k, v in params.items())


def _shade_clip(ax, params):
    if "clip" in params:
        k = params["clip"]
        ax.axhspan(-k, k, color="#fdd49e", alpha=0.45, zorder=0, linewidth=0)
        ax.axhline(k, color="#b35806", linewidth=0.8, linestyle=":")
        ax.axhline(-k, color="#b35806", linewidth=0.8, linestyle=":")


def _stream(ax, rec, game, params, s):
    text = f"np.linspace(-2, 2, {s.stream_points})"
    rec.note(f"gandyn.field({game!r}, {text}[None, :, None], {text}[:, None, None]"
             + "".join(f", {k}={v!r}" for k, v in params.items()) + ")  # the stream plot's grid, one call")
    return plot.stream(game, ax, bounds=BOUNDS, points=s.stream_points, density=s.stream_density, **params)


def _wrap(text, width=34):
    """Break a panel's measured text into lines of about `width` characters."""
    words, lines, line = text.split(" "), [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    lines.append(line)
    return "\n".join(lines)


# ---------------------------------------------------------------- the field

def fields(s):
    rec = Recorder()
    fig, axes = plt.subplots(3, 3, figsize=(11, 11), sharex=True, sharey=True)
    rows, measured = [], []
    for ax, (_, game, params, label) in zip(axes.flat, NOTEBOOK_GAMES):
        artist = _stream(ax, rec, game, params, s)
        _shade_clip(ax, params)
        ax.plot(0, 0, "+", color="#b2182b", markersize=11, markeredgewidth=2)
        t, p, u, v = artist.gandyn_grid
        for a, b, c, d in zip(t.ravel(), p.ravel(), u.ravel(), v.ravel()):
            rows.append([game, _params_text(params), a, b, c, d])
        try:
            an = rec.analyze(game, "flow", **params)
            ev = np.unique(np.round(an.eigenvalues, 12))
            text = (f"flow at the equilibrium: {an.verdict}, λ = " + ", ".join(complex_text(z, 3) for z in ev[:2])
                    + (" (double)" if len(ev) == 1 else ""))
            short = f"flow at x*: {an.verdict}, max Re λ = {an.spectral_abscissa + 0.0:.3g}"
        except ValueError as e:
            text = f"flow at the equilibrium: no Jacobian ({str(e).split(':')[-1].strip()})"
            short = "flow at x*: no Jacobian (not differentiable)"
        measured.append(f"{label}: {text}")
        ax.set_title(f"{label}\n{_wrap(short, 44)}", fontsize="small")
        ax.label_outer()
    fig.tight_layout()
    return Figure(
        id="fields", section="field", title="The fields of the notebook's games",
        caption="Stream plots of the field v of each game on [−2, 2]², each from one broadcast call of "
                "gandyn.field over the grid. wgan's clip region |ψ| ≤ 1 is shaded (the clip is a projection "
                "after each update, not part of the field). The title of each panel gives the linearisation "
                "that gandyn.analyze computed at the equilibrium: gan, nsgan and wgan rotate about it "
                "(eigenvalues on the imaginary axis: marginal), instance noise, R1 and consensus attract it "
                "(R1 with γ = 1 without rotating: a double real eigenvalue), and wgan-gp with c = 1 has no "
                "Jacobian there.",
        parameters={"grid": f"{s.stream_points} × {s.stream_points} on [−2, 2]²", "data x*": "0"},
        measured=measured, columns=["game", "parameters", "theta", "psi", "v_theta", "v_psi"], rows=rows,
        python=rec.python, commands=rec.commands, figure=fig)


# ---------------------------------------------------------------- the flow

FLOW_2D = [
    ("wgan-norm", {}, "wgan-norm (normalised critic)"),
    ("wgan-gp", {"lambda_": 0.35, "c": 1.0}, "wgan-gp, c = 1"),
    ("wgan-div", {"lambda_": 0.35}, "wgan-div (c = 0)"),
]
FLOW_2D_START = dict(theta=[1.0, 0.5], psi=[0.3, -0.8])


def flows_2d(s):
    rec = Recorder()
    h, steps = 0.01, 10000
    fig, axes = plt.subplots(2, 3, figsize=(13, 8.2))
    rows, measured, summary = [], [], []
    for col, (game, params, label) in enumerate(FLOW_2D):
        run = rec.simulate(game, "rk4", h=h, steps=steps, every=5, **FLOW_2D_START, **params)
        kind, text = behaviour(run)
        psi_end = float(np.linalg.norm(run.psi[-1]))
        text = f"{text}; final ‖ψ‖ = {psi_end:.4g}"
        plot.trajectory(run, axes[0, col], title=False)
        axes[0, col].set_title(f"{label}\n{_wrap(text, 48)}", fontsize="small")
        plot.norms(run, axes[1, col], title=False)
        if game == "wgan-gp":
            axes[1, col].axhline(1.0, color="#888888", linewidth=0.8, linestyle=":")
        measured.append(f"{label}: {text}")
        summary.append((f"{game} flow (2-D)", kind))
        for k in range(len(run)):
            rows.append([game, run.t[k], *run.theta[k], *run.psi[k]])
    fig.tight_layout()
    return Figure(
        id="flows-2d", section="flow", title="Two-dimensional flows of dirac-gan-convergence.zh",
        caption="The note's numerical solutions in two dimensions (θ, ψ ∈ R²), from θ = (1, 0.5), "
                "ψ = (0.3, −0.8), RK4 with h = 0.01 to t = 100. Top: the generator's path θ₀ against θ₁ "
                "(start ○, end ■, data +). Bottom: ‖θ − x*‖ and ‖ψ‖ against t. The measured behaviour is "
                "the trajectory classifier's on the last quarter of the run.",
        parameters={"method": "rk4", "h": h, "steps": steps, "theta": "1, 0.5", "psi": "0.3, −0.8",
                    "λ": 0.35},
        measured=measured, columns=["game", "t", "theta_0", "theta_1", "psi_0", "psi_1"], rows=rows,
        python=rec.python, commands=rec.commands, figure=fig, summary=summary)


# ---------------------------------------------------------------- the rules

def notebook(s, key, game, params, label):
    """One row of Mescheder et al.'s notebook: the game under simgd, altgd n_d = 1, altgd n_d = 5
    and the flow, over the stream plot of its field."""
    rec = Recorder()
    fig, axes = plt.subplots(1, 4, figsize=(14, 4.1), sharey=True)
    rows, measured, summary = [], [], []
    for ax, (mlabel, method, mparams) in zip(axes, NOTEBOOK_METHODS):
        run = rec.simulate(game, method, h=NOTEBOOK_H, steps=NOTEBOOK_STEPS, **NOTEBOOK_START, **mparams, **params)
        kind, text = behaviour(run)
        _stream(ax, rec, game, params, s)
        _shade_clip(ax, params)
        plot.trajectory(run, ax, stream_plot=False, title=False)
        ax.set_xlim(BOUNDS[0], BOUNDS[1])
        ax.set_ylim(BOUNDS[2], BOUNDS[3])
        ax.set_title(f"{mlabel}\n{_wrap(text)}", fontsize="small")
        ax.label_outer()
        measured.append(f"{mlabel}: {text}")
        summary.append((f"{label}, {mlabel}", kind))
        for k in range(len(run)):
            rows.append([method, mparams.get("nd", ""), int(run.step[k]), run.t[k], run.theta[k, 0], run.psi[k, 0]])
    if "clip" in params:
        axes[0].text(-1.9, 1.05, "clip region |ψ| ≤ 1", fontsize="x-small", color="#b35806")
    fig.suptitle(f"{label}: h = {NOTEBOOK_H}, {NOTEBOOK_STEPS} steps from θ = ψ = 1", fontsize="medium")
    fig.tight_layout()
    return Figure(
        id=f"notebook-{key}", section="rules", title=f"Notebook panels: {label}",
        caption=f"{label} trained from θ = ψ = 1 with step h = {NOTEBOOK_H} for {NOTEBOOK_STEPS} iterations "
                "(the flow: 500 RK4 steps, t = 100), over the stream plot of its field. Start ○, end ■, "
                "equilibrium +. Each panel's title is the behaviour gandyn measured on the last quarter of "
                "the run (see \"How behaviour is measured\" at the top) with the distance ‖x − x*‖ to the "
                "equilibrium."
                + (" The shaded band is the clip region |ψ| ≤ 1: ψ is projected onto it after every update."
                   if "clip" in params else ""),
        parameters={"game": game, **{k.rstrip("_"): v for k, v in params.items()}, "h": NOTEBOOK_H,
                    "steps": NOTEBOOK_STEPS, "theta": 1, "psi": 1},
        measured=measured, columns=["method", "nd", "step", "t", "theta", "psi"], rows=rows,
        python=rec.python, commands=rec.commands, figure=fig, summary=summary)


def averaging(s):
    rec = Recorder()
    game, method, h, steps, beta = "nsgan", "simgd", 0.2, 10000, 0.999
    run = rec.simulate(game, method, h=h, steps=steps, ema=beta, every=2, **NOTEBOOK_START)
    raw_kind, raw_text = behaviour(run)
    avg_kind, avg_text = behaviour(run, states=run.ema)
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.8))
    plot.trajectory(run, axes[0], stream_plot=False, title=False, label_text="iterates")
    axes[0].set_xlim(-1.2, 1.2)
    axes[0].set_ylim(-1.2, 1.2)
    axes[0].set_aspect("equal")
    axes[0].legend(fontsize="small", loc="lower right")
    axes[0].set_title(f"iterates: {raw_text.split(' (from')[0]}\naverage: {avg_text.split(' (from')[0]}",
                      fontsize="small")
    centre = np.asarray(run.equilibrium)
    axes[1].semilogy(run.t, np.linalg.norm(run.x - centre, axis=1), "k-", label="iterates")
    axes[1].semilogy(run.t, np.linalg.norm(run.ema - centre, axis=1), "--", color="#d95f02", linewidth=1.6,
                     label=f"moving average, β = {beta}")
    axes[1].set_xlabel("t = k h")
    axes[1].set_ylabel("distance to the equilibrium")
    axes[1].legend(fontsize="small")
    axes[1].set_title("distance to the equilibrium", fontsize="small")
    fig.tight_layout()
    rows = [[int(run.step[k]), run.t[k], run.theta[k, 0], run.psi[k, 0], run.ema_theta[k, 0], run.ema_psi[k, 0]]
            for k in range(len(run))]
    return Figure(
        id="weight-averaging", section="rules", title="Weight averaging",
        caption=f"{game} under {method}, h = {h}, {steps} iterations from θ = ψ = 1 (every 2nd iterate drawn), "
                f"with the exponential moving average e_k = β e_(k−1) + (1 − β) x_k, β = {beta} "
                "(dirac-gan-convergence.zh.txt, its section on methods that help convergence). The iterates keep circling the equilibrium; their "
                "average closes in on its centre: what remains of the oscillation in the average is damped by "
                "about (1 − β)/|1 − β e^(iω)| for an oscillation of ω radians per step, not removed.",
        parameters={"game": game, "method": method, "h": h, "steps": steps, "ema": beta, "theta": 1, "psi": 1},
        measured=[f"iterates: {raw_text}", f"moving average: {avg_text}"],
        columns=["step", "t", "theta", "psi", "ema_theta", "ema_psi"], rows=rows,
        python=rec.python, commands=rec.commands, figure=fig,
        summary=[(f"{game} {method} h = {h} iterates", raw_kind), (f"{game} {method} moving average", avg_kind)])


def step_size(s):
    rec = Recorder()
    game, method, steps = "nsgan", "simgd", NOTEBOOK_STEPS
    axis = Linspace(0.05, 4.0, s.h_cells)
    data = rec.sweep(game, method, grid={"h": axis}, quantity="final-distance", steps=steps, **NOTEBOOK_START)
    _, at_notebook_h = behaviour(rec.simulate(game, method, h=NOTEBOOK_H, steps=steps, **NOTEBOOK_START))
    fig, ax = plt.subplots(figsize=(7.5, 4.2))
    plot.sweep(data, ax)
    status = data.coords["status"].values
    h = data.coords["h"].values
    diverged = h[status == "diverged"]
    first = float(diverged.min()) if diverged.size else None
    bounded = h[status == "ok"]
    text = (f"bounded for every h up to {bounded[bounded < first].max():.3g}; diverged from h = {first:.3g}"
            if first is not None else f"bounded for every h in [{h.min():g}, {h.max():g}]")
    if first is not None:
        ax.axvline(first, color="#b2182b", linestyle=":", linewidth=1)
    fig.tight_layout()
    rows = [[float(a), str(st), float(v)] for a, st, v in zip(h, status, data.values)]
    return Figure(
        id="step-size", section="rules", title="How large a step simgd survives on nsgan",
        caption=f"The distance to the equilibrium after {steps} simgd iterations of nsgan from θ = ψ = 1, "
                "for each step h (log scale). Near the equilibrium simgd pushes outwards for every h "
                "(|1 ± i h/2| > 1) while nsgan's flow pulls inwards (docs/analysis.md, \"Behaviour of the "
                "flows\"); from θ = ψ = 1 the two balance on a closed curve that widens with h, until the run "
                f"runs away (measured at h = {NOTEBOOK_H}: {at_notebook_h}).",
        parameters={"game": game, "method": method, "steps": steps, "theta": 1, "psi": 1,
                    "h": f"{axis.lo:g} to {axis.hi:g}, {axis.n} values"},
        measured=[text], columns=["h", "status", "final_distance"], rows=rows,
        python=rec.python, commands=rec.commands, figure=fig)


# ---------------------------------------------------------------- the analysis

SPECTRA_FLOW = [("gan", {}, "gan"), ("gan-noise", {"sigma": 0.7}, "gan-noise σ = 0.7"),
                ("gan-r1", {"gamma": 0.3}, "gan-r1 γ = 0.3"), ("gan-r1", {"gamma": 1.0}, "gan-r1 γ = 1"),
                ("gan-consensus", {}, "gan-consensus"), ("wgan-div", {"lambda_": 0.35}, "wgan-div λ = 0.35")]
SPECTRA_MAPS = [("simgd", {}, "simgd"), ("altgd", {"nd": 1}, "altgd n_d = 1"), ("altgd", {"nd": 5}, "altgd n_d = 5"),
                ("extragradient", {}, "extragradient"), ("optimistic", {}, "optimistic"),
                ("momentum", {"beta": 0.5}, "momentum β = 0.5")]


def spectra(s):
    rec = Recorder()
    h = 1.0
    fig, axes = plt.subplots(1, 2, figsize=(13, 7))
    rows, measured = [], []
    flows = []
    for game, params, label in SPECTRA_FLOW:
        a = rec.analyze(game, "flow", **params)
        flows.append(a)
        measured.append(f"flow, {label}: {a.verdict}, max Re λ = {a.spectral_abscissa:.4g}")
        rows += [["flow", label, "", z.real, z.imag] for z in a.eigenvalues]
    plot.eigenvalues(flows, axes[0], labels=[x[2] for x in SPECTRA_FLOW],
                     title="flows: eigenvalues of v′ at the equilibrium")
    maps = []
    for method, params, label in SPECTRA_MAPS:
        a = rec.analyze("gan", method, h=h, **params)
        maps.append(a)
        measured.append(f"gan, {label}, h = {h}: {a.verdict}, ρ = {a.spectral_radius:.6g}")
        rows += [[method, label, h, z.real, z.imag] for z in a.eigenvalues]
    plot.eigenvalues(maps, axes[1], labels=[x[2] for x in SPECTRA_MAPS],
                     title=f"rules on gan, h = {h}: eigenvalues of one iteration")
    fig.tight_layout()
    return Figure(
        id="spectra", section="analysis", title="Eigenvalues against the imaginary axis and the unit circle",
        caption="Left: the eigenvalues of the flow's Jacobian v′ at the equilibrium; left of the imaginary axis "
                "the flow converges, on it the linearisation does not decide. Right: the eigenvalues of one "
                f"iteration of each rule on gan at h = {h} (momentum and optimistic on their augmented state "
                "[x; memory], four eigenvalues; optimistic's are two double ones); inside the unit circle the rule "
                "converges. simgd and momentum lie outside, altgd exactly on the circle, extragradient and "
                "optimistic inside.",
        parameters={"h (maps)": h, "dimension": 1, "data x*": 0},
        measured=measured, columns=["method", "label", "h", "re", "im"], rows=rows,
        python=rec.python, commands=rec.commands, figure=fig)


PATHS = [
    ("gan-r1", "gamma", 0.0, 1.5, "r1", r"R1 weight $\gamma$", "gan-r1: γ from 0 to 1.5"),
    ("gan-noise", "sigma", 0.0, 3.0, "noise", r"noise $\sigma$", "gan-noise: σ from 0 to 3"),
    ("wgan-div", "lambda_", 0.0, 2.0, "wgan-div", r"penalty $\lambda$", "wgan-div: λ from 0 to 2"),
]


def eigenvalue_paths(s):
    rec = Recorder()
    fig, axes = plt.subplots(1, 3, figsize=(15, 5))
    rows, measured = [], []
    worst = 0.0
    for ax, (game, key, lo, hi, kind, symbol, label) in zip(axes, PATHS):
        values = np.linspace(lo, hi, s.path_points)
        computed = []
        diff = 0.0
        for p in values:
            a = rec.analyze(game, "flow", **{key: float(p)})
            computed.append(a.eigenvalues)
            expected = closed_form(kind, **{key: float(p)})
            d = max_difference(expected, a.eigenvalues)
            diff = max(diff, d)
            rows += [[game, key.rstrip("_"), p, z.real, z.imag, e.real, e.imag] for z, e in
                     zip(sorted(a.eigenvalues, key=lambda z: (z.imag, z.real)),
                         sorted(expected, key=lambda z: (z.imag, z.real)))]
        worst = max(worst, diff)
        fine = np.linspace(lo, hi, 600)
        curves = np.array([closed_form(kind, **{key: float(p)}) for p in fine])
        for branch, style in ((0, "-"), (1, "-")):
            ax.plot(curves[:, branch].real, curves[:, branch].imag, style, color="k", linewidth=1.0, zorder=2)
        ax.plot([], [], "k-", linewidth=1.0, label="closed form")
        pts = np.array(computed)
        colours = np.repeat(values, pts.shape[1])
        sc = ax.scatter(pts.real.ravel(), pts.imag.ravel(), c=colours, cmap="viridis", s=28, edgecolors="k",
                        linewidths=0.4, zorder=3, label="computed (gandyn.analyze)")
        bar = fig.colorbar(sc, ax=ax, shrink=0.85)
        bar.set_label(symbol)
        critical = {"r1": ("gamma", 1.0), "noise": ("sigma", np.sqrt(2.0)), "wgan-div": ("lambda_", 1.0)}[kind]
        double = closed_form(kind, **{critical[0]: critical[1]})[0].real
        ax.plot(double, 0, "*", color="white", markeredgecolor="k", markersize=15, zorder=4,
                label=f"double eigenvalue {double:g} (defective)")
        ax.axvline(0, color="#888888", linewidth=0.8)
        ax.axhline(0, color="#888888", linewidth=0.6)
        ax.set_xlabel(r"Re $\lambda$")
        ax.set_ylabel(r"Im $\lambda$")
        ax.legend(fontsize="x-small", loc="upper left")
        ax.set_title(f"{label}\nlargest |closed form − computed| = {diff:.1e}", fontsize="small")
        measured.append(f"{label}: {len(values)} parameter values, largest |closed form − computed| = {diff:.1e}")
    fig.tight_layout()
    return Figure(
        id="eigenvalue-paths", section="analysis", title="Eigenvalue paths of R1, instance noise and WGAN-div",
        caption="The two eigenvalues of the flow's Jacobian at the equilibrium as a regulariser grows, in the "
                "complex plane: computed points (colour: the parameter) with the closed forms of docs/analysis.md, "
                "\"Closed forms at the equilibrium\", drawn over them as lines. Each pair starts at ±i f′(0) (±i for "
                "the Wasserstein loss), moves left while complex, meets on the real axis at "
                "the defective (critically damped) value, γ = 1, σ = √2, λ = 1 (marked ★), and splits along it. While "
                "complex the pair moves on the circle |λ| = f′(0) (|λ| = 1 for WGAN-div): the determinant of the "
                "2 × 2 Jacobian, f′(0)², does not depend on the regulariser.",
        parameters={"γ": f"0 to 1.5, {s.path_points} values", "σ": f"0 to 3, {s.path_points} values",
                    "λ": f"0 to 2, {s.path_points} values", "dimension": 1},
        measured=measured, columns=["game", "parameter", "value", "computed_re", "computed_im", "closed_form_re",
                                    "closed_form_im"], rows=rows,
        python=rec.python[:3] + [f"... ({len(rec.python)} calls in all, one per parameter value)"],
        commands=rec.commands[:3] + [f"... ({len(rec.commands)} commands in all)"], figure=fig,
        max_difference=worst)


# (game, method, parameters, closed-form kind, its parameters, source)
TABLE = [
    ("gan", "flow", {}, "flow", {}, "Lemma 1"),
    ("nsgan", "flow", {}, "flow", {}, "Lemma 1"),
    ("gan", "simgd", {"h": 0.1}, "simgd", {"h": 0.1}, "Lemma 2"),
    ("gan", "simgd", {"h": 0.5}, "simgd", {"h": 0.5}, "Lemma 2"),
    ("nsgan", "altgd", {"h": 0.5, "nd": 1}, "altgd", {"h": 0.5, "nd": 1}, "Lemma 3"),
    ("nsgan", "altgd", {"h": 0.5, "nd": 5}, "altgd", {"h": 0.5, "nd": 5}, "Lemma 3"),
    ("nsgan", "altgd", {"h": 0.5, "ng": 2, "nd": 3}, "altgd", {"h": 0.5, "ng": 2, "nd": 3}, "Lemma 3"),
    ("gan-noise", "flow", {"sigma": 0.7}, "noise", {"sigma": 0.7}, "Lemma 4"),
    ("gan-noise", "flow", {"sigma": 2.5}, "noise", {"sigma": 2.5}, "Lemma 4"),
    ("nsgan-r1", "flow", {"gamma": 0.3}, "r1", {"gamma": 0.3}, "Mescheder 2018, Thm 4.1"),
    ("nsgan-r1", "flow", {"gamma": 1.0}, "r1", {"gamma": 1.0}, "Mescheder 2018, Thm 4.1 (defective)"),
    ("nsgan-r1", "flow", {"gamma": 2.0}, "r1", {"gamma": 2.0}, "Mescheder 2018, Thm 4.1"),
    ("wgan-div", "flow", {"lambda_": 0.35}, "wgan-div", {"lambda_": 0.35}, "dirac-gan-convergence.zh"),
    ("wgan-div", "flow", {"lambda_": 1.0}, "wgan-div", {"lambda_": 1.0}, "dirac-gan-convergence.zh (defective)"),
    ("wgan-div", "flow", {"lambda_": 1.5}, "wgan-div", {"lambda_": 1.5}, "dirac-gan-convergence.zh"),
    ("gan-consensus", "flow", {"consensus_gamma": 1.0}, "consensus", {"consensus_gamma": 1.0},
     "Mescheder, Nowozin & Geiger 2017"),
]


def closed_form_table(s):
    rec = Recorder()
    rows, table_rows, worst = [], [], 0.0
    for game, method, params, kind, cparams, source in TABLE:
        a = rec.analyze(game, method, **params)
        expected = closed_form(kind, **cparams)
        d = max_difference(expected, a.eigenvalues)
        worst = max(worst, d)
        setting = _params_text(params)
        ev_expected = sorted(expected, key=lambda z: (-z.imag, -z.real))
        ev_computed = sorted(a.eigenvalues, key=lambda z: (-z.imag, -z.real))
        table_rows.append([game, method + (f" ({setting})" if setting else ""), CLOSED_FORM_TEXT[kind],
                           [complex_text(z) for z in ev_expected], [complex_text(z) for z in ev_computed],
                           f"{d:.1e}", source])
        rows.append([game, method, setting, kind, *(x for z in ev_expected for x in (z.real, z.imag)),
                     *(x for z in ev_computed for x in (z.real, z.imag)), d])
    columns = ["game", "method", "parameters", "closed_form", "expected_0_re", "expected_0_im", "expected_1_re",
               "expected_1_im", "computed_0_re", "computed_0_im", "computed_1_re", "computed_1_im", "max_difference"]
    return Figure(
        id="closed-forms", section="analysis", title="Closed forms against computed eigenvalues",
        caption="Every closed form of docs/analysis.md, \"Closed forms at the equilibrium\" (n = 1, data at 0, "
                "f′(0) = 1/2, f″(0) = −1/4; lemmas of gan-training-convergence-analysis.fa), beside the "
                "eigenvalues gandyn.analyze computes from the exact Jacobian, and the largest difference under "
                "the best pairing. At the defective points (γ = 1, λ = 1) a Jacobian off by ε would split the "
                "double eigenvalue by √ε; the exact one keeps it together.",
        parameters={"dimension": 1, "data x*": 0}, measured=[f"largest difference: {worst:.1e}"],
        columns=columns, rows=rows, python=rec.python, commands=rec.commands,
        table={"columns": ["game", "method", "closed form", "closed-form eigenvalues", "computed", "max diff",
                           "source"], "rows": table_rows}, max_difference=worst)


# ---------------------------------------------------------------- the maps

# (id, game, method, fixed parameters, grid axes (name, lo, hi, n or None for the default), what it shows)
MAPS = [
    ("map-simgd-gan-r1", "gan-r1", "simgd", {}, [("h", 0.01, 4.0, None), ("gamma", 0.0, 2.0, None)],
     "simgd converges where h < 4γ (γ < 1) and h < 4/(γ + √(γ² − 1)) (γ ≥ 1), the closed-form largest step "
     "of docs/analysis.md, \"Largest stable step\"; without R1 (γ = 0) no step converges."),
    ("map-altgd-gan-r1", "gan-r1", "altgd", {"nd": 1}, [("h", 0.01, 4.0, None), ("gamma", 0.0, 2.0, None)],
     "altgd with one discriminator step: at γ = 0 it is marginal (ρ = 1 exactly, Lemma 3) up to h = 4, and "
     "every γ > 0 makes small steps converge."),
    ("map-momentum-gan-r1", "gan-r1", "momentum", {}, [("h", 0.01, 4.0, None), ("beta", -0.9, 0.9, None)],
     "heavy-ball momentum (on the augmented state [x; m]) on gan-r1, γ = 0.3, over the step and the momentum "
     "β, negative β included."),
    ("map-altgd-nd-gan-r1", "gan-r1", "altgd", {}, [("h", 0.01, 4.0, None), ("nd", 1, 10, 10)],
     "altgd on gan-r1, γ = 0.3, over the step and the number of discriminator steps n_d per generator step."),
]


def stability_map(s, key, game, method, params, axes_spec, note):
    rec = Recorder()
    grid = {name: Linspace(lo, hi, n or s.map_cells) for name, lo, hi, n in axes_spec}
    data = rec.sweep(game, method, grid=grid, quantity="spectral-radius", **params)
    analysis = rec.analyze(game, method, h=0.2, **params)
    fig, ax = plt.subplots(figsize=(7.2, 5.4))
    plot.sweep(data, ax)
    fig.tight_layout()
    rho = np.asarray(data.values, dtype=float)
    ok = np.isfinite(rho)
    conv = int((rho[ok] < 1 - 1e-8).sum())
    marg = int((np.abs(rho[ok] - 1) <= 1e-8).sum())
    div = int((rho[ok] > 1 + 1e-8).sum())
    total = rho.size
    defaults = {g["name"]: g["parameters"] for g in gandyn.games()}[game]
    setting = dict(defaults, **params, h=0.2)
    measured = [f"{conv} of {total} cells converge (ρ < 1), {marg} marginal, {div} diverge; ρ from "
                f"{np.nanmin(rho):.4g} to {np.nanmax(rho):.4g}",
                f"at {_params_text(setting)}: ρ = {analysis.spectral_radius:.6g}, {analysis.verdict}, largest "
                f"stable step {analysis.max_stable_h:.6g}"]
    d0, d1 = data.dims
    rows = []
    status = data.coords["status"].values
    for i, a in enumerate(data.coords[d0].values):
        for j, b in enumerate(data.coords[d1].values):
            rows.append([i * data.shape[1] + j, float(a), float(b), float(data.values[i, j]), str(status[i, j])])
    axis_text = {name: f"{lo:g} to {hi:g}, {n or s.map_cells} values" for name, lo, hi, n in axes_spec}
    return Figure(
        id=key, section="maps", title=f"Spectral radius over ({d0}, {d1}): {game}, {method}",
        caption=f"The spectral radius ρ of one {method} iteration's exact Jacobian at the equilibrium, for each "
                f"cell of the grid (gandyn.sweep): blue ρ < 1 (converges near the equilibrium), red ρ > 1 "
                f"(diverges), white ρ = 1; the black line is the ρ = 1 contour. {note}",
        parameters={"game": game, "method": method, **{k.rstrip("_"): v for k, v in params.items()}, **axis_text},
        measured=measured, columns=["cell", d0, d1, "spectral_radius", "status"], rows=rows,
        python=rec.python, commands=rec.commands, figure=fig)


def final_distance_map(s):
    rec = Recorder()
    game, method, h, nd, steps = "gan-consensus", "altgd", 0.2, 5, NOTEBOOK_STEPS
    grid = {"theta0": Linspace(-2.0, 2.0, s.start_cells), "psi0": Linspace(-2.0, 2.0, s.start_cells)}
    data = rec.sweep(game, method, grid=grid, quantity="final-distance", h=h, nd=nd, steps=steps, **NOTEBOOK_START)
    _, notebook_start = behaviour(rec.simulate(game, method, h=h, nd=nd, steps=steps, **NOTEBOOK_START))
    fig, ax = plt.subplots(figsize=(7.2, 5.6))
    plot.sweep(data, ax)
    ax.plot(1.0, 1.0, "o", markerfacecolor="white", markeredgecolor="k", markersize=8)
    ax.annotate("the notebook's start", (1.0, 1.0), xytext=(6, 6), textcoords="offset points", fontsize="small",
                bbox={"boxstyle": "round", "facecolor": "white", "alpha": 0.8})
    ax.set_aspect("equal")
    fig.tight_layout()
    d = np.asarray(data.values, dtype=float)
    status = data.coords["status"].values
    near = int((d < 1e-6).sum())
    far = int((d > 1).sum())
    measured = [f"{near} of {d.size} starts end within 1e-6 of the equilibrium, {far} end farther than 1 "
                f"(largest {np.nanmax(d):.3g}), {int((status == 'diverged').sum())} diverged"]
    rows = []
    for i, a in enumerate(data.coords["theta0"].values):
        for j, b in enumerate(data.coords["psi0"].values):
            rows.append([i * data.shape[1] + j, float(a), float(b), float(d[i, j]), str(status[i, j])])
    return Figure(
        id="map-final-distance", section="maps", title="Where training ends, over the starting point",
        caption=f"{game} (consensus weight 1) under altgd with n_d = {nd} discriminator steps, h = {h}: the "
                f"distance to the equilibrium after {steps} iterations from each start (θ₀, ψ₀) on [−2, 2]² "
                "(gandyn.sweep with quantity final-distance), on a logarithmic colour scale. From starts near "
                "the equilibrium training converges to it; from the others it moves away (the notebook's "
                f"start θ = ψ = 1 is one of them, {notebook_start}).",
        parameters={"game": game, "method": method, "h": h, "nd": nd, "steps": steps,
                    "θ₀, ψ₀": f"−2 to 2, {s.start_cells} values each"},
        measured=measured, columns=["cell", "theta0", "psi0", "final_distance", "status"], rows=rows,
        python=rec.python, commands=rec.commands, figure=fig)


# ---------------------------------------------------------------- rules compared

# (label, method, parameters): every rule of docs/rules.md, with its defaults.
COMPARED_RULES = [
    ("simgd", "simgd", {}), ("altgd", "altgd", {}), ("extragradient", "extragradient", {}),
    ("optimistic", "optimistic", {}), ("past-extragradient", "past-extragradient", {}),
    ("momentum β = −0.5", "momentum", {"beta": -0.5}), ("adam", "adam", {}), ("rmsprop", "rmsprop", {}),
    ("optimistic-adam", "optimistic-adam", {}), ("sga", "sga", {}), ("cgd", "cgd", {}), ("lcgd", "lcgd", {}),
    ("hgd", "hgd", {}), ("la", "la", {}), ("lola", "lola", {}), ("sos", "sos", {}),
    ("lookahead (simgd, k = 5)", "lookahead", {}), ("unrolled (K = 5)", "unrolled", {}),
]


def _distance(run):
    return np.linalg.norm(run.x - run.equilibrium[None, :], axis=1)


def bilinear_rules(s):
    """Gidel et al. 2019 (A Variational Inequality Perspective on GANs), Fig. 1 / 4: the bilinear
    game, the distance to the optimum against the gradient evaluations, every rule."""
    rec = Recorder()
    game, h, budget = "bilinear", 0.2, (200 if s.quick else 1000)
    start = dict(theta=[1.0], psi=[1.0])
    fig, ax = plt.subplots(figsize=(10.0, 5.4))
    colours = plt.get_cmap("tab20").colors
    rows, measured = [], []
    for i, (label, method, params) in enumerate(COMPARED_RULES):
        run = rec.simulate(game, method, h=h, steps=budget, bound=1e6, **start, **params)
        d = _distance(run)
        keep = run.evals <= budget
        style = "-" if i < 10 else "--"
        ax.plot(run.evals[keep], np.maximum(d[keep], 1e-17), style, color=colours[i % 20], linewidth=1.3, label=label)
        final = d[keep][-1]
        fate = ("diverged" if run.status == "diverged" else
                "converges" if final < 1e-3 * d[0] else "grows" if final > d[0] * 1.01 else "does not converge")
        measured.append(f"{label}: distance {final:.3g} after {int(run.evals[keep][-1])} evaluations ({fate})")
        rows.append([label, method, int(run.evals[keep][-1]), float(final), fate])
    ax.set_yscale("log")
    ax.set_xlabel("field evaluations")
    ax.set_ylabel("distance to the equilibrium ‖x − x*‖")
    ax.set_ylim(bottom=1e-16)
    ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
    ax.grid(True, which="major", alpha=0.3)
    fig.tight_layout()
    return Figure(
        id="rules-bilinear", section="compare", title="Every rule on the bilinear game, at equal cost",
        caption=f"The bilinear game L = θψ (gandyn's `bilinear`, coupling a = 1; Gidel et al. 2019, Fig. 1) from "
                f"θ = ψ = 1 with step h = {h}, every rule of docs/rules.md with its defaults: the distance to the "
                "equilibrium (0, 0) against the field evaluations spent (log scale). Plain gradient steps spiral "
                "outwards; extrapolation (extragradient, from the past, optimistic) and the second-order rules "
                "(CGD, SGA, HGD, LOLA, SOS) converge; the cost axis shows what each convergence costs.",
        parameters={"game": game, "coupling": 1, "h": h, "theta": 1, "psi": 1, "evaluations": budget},
        measured=measured, columns=["rule", "method", "evaluations", "final_distance", "fate"], rows=rows,
        python=rec.python, commands=rec.commands, figure=fig)


def cgd_figure(s):
    """Schafer & Anandkumar 2019 (Competitive Gradient Descent), Fig. 2: alpha x y with step 0.2."""
    rec = Recorder()
    h, steps = 0.2, (60 if s.quick else 200)
    start = dict(theta=[0.5], psi=[0.5])
    fig, ax = plt.subplots(figsize=(7.5, 4.6))
    colours = {1.0: "#1b9e77", 3.0: "#d95f02", 6.0: "#7570b3"}
    rows, measured = [], []
    for alpha in (1.0, 3.0, 6.0):
        for method, style in (("simgd", ":"), ("cgd", "-")):
            run = rec.simulate("bilinear", method, h=h, steps=steps, coupling=alpha, bound=1e8, **start)
            d = _distance(run)
            ax.plot(run.step, np.maximum(d, 1e-17), style, color=colours[alpha], linewidth=1.5,
                    label=f"{method}, α = {alpha:g}")
            fate = "diverged" if run.status == "diverged" else ("converges" if d[-1] < d[0] else "grows")
            measured.append(f"α = {alpha:g}, {method}: distance {d[-1]:.3g} at step {int(run.step[-1])} ({fate})")
            rows.append([alpha, method, int(run.step[-1]), float(d[-1]), fate])
    ax.set_yscale("log")
    ax.set_xlabel("iteration")
    ax.set_ylabel("distance to (0, 0)")
    ax.legend(fontsize="small", ncol=3)
    ax.grid(True, alpha=0.3)
    fig.tight_layout()
    return Figure(
        id="rules-cgd", section="compare", title="Competitive gradient descent against simultaneous steps on αxy",
        caption=f"The game L = α θψ with step h = {h} from θ = ψ = 0.5, as in Schafer & Anandkumar 2019, Fig. 2: "
                "simultaneous gradient steps (dotted) spiral outwards at every α (|1 ± iαh| > 1), faster for "
                "larger α; competitive gradient descent (solid), whose step (I − hJ_off)⁻¹ hv solves each "
                "player's local game exactly, converges for α = 1, 3 and 6 (docs/rules.md, \"CGD\").",
        parameters={"game": "bilinear", "h": h, "steps": steps, "theta": 0.5, "psi": 0.5, "α (coupling)": "1, 3, 6"},
        measured=measured, columns=["alpha", "method", "steps", "final_distance", "fate"], rows=rows,
        python=rec.python, commands=rec.commands, figure=fig)


# ---------------------------------------------------------------- where training ends

# (game, method, parameters, label)
BASINS = [
    ("gan-consensus", "altgd", {"h": 0.2, "nd": 5}, "gan-consensus, altgd n_d = 5, h = 0.2"),
    ("gan-r1", "simgd", {"h": 1.3}, "gan-r1 γ = 0.3, simgd, h = 1.3 > h* = 1.2"),
    ("nsgan-r1", "simgd", {"h": 2.6, "gamma": 0.6}, "nsgan-r1 γ = 0.6, simgd, h = 2.6"),
]


def basins(s):
    from matplotlib.patches import Patch
    rec = Recorder()
    steps = 1000
    names = list(plot.BASIN_COLOURS)
    fig, axes = plt.subplots(1, len(BASINS), figsize=(4.2 * len(BASINS), 4.4), squeeze=False)
    rows, measured = [], []
    for ax, (game, method, params, label) in zip(axes[0], BASINS):
        grid = {"theta0": Linspace(-2.0, 2.0, s.start_cells), "psi0": Linspace(-2.0, 2.0, s.start_cells)}
        data = rec.sweep(game, method, grid=grid, quantity="basin", steps=steps, theta=[1.0], psi=[1.0], **params)
        labels = np.asarray(data.values).astype(str)
        t0 = data.coords["theta0"].values
        p0 = data.coords["psi0"].values
        plot.sweep(data, ax, title=False, legend=False)  # one legend for the three panels, below
        ax.plot(0, 0, "k+", markersize=9)
        ax.set_title(label, fontsize="medium")
        ax.set_aspect("equal")
        counts = {n: int((labels == n).sum()) for n in names}
        measured.append(f"{label}: " + ", ".join(f"{counts[n]} {n}" for n in names if counts[n]))
        for i, a in enumerate(t0):
            for j, b in enumerate(p0):
                rows.append([label, float(a), float(b), labels[i, j]])
    fig.legend(handles=[Patch(color=plot.BASIN_COLOURS[n], label=n) for n in names], loc="lower center", ncol=len(names),
               fontsize="small")
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    return Figure(
        id="basins", section="attractors", title="Basins: where training from each start ends",
        caption=f"Each start (θ₀, ψ₀) on [−2, 2]² labelled by what {steps} iterations reach (gandyn.sweep with "
                "quantity basin; criteria in docs/analysis.md, \"Basins\"): converged to the equilibrium, to "
                "another fixed point, a cycle (bounded, recurrent, not converging: a periodic orbit or an invariant "
                "circle of the map), diverged, or undecided (irregular). The equilibrium is marked +.",
        parameters={"steps": steps, "θ₀, ψ₀": f"−2 to 2, {s.start_cells} values each",
                    "panels": "; ".join(b[3] for b in BASINS)},
        measured=measured, columns=["panel", "theta0", "psi0", "label"], rows=rows,
        python=rec.python, commands=rec.commands, figure=fig)


def cycles(s):
    rec = Recorder()
    cases = [("nsgan", {}, dict(theta=[1.0, 0.5], psi=[0.3, -0.8]), 4 * np.pi, "4π"),
             ("wgan-gp", {}, dict(theta=[1.0, 0.5], psi=[0.3, -0.8]), 2 * np.pi, "2π")]
    fig, axes = plt.subplots(1, 2, figsize=(10.0, 4.6))
    rows, measured = [], []
    for ax, (game, params, start, closed, closed_text) in zip(axes, cases):
        o = rec.orbit(game, "flow", **start, **params)
        if o.kind != "cycle":
            measured.append(f"{game}: {o.kind} ({o.reason})")
            continue
        n = o.point.size // 2
        h = 0.01
        run = rec.simulate(game, "rk4", h=h, t_end=float(o.period), theta=list(o.theta), psi=list(o.psi), **params)
        if n == 1:
            ax.plot(run.theta[:, 0], run.psi[:, 0], color="#2166ac")
            ax.set_xlabel("θ")
            ax.set_ylabel("ψ")
        else:
            ax.plot(run.theta[:, 0], run.theta[:, 1], color="#2166ac", label="θ")
            ax.plot(run.psi[:, 0], run.psi[:, 1], "--", color="#b2182b", label="ψ")
            ax.set_xlabel("first coordinate")
            ax.set_ylabel("second coordinate")
            ax.legend(fontsize="small")
        # the orbit's point: (theta, psi) in 1-D; theta's and psi's planes in 2-D
        for first in range(0, 2 * n, 2):
            ax.plot(o.point[first], o.point[first + 1], "ko", markersize=4)
        ax.set_aspect("equal")
        ax.set_title(f"{game}: period {o.period:.10g} ({closed_text} = {closed:.10g})", fontsize="medium")
        mult = ", ".join(complex_text(m, 4) for m in o.multipliers)
        measured.append(f"{game}: period {o.period:.12g}, |period − {closed_text}| = {abs(o.period - closed):.2g}; "
                        f"Floquet multipliers {mult}")
        rows.append([game, float(o.period), float(closed), abs(float(o.period) - closed)])
    fig.tight_layout()
    return Figure(
        id="cycles", section="attractors", title="The cycles of nsgan and WGAN-GP, with their periods",
        caption="Periodic orbits of the flow found by shooting (gandyn.orbit: Newton on the return map with a "
                "phase condition, least squares for nsgan's family of orbits), then drawn over one period with RK4. "
                "nsgan in two dimensions settles on an orbit with θ ⟂ ψ and ‖θ‖ = ‖ψ‖, a rotation at angular speed "
                "f′(0) = 1/2: period 4π; WGAN-GP with c = 1 rotates on ‖ψ‖ = 1 at speed 1: period 2π "
                "(docs/analysis.md, \"Periodic orbits\").",
        parameters={"start": "θ = (1, 0.5), ψ = (0.3, −0.8)", "wgan-gp": "λ = 0.35, c = 1 (the defaults)",
                    "h": 0.01},
        measured=measured, columns=["game", "period", "closed_form", "difference"], rows=rows,
        python=rec.python, commands=rec.commands, figure=fig)


def lyapunov_map(s):
    rec = Recorder()
    game, method, steps = "nsgan-r1", "simgd", 2000
    cells = max(8, s.map_cells // 3)
    grid = {"h": Linspace(1.5, 3.5, cells), "gamma": Linspace(0.1, 1.0, cells)}
    data = rec.sweep(game, method, grid=grid, quantity="lyapunov", steps=steps, theta=[1.0], psi=[1.0])
    fig, ax = plt.subplots(figsize=(7.2, 5.4))
    values = np.asarray(data.values, dtype=float)
    h = data.coords["h"].values
    g = data.coords["gamma"].values
    plot.sweep(data, ax)
    fig.tight_layout()
    positive = values > 1e-3
    status = data.coords["status"].values
    where = (f"positive (chaotic) in {int(positive.sum())} of {values.size} cells, largest {np.nanmax(values):.3g} "
             f"at h = {h[np.unravel_index(np.nanargmax(values), values.shape)[0]]:.3g}, "
             f"γ = {g[np.unravel_index(np.nanargmax(values), values.shape)[1]]:.3g}"
             if positive.any() else "never positive on this grid")
    measured = [f"largest exponent {where}; {int((status == 'diverged').sum())} cells diverged (blank)"]
    rows = [[float(a), float(b), float(values[i, j]), str(status[i, j])]
            for i, a in enumerate(h) for j, b in enumerate(g)]
    return Figure(
        id="lyapunov-map", section="attractors", title="Where simgd on nsgan-r1 turns chaotic",
        caption=f"The largest Lyapunov exponent of {steps} simgd iterations of nsgan-r1 from θ = ψ = 1, over the step "
                "h and the R1 weight γ (gandyn.sweep with quantity lyapunov: Benettin's QR method on products of "
                "exact step Jacobians, docs/analysis.md, \"Lyapunov exponents\"). Negative (blue): the run "
                "converges; zero: a cycle or invariant circle; positive (red, hatched beyond the contour at 10⁻³): "
                "nearby runs separate exponentially.",
        parameters={"game": game, "method": method, "steps": steps, "theta": 1, "psi": 1,
                    "h": f"1.5 to 3.5, {cells} values", "γ": f"0.1 to 1, {cells} values"},
        measured=measured, columns=["h", "gamma", "lyapunov", "status"], rows=rows,
        python=rec.python, commands=rec.commands, figure=fig)


def stable_step_curve(s):
    rec = Recorder()
    axis = Linspace(0.02, 3.0, s.h_cells)
    data = rec.sweep("gan-r1", "simgd", grid={"gamma": axis}, quantity="max-stable-h", h=0.1)
    gamma = data.coords["gamma"].values
    computed = np.asarray(data.values, dtype=float)
    # simgd on gan-r1: stable exactly for h < 4 gamma (gamma < 1), h < 4 / (gamma + sqrt(gamma^2 - 1)) (gamma >= 1)
    closed = np.where(gamma < 1, 4 * gamma, 4 / (gamma + np.sqrt(np.maximum(gamma ** 2 - 1, 0))))
    fig, ax = plt.subplots(figsize=(7.2, 4.4))
    ax.plot(gamma, computed, "o", markersize=3.5, color="#2166ac", label="gandyn (sweep max-stable-h)")
    fine = np.linspace(axis.lo, axis.hi, 600)
    ax.plot(fine, np.where(fine < 1, 4 * fine, 4 / (fine + np.sqrt(np.maximum(fine ** 2 - 1, 0)))), "-",
            color="#b2182b", linewidth=1, label="closed form")
    ax.set_xlabel("γ")
    ax.set_ylabel("largest stable step h*")
    ax.legend(fontsize="small")
    ax.grid(True, alpha=0.3)
    fig.tight_layout()
    diff = float(np.nanmax(np.abs(computed - closed)))
    measured = [f"largest |computed − closed form| over {gamma.size} values of γ: {diff:.2g}; h* peaks at γ = 1 "
                f"(h* = {float(np.nanmax(computed)):.6g})"]
    rows = [[float(a), float(b), float(c)] for a, b, c in zip(gamma, computed, closed)]
    return Figure(
        id="stable-step-curve", section="attractors", title="The largest stable step of simgd on gan-r1, h*(γ)",
        caption="The largest step h for which simgd on gan-r1 converges near the equilibrium, over the R1 weight γ "
                "(gandyn.sweep with quantity max-stable-h: a scan and bisection of the spectral radius of one "
                "iteration), with the closed form drawn over it: h* = 4γ for γ < 1 and 4/(γ + √(γ² − 1)) for γ ≥ 1 "
                "(docs/analysis.md, \"Stability boundaries\").",
        parameters={"game": "gan-r1", "method": "simgd", "γ": f"{axis.lo:g} to {axis.hi:g}, {axis.n} values"},
        measured=measured, columns=["gamma", "max_stable_h", "closed_form"], rows=rows,
        python=rec.python, commands=rec.commands, figure=fig, max_difference=diff)


# ---------------------------------------------------------------- the list, in page order

def _bind(function, *args):
    def build(s):
        return function(s, *args)
    return build


FIGURES = (
    [("fields", fields), ("flows-2d", flows_2d)]
    + [(f"notebook-{key}", _bind(notebook, key, game, params, label)) for key, game, params, label in NOTEBOOK_GAMES]
    + [("weight-averaging", averaging), ("step-size", step_size),
       ("spectra", spectra), ("eigenvalue-paths", eigenvalue_paths), ("closed-forms", closed_form_table)]
    + [("rules-bilinear", bilinear_rules), ("rules-cgd", cgd_figure)]
    + [("basins", basins), ("cycles", cycles), ("lyapunov-map", lyapunov_map), ("stable-step-curve", stable_step_curve)]
    + [(key, _bind(stability_map, key, game, method, params, axes, note))
       for key, game, method, params, axes, note in MAPS]
    + [("map-final-distance", final_distance_map)]
)
