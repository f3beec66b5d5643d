"""games, field, jacobian, simulate, analyze: the `gandyn` program's commands as functions.

Keyword names are the program's flags with ``_`` for ``-`` and ``lambda_`` for ``--lambda``
(docs/games.md lists each game's parameters; ``gandyn simulate --help`` each rule's).
"""

import json

import numpy as np

from . import _core
from ._request import build, error, list_text

__all__ = ["games", "methods", "field", "jacobian", "simulate", "analyze", "Trajectory", "Trajectories", "Analysis"]


def games():
    """Every game of the catalogue, bases and their modifiers (BASE[-r1][-noise][-consensus]).

    Returns a list of dicts: ``name``, ``parameters`` ({keyword: default}), ``formula``
    (v_psi and v_theta in words) and ``source`` (papers and notes).

    >>> [g["name"] for g in gandyn.games()][:3]
    ['gan', 'nsgan', 'nsgan-fm']
    """
    return _core.game_catalogue()


def methods():
    """Every method: ``name``, ``parameters`` (its keywords besides ``h``), ``summary``,
    ``simulate`` and ``analyze`` (whether those functions take it).

    >>> [m["name"] for m in gandyn.methods() if m["analyze"]]
    ['flow', 'simgd', 'altgd', 'extragradient', 'optimistic', 'momentum']
    """
    return [{"name": name, "parameters": parameters, "summary": summary,
             "simulate": name in _core.simulated_methods, "analyze": name in _core.analysed_methods}
            for name, parameters, summary in _core.methods()]


def _array(keyword, value):
    """An array-like of numbers as float64, or ParameterError naming `keyword`."""
    try:
        return np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise error(keyword, f"{keyword} needs numbers, got {value!r}") from None


def _points(theta, psi):
    """theta, psi (..., n) -> (leading shape, n, theta and psi as (m, n) arrays): views of the
    inputs where their shapes agree (no copy), else broadcast copies."""
    theta = _array("theta", theta)
    psi = _array("psi", psi)
    if theta.ndim == 0:
        theta = theta.reshape(1)
    if psi.ndim == 0:
        psi = psi.reshape(1)
    n = theta.shape[-1]
    if psi.shape[-1] != n:
        raise error("theta", f"theta has {n} values per point but psi has {psi.shape[-1]} (give both the same length)")
    if n == 0:
        raise error("theta", "theta and psi are empty")
    if theta.shape == psi.shape:  # the common case: no broadcasting
        return theta.shape[:-1], n, theta.reshape(-1, n), psi.reshape(-1, n)
    try:
        lead = np.broadcast_shapes(theta.shape[:-1], psi.shape[:-1])
    except ValueError:
        raise error("theta", f"the leading axes of theta {theta.shape} and psi {psi.shape} do not broadcast") from None
    theta = np.broadcast_to(theta, lead + (n,)).reshape(-1, n)
    psi = np.broadcast_to(psi, lead + (n,)).reshape(-1, n)
    return lead, n, theta, psi


def field(game, theta, psi, **params):
    """The vector field v = (-grad_theta L_G, +grad_psi L_D) of `game` at (theta, psi).

    theta, psi: array-likes of shape (..., n); their leading axes broadcast, so one call
    evaluates a whole grid (a stream plot's 300 x 300 points in one call). params: the
    game's parameters (``gamma``, ``lambda_``, ``c``, ``sigma``, ``consensus_gamma``,
    ``clip``, ``coupling``, ``data``). Returns ``(v_theta, v_psi)``, float64 arrays of shape (..., n),
    views of one array that owns the library's result (no copy).

    >>> gandyn.field("gan", [1.0], [0.0])          # v_psi = f'(0) theta = theta / 2
    (array([-0.]), array([0.5]))
    """
    request = build({"game": game}, params)
    lead, n, theta, psi = _points(theta, psi)
    if theta.shape[0] == 0:  # no points: still check the game and its parameters
        _core.field(request, np.zeros((1, n)), np.zeros((1, n)))
        empty = np.empty(lead + (n,))
        return empty, empty.copy()
    v = _core.field(request, theta, psi).reshape(lead + (2 * n,))
    return v[..., :n], v[..., n:]


def _start(theta, psi):
    return {"theta": list_text("theta", theta), "psi": list_text("psi", psi)}


def jacobian(game, theta, psi, method="flow", h=None, **params):
    """The exact Jacobian (forward-mode automatic differentiation) at one point (theta, psi).

    method="flow": the (2n, 2n) Jacobian of v. For a map (``simgd``, ``altgd``,
    ``extragradient``, ``optimistic``, ``momentum``, with step ``h`` and the rule's
    parameters) the Jacobian of one iteration; optimistic and momentum have a memory and
    are differentiated on their augmented state z = [x; memory] (4n x 4n, the memory 0 at
    the point: the previous field value v(x_{k-1}) for optimistic, the momentum buffer m
    for momentum; at an equilibrium [x*; 0] is the rule's fixed point). Raises ValueError where the field is not
    differentiable (psi = 0 for wgan-norm, wgan-gp with c > 0, wgan-qc).
    """
    request = build({"game": game, "method": method, **_start(theta, psi)}, {"h": h, **params})
    return _core.analyze(request, False).jacobian


class Trajectory:
    """One run of `simulate`: the recorded iterates of [theta; psi].

    Attributes
    ----------
    x : (rows, 2n) float64, C-contiguous, the library's memory (no copy)
    theta, psi : (rows, n) views of x
    step : (rows,) int64, the iterate (or RK4 step) number of each row
    t : (rows,) float64, k h for maps, the time for flows
    evals : (rows,) int64, field evaluations so far (a rule's per iteration times the step;
        RK4 4 per step; Dopri5 as counted), to compare rules at equal cost
    ema_theta, ema_psi : (rows, n) views of the moving average (``ema=``), or None
    status : "finished", "converged" (``tol=``) or "diverged" (``bound=``)
    ended_step : the last iterate computed (for diverged: the step that diverged)
    equilibrium : [x*; 0]
    """

    __slots__ = ("_run", "_request", "x", "theta", "psi", "step", "t", "evals", "ema", "ema_theta", "ema_psi", "status",
                 "ended_step", "equilibrium")

    def __init__(self, run, request):
        self._run = run
        self._request = request
        self.x = run.states
        n = self.x.shape[1] // 2
        self.theta = self.x[:, :n]
        self.psi = self.x[:, n:]
        self.step = run.steps
        self.t = run.times
        self.evals = run.evals
        self.ema = run.averages
        self.ema_theta = None if self.ema is None else self.ema[:, :n]
        self.ema_psi = None if self.ema is None else self.ema[:, n:]
        self.status = run.status
        self.ended_step = run.ended_step
        self.equilibrium = run.equilibrium

    @property
    def game(self):
        return self._request["game"]

    @property
    def method(self):
        return self._request["method"]

    @property
    def columns(self):
        """The program's CSV columns: step, t, evals, theta_0.., psi_0.. (then ema_...)."""
        return _core.trajectory_columns(self.x.shape[1] // 2, self.ema is not None)

    def __len__(self):
        return self.x.shape[0]

    def to_dict(self):
        """The program's JSON as a dict: game, method, parameters, columns, rows, ended."""
        return json.loads(_core.trajectory_json(self._request, self._run))

    def __repr__(self):
        return (f"<gandyn.Trajectory {self.game} {self.method}: {len(self)} rows of n={self.x.shape[1] // 2}, "
                f"{self.status} at step {self.ended_step}>")


class Trajectories:
    """A batch of runs from m starts (theta, psi of shape (m, n)).

    x : (m, rows, 2n) float64, rows = the longest run's; a run that ended earlier (diverged,
    converged) is padded with NaN after its last row, and its ``step`` with -1 and ``t`` with
    NaN: read ``status`` and ``ended_step`` (arrays of m) before the padded rows. theta, psi,
    ema_theta, ema_psi: views of x (and of the averages). ``runs[i]`` (or ``batch[i]``) is
    the i-th `Trajectory`, unpadded.
    """

    def __init__(self, runs):
        self.runs = runs
        m = len(runs)
        rows = max(len(r) for r in runs)
        width = runs[0].x.shape[1]
        n = width // 2
        self.x = np.full((m, rows, width), np.nan)
        self.step = np.full((m, rows), -1, dtype=np.int64)
        self.t = np.full((m, rows), np.nan)
        self.evals = np.full((m, rows), -1, dtype=np.int64)
        with_ema = runs[0].ema is not None
        self.ema = np.full((m, rows, width), np.nan) if with_ema else None
        for i, r in enumerate(runs):
            k = len(r)
            self.x[i, :k] = r.x
            self.step[i, :k] = r.step
            self.t[i, :k] = r.t
            self.evals[i, :k] = r.evals
            if with_ema:
                self.ema[i, :k] = r.ema
        self.theta = self.x[..., :n]
        self.psi = self.x[..., n:]
        self.ema_theta = None if self.ema is None else self.ema[..., :n]
        self.ema_psi = None if self.ema is None else self.ema[..., n:]
        self.status = np.array([r.status for r in runs])
        self.ended_step = np.array([r.ended_step for r in runs], dtype=np.int64)

    def __len__(self):
        return len(self.runs)

    def __getitem__(self, i):
        return self.runs[i]

    def __iter__(self):
        return iter(self.runs)

    def to_dict(self):
        """The program's JSON of each run, as a list of dicts."""
        return [r.to_dict() for r in self.runs]

    def __repr__(self):
        counts = {s: int((self.status == s).sum()) for s in ("finished", "converged", "diverged")}
        ends = ", ".join(f"{v} {k}" for k, v in counts.items() if v)
        first = self.runs[0]
        return (f"<gandyn.Trajectories {first.game} {first.method}: {len(self)} runs x {self.x.shape[1]} rows "
                f"of n={self.x.shape[2] // 2}, {ends}>")


def simulate(game, method, *, h, theta, psi, steps=None, t_end=None, **params):
    """Train: one trajectory of `game` under an update rule or a flow integrator.

    method: ``simgd``, ``altgd``, ``extragradient``, ``optimistic``, ``momentum``, ``adam``,
    ``rmsprop`` (maps: ``steps`` iterations), ``rk4`` (the flow, step h) or ``dopri5`` (the
    flow, adaptive, rows every h). Give ``steps`` or ``t_end``. params: the game's and the
    rule's parameters (``h_d``, ``ng``, ``nd``, ``d_first=True``, ``beta``, ``beta1``,
    ``beta2``, ``alpha``, ``eps``, ``rtol``, ``atol``), ``every``, ``tol``, ``bound``,
    ``ema``. theta, psi of shape (n,) give a `Trajectory`; of shape (m, n) (either, the
    other broadcast) m runs, a `Trajectories`. The GIL is released; Ctrl-C stops the run
    (KeyboardInterrupt).

    >>> run = gandyn.simulate("nsgan", "altgd", h=0.2, nd=5, steps=500, theta=[1], psi=[1])
    >>> float(np.linalg.norm(run.x[-1]))   # Mescheder et al.'s notebook: 0.139
    """
    fixed = {"game": game, "method": method}
    rest = {"h": h, "steps": steps, "t_end": t_end, **params}
    theta_a = _array("theta", theta)
    psi_a = _array("psi", psi)
    if theta_a.ndim <= 1 and psi_a.ndim <= 1:
        request = build({**fixed, **_start(theta_a, psi_a)}, rest)
        return Trajectory(_core.simulate(request), request)
    if theta_a.ndim > 2 or psi_a.ndim > 2:
        raise error("theta", f"theta and psi must be (n,) or (m, n), got {theta_a.shape} and {psi_a.shape}")
    if theta_a.ndim == 0 or psi_a.ndim == 0 or theta_a.shape[-1] != psi_a.shape[-1]:
        raise error("theta", f"theta and psi must have the same number n of values per start, got shapes "
                             f"{theta_a.shape} and {psi_a.shape}")
    if 0 in theta_a.shape or 0 in psi_a.shape:
        raise error("theta", f"theta and psi need at least one start with n >= 1 values, got shapes "
                             f"{theta_a.shape} and {psi_a.shape}")
    m = max(theta_a.shape[0] if theta_a.ndim == 2 else 1, psi_a.shape[0] if psi_a.ndim == 2 else 1)
    try:
        theta_b = np.broadcast_to(theta_a, (m, theta_a.shape[-1]))
        psi_b = np.broadcast_to(psi_a, (m, psi_a.shape[-1]))
    except ValueError:
        raise error("theta", f"theta {theta_a.shape} and psi {psi_a.shape} do not broadcast") from None
    base = build(fixed, rest)
    runs = []
    for i in range(m):
        request = {**base, **_start(theta_b[i], psi_b[i])}
        runs.append(Trajectory(_core.simulate(request), request))
    return Trajectories(runs)


class Analysis:
    """The linearisation of `analyze`: at the equilibrium (or the point given).

    equilibrium : the point [theta; psi] analysed
    jacobian : (2n, 2n) of v (flow) or of one iteration (maps; 4n x 4n on the augmented
        state of optimistic and momentum)
    eigenvalues : complex ndarray
    spectral_radius, spectral_abscissa : max |lambda|, max Re lambda
    verdict : "converges", "marginal" or "diverges" (abscissa for the flow, radius for maps)
    max_stable_h : the largest stable step (maps), None for the flow
    """

    __slots__ = ("_result", "equilibrium", "jacobian", "eigenvalues", "spectral_radius", "spectral_abscissa",
                 "verdict", "max_stable_h", "game", "method")

    def __init__(self, result, game, method):
        self._result = result
        self.equilibrium = result.point
        self.jacobian = result.jacobian
        self.eigenvalues = result.eigenvalues
        self.spectral_radius = result.spectral_radius
        self.spectral_abscissa = result.spectral_abscissa
        self.verdict = result.verdict
        self.max_stable_h = result.max_stable_h
        self.game = game
        self.method = method

    def to_dict(self):
        """The program's JSON as a dict: equilibrium, jacobian, eigenvalues, spectral_radius,
        spectral_abscissa, verdict, max_stable_h."""
        return json.loads(_core.analysis_json(self._result))

    def __repr__(self):
        stable = "" if self.max_stable_h is None else f", max stable h {self.max_stable_h:.6g}"
        return (f"<gandyn.Analysis {self.game} {self.method}: {self.verdict}, spectral radius "
                f"{self.spectral_radius:.6g}, abscissa {self.spectral_abscissa:.6g}{stable}>")


def analyze(game, method="flow", *, h=None, dim=1, theta=None, psi=None, **params):
    """Linearise the flow (method="flow") or one iteration of a map at the equilibrium.

    The Jacobian is exact (forward-mode AD); the verdict uses the spectral abscissa for
    the flow and the spectral radius for maps (marginal within 1e-8); max_stable_h is the
    largest stable step for maps (the simgd bound min 2a/(a^2+b^2), a scan and bisection
    for the others). dim: the dimension n at the equilibrium (each 1-D eigenvalue then
    appears n times); theta and psi: analyse at that point instead. Raises ValueError where
    the field is not differentiable at the point.

    >>> gandyn.analyze("nsgan-r1", gamma=0.3).eigenvalues   # -gamma/2 +- sqrt(gamma^2/4 - 1/4)
    array([-0.15+0.47697i, -0.15-0.47697i])
    """
    fixed = {"game": game, "method": method}
    if (theta is None) != (psi is None):
        raise error("theta", "give both theta and psi, or neither")
    if theta is not None:
        fixed.update(_start(theta, psi))
    rest = {"h": h, **params}
    if theta is None or dim != 1:
        rest["dim"] = dim
    request = build(fixed, rest)
    return Analysis(_core.analyze(request, True), game, method)



def classify(run, states=None):
    """The long-run behaviour of a run, by the library's classifier (docs/analysis.md, "The
    trajectory classifier"), read off the last quarter of its rows: a dict with ``kind``
    (converged, converging, spiralling in, circle, closed curve, growing, oscillating or
    diverged), the distance to the equilibrium over that tail (``radius_min``,
    ``radius_max``), at the first and last row (``radius_first``, ``radius_last``) and, when
    converged, the ``point`` reached. ``states`` (rows x 2n) replaces ``run.x``, e.g. the
    moving average's rows."""
    x = run.x if states is None else states
    return _core.classify(x, run.equilibrium, run.status == "diverged")
