"""Long calls release the GIL (another thread keeps running) and stop on Ctrl-C
(KeyboardInterrupt), generous bounds for a loaded 2-core machine."""

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

import numpy as np

import gandyn


def sweeps_for(seconds):
    """Final-distance sweeps, one after another, for about `seconds` (each about 0.4 s: were
    the GIL held, the ticker would only run between them, a few times in all)."""
    kw = dict(quantity="final-distance", steps=2000, theta=[1.0], psi=[1.0], h=0.05)
    small = {"gamma": np.linspace(0, 1, 256)}
    gandyn.sweep("nsgan-r1", "simgd", grid=small, **kw)  # warm up
    start = time.perf_counter()
    gandyn.sweep("nsgan-r1", "simgd", grid=small, **kw)
    per_cell = max((time.perf_counter() - start) / 256, 1e-7)
    grid = {"gamma": np.linspace(0, 1, int(min(max(0.4 / per_cell, 256), 10**6)))}

    def run():
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            gandyn.sweep("nsgan-r1", "simgd", grid=grid, **kw)

    return run


def ticking(call):
    """Runs call() while another thread ticks every 5 ms; returns (ticks, seconds)."""
    ticks = 0
    done = threading.Event()

    def tick():
        nonlocal ticks
        while not done.is_set():
            time.sleep(0.005)
            ticks += 1

    thread = threading.Thread(target=tick)
    thread.start()
    start = time.perf_counter()
    try:
        call()
    finally:
        elapsed = time.perf_counter() - start
        done.set()
        thread.join()
    return ticks, elapsed


def test_sweep_releases_the_gil():
    ticks, elapsed = ticking(sweeps_for(2.0))
    # were the GIL held, the ticker would run only between the sweeps (a few ticks in all); it
    # gets a good part of its 5 ms slots (~40% measured on a loaded 2-core machine)
    assert ticks >= 36, (ticks, elapsed)
    assert ticks >= 0.1 * elapsed / 0.005, (ticks, elapsed)


def test_simulate_and_field_release_the_gil():
    ticks, elapsed = ticking(lambda: gandyn.simulate("nsgan", "rk4", h=1e-3, steps=3_000_000, theta=[1.0], psi=[1.0],
                                                     every=100_000))
    assert ticks >= 0.1 * elapsed / 0.005, (ticks, elapsed)
    grid = np.random.default_rng(0).normal(size=(1_000_000, 1))
    ticks, elapsed = ticking(lambda: [gandyn.field("nsgan-r1-consensus", grid, grid) for _ in range(3)])
    assert ticks >= 0.1 * elapsed / 0.005, (ticks, elapsed)


LONG_SWEEP = textwrap.dedent("""
    import sys, numpy as np, gandyn
    print("ready", flush=True)
    gandyn.sweep("nsgan-r1", "simgd", grid={"gamma": np.linspace(0, 1, 400), "h": np.linspace(0.01, 0.5, 400)},
                 quantity="final-distance", steps=20000, theta=[1.0], psi=[1.0])
    print("finished", flush=True)
""")


def interrupted(script):
    """Starts `script` in a subprocess, sends SIGINT once it runs the long call, returns
    (seconds from the signal to the exit, return code, stderr)."""
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=os.environ.copy())
    try:
        assert child.stdout.readline().strip() == "ready"
        time.sleep(1.0)  # inside the sweep by now (its planning takes milliseconds)
        sent = time.perf_counter()
        child.send_signal(signal.SIGINT)
        _, err = child.communicate(timeout=30)
        return time.perf_counter() - sent, child.returncode, err
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


def test_ctrl_c_stops_a_long_sweep():
    seconds, code, err = interrupted(LONG_SWEEP)
    assert code != 0 and "KeyboardInterrupt" in err, err
    assert "sweep_cells" in err  # raised inside the compiled sweep, not before it
    assert seconds < 3, seconds


def test_ctrl_c_stops_a_long_simulation():
    script = textwrap.dedent("""
        import gandyn
        print("ready", flush=True)
        gandyn.simulate("nsgan", "rk4", h=1e-6, steps=10**10, theta=[1.0], psi=[1.0], every=10**9)
    """)
    seconds, code, err = interrupted(script)
    assert code != 0 and "KeyboardInterrupt" in err, err
    assert seconds < 3, seconds
