#!/usr/bin/python3
"""The same work as the C++ benchmarks, written as users write it today (issue 6), timed in
the same run by benchmarks/run. Debian's /usr/bin/python3 with NumPy and SciPy.

  numpy_loop   simgd on nsgan (h = 0.01, data at 0), a Python loop over steps with NumPy
               arithmetic, in the style of Mescheder et al.'s Dirac-GAN notebook
               (LMescheder/GAN_stability, diracgan/: VectorField.__call__ and postprocess wrap
               float parameters into 1-element arrays, sigmoid with np.exp, trajectory_simgd
               calls both every step; the list of visited states is not kept, as the C++ side
               keeps none), for n = 1, 2, 64, 4096: ns per step.
  solve_ivp    scipy.integrate.solve_ivp with RK45 and DOP853 at rtol = atol = 1e-8 on
               t in [0, 100], the nsgan flow, for n = 1, 2, 64 (at 4096 one solve takes
               10-20 s): ns per solve and steps.
  numpy_sweep  simgd on nsgan in one dimension (h = 0.05) vectorised across 10^6 trajectories
               (NumPy arrays of theta and psi), a few steps: ns per trajectory-step.

Same start as the C++ side (benchmarks/support/start.hpp): theta_i = 0.8 cos(i + 1),
psi_i = 0.6 sin(i + 1). Each timing is the median of `repeats` runs. Prints JSON on stdout,
or writes it to the file given as the first argument.
"""
import json
import sys
import time

import numpy as np
import scipy
from scipy.integrate import solve_ivp


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def fp(x):  # f'(t) = sigmoid(-t), the notebook's name
    return sigmoid(-x)


class NSGAN:
    """nsgan as in the notebook: v1 = -psi f'(-psi.theta), v2 = theta f'(psi.theta)."""

    def __call__(self, theta, psi):
        theta_isfloat = isinstance(theta, float)
        psi_isfloat = isinstance(psi, float)
        if theta_isfloat:
            theta = np.array([theta])
        if psi_isfloat:
            psi = np.array([psi])
        d = np.dot(psi, theta)
        v1 = -psi * fp(-d)
        v2 = theta * fp(d)
        if theta_isfloat:
            v1 = v1[0]
        if psi_isfloat:
            v2 = v2[0]
        return v1, v2

    def postprocess(self, theta, psi):
        """The notebook's projection after every step (the identity for nsgan), with its
        float-to-array wrapping; gandyn's iterate likewise applies the game's projection."""
        theta_isfloat = isinstance(theta, float)
        psi_isfloat = isinstance(psi, float)
        if theta_isfloat:
            theta = np.array([theta])
        if psi_isfloat:
            psi = np.array([psi])
        if theta_isfloat:
            theta = theta[0]
        if psi_isfloat:
            psi = psi[0]
        return theta, psi


def start(n):
    i = np.arange(1, n + 1, dtype=float)
    return 0.8 * np.cos(i), 0.6 * np.sin(i)


def median_time(run, repeats):
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    return float(np.median(times))


def numpy_loop(n, steps, repeats, h=0.01):
    field = NSGAN()
    theta0, psi0 = start(n)

    def run():
        theta, psi = (float(theta0[0]), float(psi0[0])) if n == 1 else (theta0.copy(), psi0.copy())
        for _ in range(steps):
            v1, v2 = field(theta, psi)
            theta = theta + h * v1
            psi = psi + h * v2
            theta, psi = field.postprocess(theta, psi)
        assert np.all(np.isfinite(theta)) and np.all(np.isfinite(psi))

    return {"ns_per_step": median_time(run, repeats) * 1e9 / steps, "steps": steps}


def solve(n, method, repeats):
    theta0, psi0 = start(n)
    x0 = np.concatenate([theta0, psi0])

    def fun(_, x):
        theta, psi = x[:n], x[n:]
        d = psi @ theta
        return np.concatenate([-psi * fp(-d), theta * fp(d)])

    result = {}

    def run():
        r = solve_ivp(fun, (0.0, 100.0), x0, method=method, rtol=1e-8, atol=1e-8)
        assert r.success and np.all(np.isfinite(r.y[:, -1]))
        result["steps"] = int(r.t.size - 1)
        result["nfev"] = int(r.nfev)

    result["ns_per_solve"] = median_time(run, repeats) * 1e9
    return result


def numpy_sweep(trajectories, steps, repeats, h=0.05):
    rng = np.random.default_rng(2024)
    theta0 = rng.uniform(-2, 2, trajectories)
    psi0 = rng.uniform(-2, 2, trajectories)

    def run():
        theta, psi = theta0.copy(), psi0.copy()
        for _ in range(steps):
            d = psi * theta
            v1 = -psi * fp(-d)
            v2 = theta * fp(d)
            theta += h * v1
            psi += h * v2
        assert np.all(np.isfinite(theta))

    return {
        "ns_per_trajectory_step": median_time(run, repeats) * 1e9 / (trajectories * steps),
        "trajectories": trajectories,
        "steps": steps,
    }


def main():
    quick = "--quick" in sys.argv
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    repeats = 3
    out = {
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "numpy_loop": {},
        "solve_ivp": {"RK45": {}, "DOP853": {}},
    }
    for n in (1, 2, 64, 4096):
        out["numpy_loop"][str(n)] = numpy_loop(n, 2000 if quick else 20000, repeats)
        if n <= 64:
            for method in ("RK45", "DOP853"):
                out["solve_ivp"][method][str(n)] = solve(n, method, 1 if quick else repeats)
    out["numpy_sweep"] = numpy_sweep(10**6, 3 if quick else 20, repeats)
    text = json.dumps(out, indent=2)
    if args:
        with open(args[0], "w") as f:
            f.write(text + "\n")
    else:
        print(text)


if __name__ == "__main__":
    main()
