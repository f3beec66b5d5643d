"""gandyn: GAN training dynamics (the Dirac-GAN of Mescheder, Geiger & Nowozin, ICML 2018)
from Python, on the same C++ core as the `gandyn` program.

Functions (keywords are the program's flags with ``_`` for ``-``, and ``lambda_``):

* ``games()`` -- the catalogue: every game's name, parameters and defaults, formula, source;
* ``methods()`` -- the update rules and flows, with their parameters;
* ``field(game, theta, psi, **params)`` -- v(theta, psi), broadcasting over leading axes;
* ``jacobian(game, theta, psi, method="flow", h=None, **params)`` -- exact, by AD;
* ``simulate(game, method, *, h, theta, psi, steps=None, t_end=None, **params)`` -- a
  `Trajectory` (or `Trajectories` for a batch of starts);
* ``classify(run)`` -- the run's long-run behaviour (converged, circle, growing, ...);
* ``analyze(game, method="flow", *, h=None, dim=1, theta=None, psi=None, **params)`` -- an
  `Analysis` of the linearisation at the equilibrium;
* ``sweep(game, method, *, grid, quantity, client=None, **params)`` -- a stability map as an
  ``xarray.DataArray``, serially or on a Dask cluster (quantities include ``basin``,
  ``lyapunov`` and ``max-stable-h``);
* ``orbit(game, method="flow", *, theta, psi, ...)`` -- the cycle (period, Floquet
  multipliers), equilibrium or nothing a start reaches;
* ``lyapunov(game, method, *, steps, theta, psi, ...)`` -- the Lyapunov spectrum of a run;
* ``boundary(game, method="flow", *, param, ...)`` -- where the verdict changes along one
  parameter.

Bad input raises `ParameterError`, a ValueError whose message names the parameter as you
spelled it. Long calls release the GIL and stop on Ctrl-C (KeyboardInterrupt).

    >>> import gandyn
    >>> gandyn.analyze("nsgan-r1", gamma=0.3).verdict
    'converges'
    >>> run = gandyn.simulate("nsgan", "simgd", h=0.1, steps=100, theta=[1.0], psi=[0.5])
    >>> run.x.shape
    (101, 2)
"""

from . import _core
from ._attractors import Boundary, LyapunovSpectrum, Orbit, boundary, lyapunov, orbit
from ._api import Analysis, Trajectories, Trajectory, analyze, classify, field, games, jacobian, methods, simulate
from ._request import ParameterError
from ._sweep import sweep

__version__ = _core.__version__

__all__ = ["games", "methods", "field", "jacobian", "simulate", "classify", "analyze", "sweep", "orbit", "lyapunov",
           "boundary", "Trajectory", "Trajectories", "Analysis", "Orbit", "LyapunovSpectrum", "Boundary",
           "ParameterError", "__version__"]
