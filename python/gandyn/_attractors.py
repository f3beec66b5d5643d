"""orbit, lyapunov, boundary: where training ends (docs/analysis.md, "Attractors"), the
`gandyn` program's subcommands of the same names as functions.

Methods: ``"flow"`` (integrated by RK4 with step ``h``, 0.01 by default) or any analysed rule
(``gandyn.analyze``'s: every rule but adam, rmsprop and optimistic-adam). Keywords as everywhere: the program's
flags with ``_`` for ``-`` and ``lambda_``.
"""

import json

import numpy as np

from . import _core
from ._api import _start
from ._request import build, error

__all__ = ["orbit", "lyapunov", "boundary", "Orbit", "LyapunovSpectrum", "Boundary"]


class Orbit:
    """What a start reaches (`orbit`).

    kind : "cycle", "equilibrium" or "none"
    point : [theta; psi] on the cycle, or the equilibrium (empty for none); ``theta``, ``psi``
    period : a cycle's period, time for the flow, iterations for a map (None otherwise)
    multipliers : a cycle's Floquet multipliers, complex ndarray (None otherwise)
    eigenvalues : an equilibrium's eigenvalues, of v (flow) or of the step map (None otherwise)
    reason : why the kind is "none" (None otherwise)
    basin, final_distance : the label of the run from the start, and its last distance from
        the equilibrium
    """

    __slots__ = ("kind", "point", "theta", "psi", "period", "multipliers", "eigenvalues", "reason", "basin",
                 "final_distance", "_json")

    def __init__(self, result):
        self.kind = result["kind"]
        self.point = result["point"]
        n = self.point.size // 2
        self.theta = self.point[:n]
        self.psi = self.point[n:]
        self.period = result["period"]
        self.multipliers = result["multipliers"]
        self.eigenvalues = result["eigenvalues"]
        self.reason = result["reason"]
        self.basin = result["basin"]
        self.final_distance = result["final_distance"]
        self._json = result["json"]

    def to_dict(self):
        """The program's JSON as a dict: kind, point, period, multipliers, eigenvalues, reason."""
        return json.loads(self._json)

    def __repr__(self):
        if self.kind == "cycle":
            return f"<gandyn.Orbit cycle, period {self.period:.10g}>"
        if self.kind == "equilibrium":
            return f"<gandyn.Orbit equilibrium at {np.array2string(self.point, precision=6)}>"
        return f"<gandyn.Orbit none: {self.reason}>"


class LyapunovSpectrum:
    """The Lyapunov exponents of a run (`lyapunov`): ``exponents`` (descending ndarray, per
    iteration for maps, per unit time for the flow; empty when the run diverged), ``status``
    ("finished" or "diverged") and ``ended_step`` (the step that diverged)."""

    __slots__ = ("exponents", "status", "ended_step", "_json")

    def __init__(self, result):
        self.exponents = result["exponents"]
        self.status = result["status"]
        self.ended_step = result["ended_step"]
        self._json = result["json"]

    def to_dict(self):
        """The program's JSON as a dict: {"exponents": [...]}."""
        return json.loads(self._json)

    def __repr__(self):
        if self.status == "diverged":
            return f"<gandyn.LyapunovSpectrum: diverged at step {self.ended_step}>"
        return f"<gandyn.LyapunovSpectrum {np.array2string(self.exponents, precision=6)}>"


class Boundary:
    """Where the verdict changes (`boundary`): ``param`` (Python spelling), ``critical`` (the
    first change from lo, None if none), ``below`` and ``above`` (the verdicts on its two
    sides), ``changes`` (every change the scan saw, ascending)."""

    __slots__ = ("param", "critical", "below", "above", "changes", "_json")

    def __init__(self, result):
        self.param = result["param"]
        self.critical = result["critical"]
        self.below = result["below"]
        self.above = result["above"]
        self.changes = np.asarray(result["changes"], dtype=np.float64)
        self._json = result["json"]

    def to_dict(self):
        """The program's JSON as a dict: param, critical, below, above, changes."""
        return json.loads(self._json)

    def __repr__(self):
        if self.critical is None:
            return f"<gandyn.Boundary {self.param}: {self.below} throughout>"
        return f"<gandyn.Boundary {self.param} = {self.critical:.12g}: {self.below} below, {self.above} above>"


def _method(method):
    if not isinstance(method, str):
        raise error("method", f"method must be a string, got {method!r}")
    return method


def orbit(game, method="flow", *, theta, psi, h=None, max_period=None, **params):
    """The cycle, equilibrium or nothing that training from (theta, psi) reaches.

    The run from the start (20000 steps) is labelled; a cycle is then made exact: for the flow
    by shooting (Newton on the return map with a phase condition, least squares on families
    such as nsgan's), for a map by Newton on F^k(x) - x, k <= ``max_period`` (64). A start that
    converges reports its equilibrium. "none" is a result, with the ``reason``.

    >>> gandyn.orbit("nsgan", theta=[1, 0.5], psi=[0.3, -0.8]).period   # 4 pi
    12.566370614...
    """
    fixed = {"game": game, "method": _method(method), **_start(theta, psi)}
    request = build(fixed, {"h": h, "max_period": max_period, **params})
    return Orbit(_core.orbit(request))


def lyapunov(game, method, *, h=None, steps, theta, psi, transient=None, **params):
    """The Lyapunov spectrum of the run from (theta, psi): Benettin's QR method on the exact
    step Jacobians (maps) or on the variational equation carried with the RK4 flow, after
    ``transient`` of the ``steps`` steps (a tenth by default). Descending; per iteration for
    maps, per unit time for the flow. A run that diverges has status "diverged" and no
    exponents.

    >>> gandyn.lyapunov("gan", "simgd", h=0.3, steps=1000, theta=[0], psi=[0]).exponents
    array([0.01112532, 0.01112532])     # 1/2 log(1 + h^2/4), twice
    """
    fixed = {"game": game, "method": _method(method), **_start(theta, psi)}
    request = build(fixed, {"h": h, "steps": steps, "transient": transient, **params})
    return LyapunovSpectrum(_core.lyapunov(request))


def boundary(game, method="flow", *, param, h=None, **params):
    """Where the verdict of the linearisation at the equilibrium changes along one parameter:
    a scan of 1000 values from lo to hi, then bisection to 1e-10 of every change.

    param: ``"h=0.01:3"`` (the program's PARAM=LO:HI, registry spelling) or a tuple
    ``("h", 0.01, 3)`` in Python spelling (``"h_d"``, ``"lambda_"``, ``"theta0"``).

    >>> gandyn.boundary("gan-r1", "simgd", gamma=0.3, param=("h", 0.01, 3)).critical   # 4 gamma
    1.2000000...
    """
    if isinstance(param, tuple):
        if len(param) != 3 or not isinstance(param[0], str):
            raise error("param", f"param must be (name, lo, hi), got {param!r}")
        name = param[0]
        if name not in ("theta0", "psi0"):
            try:
                from ._request import registry_name

                name = registry_name(name)
            except ValueError:
                raise error("param", f"param names an unknown parameter {param[0]!r}") from None
        try:
            lo, hi = float(param[1]), float(param[2])
        except (TypeError, ValueError):
            raise error("param", f"param's lo and hi must be numbers, got {param!r}") from None
        param = f"{name}={lo!r}:{hi!r}"
    if not isinstance(param, str):
        raise error("param", f"param must be 'PARAM=LO:HI' or (name, lo, hi), got {param!r}")
    fixed = {"game": game, "method": _method(method), "param": param}
    request = build(fixed, {"h": h, **params})
    return Boundary(_core.boundary(request))
