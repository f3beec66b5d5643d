"""Shared helpers of the Python module's tests (tests/CMakeLists.txt runs them with
/usr/bin/python3 -m pytest, PYTHONPATH at the build tree's python/ folder and GANDYN_PROGRAM
at the built `gandyn` program). Only definitions here: Dask's worker processes may import it."""

import json
import os
import subprocess

import pytest


def program_path():
    return os.environ.get("GANDYN_PROGRAM")


@pytest.fixture
def program():
    """Runs the `gandyn` program with the given flags; returns its standard output."""
    path = program_path()
    if not path or not os.path.exists(path):
        pytest.skip("GANDYN_PROGRAM (the built gandyn program) is not set")

    def run(*args, check=True):
        done = subprocess.run([path, *map(str, args)], capture_output=True, text=True, timeout=300)
        if check and done.returncode not in (0, 3):
            raise AssertionError(f"gandyn {' '.join(map(str, args))} exited {done.returncode}: {done.stderr}")
        return done.stdout

    run.json = lambda *args: json.loads(run(*args, "--format", "json"))
    return run
