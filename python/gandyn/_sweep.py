"""sweep: a stability map over a one- or two-parameter grid, as an xarray.DataArray, computed
here (the library's OpenMP loop) or on a Dask cluster (chunks of cells mapped over workers).

A cell's value is what a single `analyze` / `simulate` with that cell's values gives, and it
never depends on how the grid was split into chunks: the cluster's array equals the serial
one bit for bit. This module's top level only defines functions (Dask workers import it).
"""

import difflib
import itertools

import numpy as np

from . import _core
from ._request import attribute_value, build, error

__all__ = ["sweep"]

_STATUS = np.array(["ok", "undefined", "diverged"])

# A chunk holds at least this many cells (so the scheduler sees few, substantial tasks) ...
MIN_CHUNK_CELLS = 2048
# ... and a sweep makes at most this many chunks.
MAX_CHUNKS = 256


class _Axis:
    """One grid axis: its keyword, registry name and values; `text` is the registry's
    PARAM=LO:HI:N when the values are evenly spaced, else None (one sub-grid per value)."""

    def __init__(self, keyword, values):
        axes = {_core.python_name(p): p for p in _core.grid_parameters}
        self.keyword = keyword
        self.name = axes.get(keyword)
        if self.name is None:
            close = difflib.get_close_matches(keyword, list(axes), n=1)
            hint = f"; did you mean {close[0]}?" if close else " (one of " + ", ".join(axes) + ")"
            raise error(keyword, f"{keyword} cannot be a grid axis{hint}")
        try:
            a = np.atleast_1d(np.asarray(values, dtype=np.float64))
        except (TypeError, ValueError):
            raise error(keyword, f"grid values of {keyword} must be numbers") from None
        if a.ndim != 1 or a.size == 0:
            raise error(keyword, f"grid values of {keyword} must be a non-empty 1-D array, got shape {a.shape}")
        if not np.all(np.isfinite(a)):
            raise error(keyword, f"grid values of {keyword} must be finite")
        self.values = a
        self.text = self._even_text(a)

    def _even_text(self, a):
        # The registry's axes are value(i) = lo + (hi - lo) i / (n - 1). An array that is that
        # (numpy.linspace rounds differently in the last bits) runs as one axis, and the
        # DataArray's coordinates are then the registry's values, the ones computed.
        n = a.size
        lo, hi = float(a[0]), float(a[-1])
        if n > 1:
            even = lo + (hi - lo) * np.arange(n, dtype=np.float64) / (n - 1)
            scale = max(abs(lo), abs(hi), abs(hi - lo))
            if not np.all(np.abs(even - a) <= 1e-12 * scale):
                return None
        return f"{self.name}={lo!r}:{hi!r}:{n}"

    def single(self, i):
        v = float(self.values[i])
        return f"{self.name}={v!r}:{v!r}:1"


def _units(game, method, grid, quantity, params):
    """The sweep as (axes, [(request, global cell indices)]): one request when every axis is
    evenly spaced, else one per combination of the uneven axes' values."""
    if not isinstance(grid, dict) or not 1 <= len(grid) <= 2:
        raise error("grid", "grid must be a dict of one or two {parameter: values} (the first outermost)")
    if not isinstance(quantity, str):
        raise error("quantity", f"quantity must be a string, got {quantity!r}")
    axes = [_Axis(k, v) for k, v in grid.items()]
    fixed = {"game": game, "method": method, "quantity": quantity}
    base = build(fixed, params)
    shape = tuple(a.values.size for a in axes)
    uneven = [i for i, a in enumerate(axes) if a.text is None]
    units = []
    for combo in itertools.product(*(range(axes[i].values.size) for i in uneven)):
        chosen = dict(zip(uneven, combo))
        texts = [a.single(chosen[i]) if i in chosen else a.text for i, a in enumerate(axes)]
        index = [np.array([chosen[i]]) if i in chosen else np.arange(a.values.size) for i, a in enumerate(axes)]
        cells = np.ravel_multi_index(np.meshgrid(*index, indexing="ij"), shape).reshape(-1)
        units.append(({**base, "grid": "\x1f".join(texts)}, cells))
    return axes, shape, units


def sweep_pieces(pieces):
    """Cells of one or more sweeps: pieces is [(registry request, start, stop)], each the
    cells start..stop-1 of its request's plan. Returns (status int8, number float64, words,
    final distance, period; the last two for basin cells) in order: the task that `sweep(client=...)` maps over a cluster."""
    parts = []
    for request, start, stop in pieces:
        plan = _core.plan_sweep(request)
        parts.append(_core.sweep_cells(plan, np.arange(start, stop, dtype=np.int64)))
    return (np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts]),
            [w for p in parts for w in p[2]], np.concatenate([p[3] for p in parts]),
            np.concatenate([p[4] for p in parts]))


def chunks(total, chunk_cells=None):
    """Contiguous (start, stop) ranges covering `total` cells: chunk_cells each, or by
    default at least MIN_CHUNK_CELLS and at most MAX_CHUNKS of them."""
    size = _chunk_size(total, chunk_cells)
    return [(s, min(s + size, total)) for s in range(0, total, size)]


def _chunk_size(total, chunk_cells):
    if chunk_cells is None:
        chunk_cells = max(MIN_CHUNK_CELLS, -(-total // MAX_CHUNKS))
    return max(1, int(chunk_cells))


def _tasks(units, total, chunk_cells):
    """The units' cells packed into tasks of about chunk_cells cells: each task a list of
    pieces (request, start, stop) and the global indices of its cells."""
    size = _chunk_size(total, chunk_cells)
    tasks, pieces, where, filled = [], [], [], 0
    for request, cells in units:
        start = 0
        while start < cells.size:
            stop = min(start + size - filled, cells.size)
            pieces.append((request, start, stop))
            where.append(cells[start:stop])
            filled += stop - start
            start = stop
            if filled == size:
                tasks.append((pieces, np.concatenate(where)))
                pieces, where, filled = [], [], 0
    if pieces:
        tasks.append((pieces, np.concatenate(where)))
    return tasks


def sweep(game, method, *, grid, quantity, client=None, chunk_cells=None, **params):
    """A quantity over a one- or two-parameter grid (a stability map), as an xarray.DataArray.

    grid: {keyword: 1-D array of values}, one or two entries, the first outermost (``h``,
    ``h_d``, ``gamma``, ``lambda_``, ``c``, ``sigma``, ``beta``, ``nd``, ``ng``, ``theta0``,
    ``psi0`` (the first coordinate of the start), ``steps``, ...). Evenly spaced values
    (``numpy.linspace``) run as one parallel grid; other values (``numpy.logspace``) one
    sub-grid per value, with the same numbers.
    quantity: ``"spectral-radius"``, ``"spectral-abscissa"``, ``"verdict"``, ``"max-stable-h"``
    (analysed at the equilibrium; max-stable-h for maps), ``"final-distance"`` or ``"basin"``
    (simulated: give ``steps``, ``theta``, ``psi``), ``"lyapunov"`` (the largest Lyapunov
    exponent of a run: ``steps``, ``theta``, ``psi``, ``transient``; methods as `lyapunov`).
    A basin map holds the labels ("converged", "converged-elsewhere", "cycle", "diverged",
    "undecided") with coordinates ``final_distance`` and ``period`` (NaN when none).
    params: the game's and the rule's parameters, as for `analyze` / `simulate`; ``threads``
    bounds the OpenMP threads.

    Returns a DataArray with the grid's dims and coords (keyword spelling), named as the
    program's CSV column (``spectral_radius``): float64 with NaN where a cell is undefined
    (the field is not differentiable there) or diverged, and a ``status`` coordinate
    ("ok", "undefined", "diverged") that says which; strings for ``verdict`` and ``basin``. attrs hold
    game, method, quantity and every parameter (numbers or strings: ``to_netcdf`` works).
    The grid's corners (so every value each axis takes) are validated before any work; a bad
    value found only inside the grid stops the sweep naming its cell. Ctrl-C stops the sweep
    between cells (KeyboardInterrupt).

    client: a ``dask.distributed.Client``: the cells are split into chunks (``chunk_cells``
    each; by default at least 2048, and at most 256 chunks) mapped over the cluster's
    workers, which must import gandyn (PYTHONPATH or an installed package); the result
    equals the serial one bit for bit.

    >>> gandyn.sweep("nsgan-r1", "simgd", grid={"h": np.linspace(0.01, 2, 200),
    ...              "gamma": np.linspace(0, 2, 100)}, quantity="spectral-radius")
    """
    axes, shape, units = _units(game, method, grid, quantity, params)
    plans = [_core.plan_sweep(request) for request, _ in units]  # validates every cell first
    total = int(np.prod(shape))
    status = np.empty(total, dtype=np.int8)
    number = np.empty(total, dtype=np.float64)
    words = np.empty(total, dtype=object)
    distance = np.empty(total, dtype=np.float64)
    period = np.empty(total, dtype=np.float64)
    if client is None:
        for plan, (_, cells) in zip(plans, units):
            s, x, w, d, t = _core.sweep_cells(plan, np.arange(cells.size, dtype=np.int64))
            status[cells], number[cells], words[cells], distance[cells], period[cells] = s, x, w, d, t
    else:
        tasks = _tasks(units, total, chunk_cells)
        futures = client.map(sweep_pieces, [pieces for pieces, _ in tasks], pure=False)
        for (_, cells), (s, x, w, d, t) in zip(tasks, client.gather(futures)):
            status[cells], number[cells], words[cells], distance[cells], period[cells] = s, x, w, d, t
    # an even axis's coordinates are the registry's values; an uneven one's, the values given
    coords = {a.keyword: p.values if a.text is not None else a.values for a, p in zip(axes, plans[0].axes)}
    dims = [a.keyword for a in axes]
    coords["status"] = (dims, _STATUS[status].reshape(shape))
    if plans[0].quantity == "verdict":
        data = words.astype(str).reshape(shape)
    elif plans[0].quantity == "basin":
        # labels, with each cell's final distance and period (NaN when none) beside them
        data = words.astype(str).reshape(shape)
        coords["final_distance"] = (dims, distance.reshape(shape))
        coords["period"] = (dims, period.reshape(shape))
    else:
        data = number.reshape(shape)
    attrs = {"game": game, "method": method, "quantity": quantity, "gandyn_version": _core.__version__}
    for g in _core.game_catalogue():
        if g["name"] == game:
            attrs.update({k: float(v) for k, v in g["parameters"].items() if k not in dims})
    for keyword, value in params.items():
        if value is not None:
            attrs[keyword] = attribute_value(keyword, value)
    import xarray as xr

    return xr.DataArray(data, dims=dims, coords=coords, name=_core.column_name(plans[0].quantity), attrs=attrs)
