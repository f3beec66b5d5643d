"""What the gallery says about a run or a spectrum: the measured behaviour of a trajectory
(the library's classifier, docs/analysis.md, "The trajectory classifier", in words) and the
closed forms of docs/analysis.md, "Closed forms at the equilibrium"."""

import itertools

import numpy as np

import gandyn

# The logistic loss at 0 (docs/conventions.md, "The loss family").
F1 = 0.5     # f'(0)
F2 = -0.25   # f''(0)


def behaviour(run, states=None):
    """(kind, text) for a Trajectory: the library's classifier (gandyn.classify,
    docs/analysis.md, "The trajectory classifier") and the distances it read, in words.
    ``states`` replaces run.x (the moving average's rows)."""
    b = gandyn.classify(run, states)
    kind = b["kind"]
    r0, r1, lo, hi = b["radius_first"], b["radius_last"], b["radius_min"], b["radius_max"]
    if kind == "diverged":
        return kind, f"diverged at step {run.ended_step} (not finite or ||x|| > 1e10)"
    if kind == "converged":
        if r1 <= 1e-6:
            return kind, f"converged: final distance {r1:.2g}"
        return kind, f"converged to a point at distance {r1:.4g}"
    if kind == "circle":
        return kind, f"circle: distance {(lo + hi) / 2:.4g}" + _from(r0, r1)
    if kind == "closed curve":
        return kind, f"closed curve: distance {lo:.3g} to {hi:.3g}" + _from(r0, r1)
    if kind == "converging":
        return kind, f"converging: final distance {r1:.2g}"
    if kind == "spiralling in":
        return kind, f"spiralling in slowly: distance {hi:.3g} to {r1:.3g} over the last quarter"
    if kind == "growing":
        return kind, f"growing: distance {r0:.3g} at the start, {r1:.3g} at the end"
    return kind, f"oscillating, range still widening: distance {lo:.3g} to {hi:.3g}"


def _from(r0, r1):
    """', from 1.41 at the start' when the distance has moved away from its start."""
    return f" (from {r0:.3g} at the start)" if abs(r1 - r0) > 0.05 * r0 else ""


# The words of `behaviour`, as the page explains them ("distance" is ||x - x_eq||, the tail the
# last quarter of the recorded rows).
KINDS = [
    ("converged", "at the equilibrium (distance ≤ 1e-6), or stopped moving elsewhere"),
    ("converging", "the distance over the second half of the tail is below half of that over the first"),
    ("spiralling in", "the distance is shrinking, more slowly than that"),
    ("circle", "still moving, at a constant distance (to 1e-3) over the tail"),
    ("closed curve", "a bounded oscillation whose distance range is the same (to 1%) in both halves of the tail"),
    ("growing", "the distance is growing and ends at least 1.5 times the start's"),
    ("oscillating", "anything else that stays bounded"),
    ("diverged", "a coordinate not finite or ‖x‖ > 1e10: the run stopped"),
]


# ---- closed forms (n = 1, data at 0) ----

def _pair(centre, disc):
    root = np.emath.sqrt(disc)
    return np.array([centre + root, centre - root], dtype=complex)


def closed_form(kind, **p):
    """The closed-form eigenvalues (a complex array of 2) of docs/analysis.md, "Closed forms
    at the equilibrium": kind in flow (gan, nsgan), simgd, altgd, noise, r1, wgan-div,
    consensus."""
    if kind == "flow":
        return np.array([1j * F1, -1j * F1])
    if kind == "simgd":
        return np.array([1 + 1j * p["h"] * F1, 1 - 1j * p["h"] * F1])
    if kind == "altgd":
        a = np.sqrt(p.get("ng", 1) * p.get("nd", 1)) * p["h"] * F1
        b = 1 - a * a / 2
        return _pair(b, b * b - 1)
    if kind == "noise":
        s2 = p["sigma"] ** 2
        return _pair(F2 * s2, F2 * F2 * s2 * s2 - F1 * F1)
    if kind == "r1":
        g = p["gamma"]
        return _pair(-g / 2, g * g / 4 - F1 * F1)
    if kind == "wgan-div":
        lam = p["lambda_"]
        return _pair(-lam, lam * lam - 1)
    if kind == "consensus":
        return np.array([-p["consensus_gamma"] * F1 * F1 + 1j * F1, -p["consensus_gamma"] * F1 * F1 - 1j * F1])
    raise ValueError(f"no closed form named {kind}")


CLOSED_FORM_TEXT = {
    "flow": "±i f'(0)",
    "simgd": "1 ± i h f'(0)",
    "altgd": "1 − a²/2 ± √((1 − a²/2)² − 1), a = √(n_g n_d) h f'(0)",
    "noise": "f''(0) σ² ± √(f''(0)² σ⁴ − f'(0)²)",
    "r1": "−γ/2 ± √(γ²/4 − f'(0)²)",
    "wgan-div": "−λ ± √(λ² − 1)",
    "consensus": "−γ f'(0)² ± i f'(0)",
}


def max_difference(expected, computed):
    """The largest |expected_i - computed_pi(i)| under the pairing pi that makes it smallest."""
    expected = np.asarray(expected, dtype=complex)
    computed = np.asarray(computed, dtype=complex)
    best = np.inf
    for perm in itertools.permutations(range(len(computed)), len(expected)):
        best = min(best, max(abs(e - computed[j]) for e, j in zip(expected, perm)))
    return float(best)


def complex_text(z, digits=6):
    z = complex(z)
    sign = "+" if z.imag >= 0 else "−"
    re = z.real if abs(z.real) >= 0.5 * 10 ** -digits else 0.0
    return f"{re:.{digits}f} {sign} {abs(z.imag):.{digits}f}i"
