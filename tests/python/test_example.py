"""The Python example (examples/python/) runs end to end and writes its figure."""

import os
import pathlib
import subprocess
import sys

import pytest

EXAMPLES = pathlib.Path(__file__).resolve().parents[2] / "examples" / "python"


@pytest.mark.parametrize("script", sorted(p.name for p in EXAMPLES.glob("*.py")))
def test_example_writes_its_png(script, tmp_path):
    pytest.importorskip("matplotlib")
    out = tmp_path / "figure.png"
    subprocess.run([sys.executable, str(EXAMPLES / script), str(out)], check=True, timeout=300, env=os.environ.copy())
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20000
