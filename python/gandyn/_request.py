"""Keyword arguments to registry requests (parameters by name, as text).

Python spells a parameter as the program's flag with ``_`` for ``-`` (``h_d``, ``t_end``,
``consensus_gamma``, ``d_first``) and ``lambda_`` for ``--lambda``. Every value goes to the
registry as text that reads back to the same number (``repr`` of a float is the shortest
text that does), so a call computes exactly what the program computes for the same flags.
"""

import difflib
import operator

import numpy as np

from . import _core

ParameterError = _core.ParameterError

# Registry name -> (kind, domain), and Python spelling -> registry name.
_KIND = {}
_REGISTRY_NAME = {}
for _name, _kind, _domain, _help in _core.parameter_table():
    _KIND[_name] = _kind
    _REGISTRY_NAME[_core.python_name(_name)] = _name
# Parameters that are the functions' own arguments, or the program's alone.
_NOT_KEYWORDS = {"game", "method", "grid", "quantity", "format", "out", "shard"}


def python_name(name):
    """The Python spelling of a registry name: '-' -> '_', lambda -> lambda_."""
    return _core.python_name(name)


def error(parameter, message):
    """A ParameterError (a ValueError) naming `parameter` (Python spelling)."""
    e = ParameterError(message)
    e.parameter = parameter
    return e


def registry_name(keyword):
    """The registry name of a keyword argument; ParameterError with 'did you mean' if unknown."""
    name = _REGISTRY_NAME.get(keyword)
    if name is None or keyword in _NOT_KEYWORDS:
        known = [k for k in _REGISTRY_NAME if k not in _NOT_KEYWORDS]
        close = difflib.get_close_matches(keyword, known, n=1)
        hint = f"; did you mean {close[0]}?" if close else ""
        raise error(keyword, f"unknown parameter {keyword}{hint}")
    return name


def number_text(x):
    """A float as the shortest text that reads back exactly ('nan' and 'inf' are refused later)."""
    return repr(float(x))


def list_text(keyword, value):
    """A 1-D array-like of numbers as a comma list (full precision)."""
    try:
        a = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise error(keyword, f"{keyword} needs numbers, got {value!r}") from None
    if a.ndim > 1:
        raise error(keyword, f"{keyword} must be one point (1-D), got shape {a.shape}")
    a = a.reshape(-1)
    if a.size == 0:
        raise error(keyword, f"{keyword} is empty")
    return ",".join(repr(float(v)) for v in a)


def value_text(keyword, name, value):
    """The registry's text of one keyword's value, checked against its kind."""
    kind = _KIND[name]
    if kind == "flag":
        if isinstance(value, (bool, np.bool_)):
            return "true" if value else "false"
        raise error(keyword, f"{keyword} is a switch: True or False, got {value!r}")
    if kind == "list":
        return list_text(keyword, value)
    if kind == "word":
        if isinstance(value, str):
            return value
        raise error(keyword, f"{keyword} needs a string, got {value!r}")
    if isinstance(value, (bool, np.bool_, str, bytes)) or value is None:
        raise error(keyword, f"{keyword} needs a number, got {value!r}")
    if kind == "integer":
        if isinstance(value, (float, np.floating)) and float(value).is_integer():
            return str(int(value))
        try:
            return str(operator.index(value))
        except TypeError:
            raise error(keyword, f"{keyword} needs an integer, got {value!r}") from None
    try:
        return number_text(value)
    except (TypeError, ValueError):
        raise error(keyword, f"{keyword} needs a number, got {value!r}") from None


def build(fixed, params):
    """A request: `fixed` (registry name -> text, already checked) plus the keywords `params`
    (Python spelling -> value; None, and False for a switch, mean absent: as a flag not given)."""
    request = dict(fixed)
    for keyword, value in params.items():
        if value is None:
            continue
        name = registry_name(keyword)
        text = value_text(keyword, name, value)
        if _KIND[name] == "flag" and text == "false":
            continue
        request[name] = text
    return request


def attribute_value(keyword, value):
    """A keyword's value as a NetCDF-safe attribute, a number or a string: switches as
    "true"/"false", lists as the comma list sent to the library ("1.0,0.5")."""
    name = _REGISTRY_NAME.get(keyword)
    kind = _KIND.get(name)
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if kind == "list":
        return list_text(keyword, value)
    if kind == "integer":
        return int(value)
    if kind == "number":
        return float(value)
    return str(value)
