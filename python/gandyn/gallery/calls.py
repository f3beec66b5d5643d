"""Calls of the gandyn module that the gallery records: each figure lists the exact Python
call (and, where the program has one, the `gandyn` command) that computed its numbers."""

import time

import numpy as np

import gandyn


def _py_value(v):
    if isinstance(v, Linspace):
        return f"np.linspace({v.lo!r}, {v.hi!r}, {v.n})"
    if isinstance(v, np.ndarray):
        return repr(v.tolist())
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k!r}: {_py_value(x)}" for k, x in v.items()) + "}"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_py_value(x) for x in v) + "]"
    if isinstance(v, float):
        return repr(v)
    return repr(v)


def _flag(keyword):
    return "--lambda" if keyword == "lambda_" else "--" + keyword.replace("_", "-")


def _cli_value(v):
    if isinstance(v, (list, tuple, np.ndarray)):
        return ",".join(_cli_value(x) for x in np.ravel(v))
    if isinstance(v, (float, np.floating)):
        return repr(float(v))
    return str(v)


# Seconds spent in gandyn's functions by every Recorder (the gallery's timing breakdown).
LIBRARY_SECONDS = [0.0]


class Linspace:
    """A grid axis, numpy.linspace(lo, hi, n), that remembers how it was written."""

    def __init__(self, lo, hi, n):
        self.lo, self.hi, self.n = float(lo), float(hi), int(n)

    def values(self):
        return np.linspace(self.lo, self.hi, self.n)

    def cli(self):
        return f"{_cli_value(self.lo)}:{_cli_value(self.hi)}:{self.n}"


class Recorder:
    """Runs gandyn's functions and keeps, for each call, its Python text and its command."""

    def __init__(self):
        self.python = []
        self.commands = []
        self.seconds = 0.0     # time spent in gandyn's functions

    def _timed(self, function, *args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent = time.perf_counter() - start
            self.seconds += spent
            LIBRARY_SECONDS[0] += spent

    def _keep(self, python, command):
        if python not in self.python:
            self.python.append(python)
        if command and command not in self.commands:
            self.commands.append(command)

    @staticmethod
    def _kwargs(kwargs):
        return ", ".join(f"{k}={_py_value(v)}" for k, v in kwargs.items())

    @staticmethod
    def _flags(kwargs):
        parts = []
        for k, v in kwargs.items():
            if v is None:
                continue
            if v is True:
                parts.append(_flag(k))
            elif v is False:
                continue
            else:
                parts.append(f"{_flag(k)} {_cli_value(v)}")
        return " ".join(parts)

    def simulate(self, game, method, **kwargs):
        self._keep(f"gandyn.simulate({game!r}, {method!r}, {self._kwargs(kwargs)})",
                   f"gandyn simulate --game {game} --method {method} {self._flags(kwargs)}")
        return self._timed(gandyn.simulate, game, method, **kwargs)

    def analyze(self, game, method="flow", **kwargs):
        self._keep(f"gandyn.analyze({game!r}, {method!r}, {self._kwargs(kwargs)})".replace(", )", ")"),
                   f"gandyn analyze --game {game} --method {method} {self._flags(kwargs)}".rstrip())
        return self._timed(gandyn.analyze, game, method, **kwargs)

    def orbit(self, game, method="flow", **kwargs):
        self._keep(f"gandyn.orbit({game!r}, {method!r}, {self._kwargs(kwargs)})",
                   f"gandyn orbit --game {game} --method {method} {self._flags(kwargs)}")
        return self._timed(gandyn.orbit, game, method, **kwargs)

    def sweep(self, game, method, *, grid, quantity, **kwargs):
        grid_py = "{" + ", ".join(f"{k!r}: {_py_value(v)}" for k, v in grid.items()) + "}"
        python = (f"gandyn.sweep({game!r}, {method!r}, grid={grid_py}, quantity={quantity!r}"
                  + (f", {self._kwargs(kwargs)}" if kwargs else "") + ")")
        grids = " ".join(f"--grid {k.rstrip('_').replace('_', '-')}={v.cli()}" for k, v in grid.items())
        command = (f"gandyn sweep --game {game} --method {method} {grids} --quantity {quantity} "
                   f"{self._flags(kwargs)}").rstrip()
        self._keep(python, command)
        return self._timed(gandyn.sweep, game, method, grid={k: v.values() for k, v in grid.items()},
                           quantity=quantity, **kwargs)

    def field(self, game, theta_text, psi_text, theta, psi, **kwargs):
        extra = f", {self._kwargs(kwargs)}" if kwargs else ""
        self._keep(f"gandyn.field({game!r}, {theta_text}, {psi_text}{extra})", None)
        return self._timed(gandyn.field, game, theta, psi, **kwargs)

    def note(self, python, command=None):
        """Keep a call made elsewhere (by gandyn.plot, for example)."""
        self._keep(python, command)
