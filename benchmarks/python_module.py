"""Speed of the Python module as ratios measured in one run (the issue's targets):

* a sweep from Python against the `gandyn` program on the same grid (within 1.1x);
* field over a 300 x 300 grid against a vectorised NumPy evaluation of the same formula;
* a call's fixed overhead (field at one point; analyze of the flow).

    PYTHONPATH=build/python /usr/bin/python3 benchmarks/python_module.py build/examples/gandyn/gandyn

(run by benchmarks/run, whose table it joins)
"""
import subprocess
import sys
import time

import numpy as np

import gandyn


def best(f, repeat=5, number=1):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            f()
        times.append((time.perf_counter() - start) / number)
    return min(times)


def numpy_nsgan_field(theta, psi):
    # v_theta = -f'(-psi.theta) psi = -sigmoid(psi.theta) psi, v_psi = f'(psi.theta) theta = sigmoid(-psi.theta) theta
    d = np.sum(theta * psi, axis=-1, keepdims=True)
    return -psi / (1 + np.exp(-d)), theta / (1 + np.exp(d))


def main(program):
    grid = "h=0.01:1.5:150", "gamma=0:2:150"
    flags = ["sweep", "--game", "nsgan-r1", "--method", "altgd", "--nd", "2", "--quantity", "spectral-radius",
             "--grid", grid[0], "--grid", grid[1], "--out", "/dev/null"]
    python = lambda: gandyn.sweep("nsgan-r1", "altgd", nd=2, quantity="spectral-radius",
                                  grid={"h": np.linspace(0.01, 1.5, 150), "gamma": np.linspace(0, 2, 150)})
    cli = lambda: subprocess.run([program, *flags], check=True, stdout=subprocess.DEVNULL)
    t_py, t_cli = best(python, 3), best(cli, 3)
    print(f"sweep 150 x 150 spectral-radius (altgd): python {t_py:.3f} s, program {t_cli:.3f} s, "
          f"ratio {t_py / t_cli:.3f}")
    flags_sim = ["sweep", "--game", "nsgan", "--method", "simgd", "--h", "0.05", "--steps", "2000", "--theta", "1",
                 "--psi", "1", "--quantity", "final-distance", "--grid", "theta0=-1:1:60", "--grid", "psi0=-1:1:60",
                 "--out", "/dev/null"]
    python = lambda: gandyn.sweep("nsgan", "simgd", h=0.05, steps=2000, theta=[1.0], psi=[1.0],
                                  quantity="final-distance",
                                  grid={"theta0": np.linspace(-1, 1, 60), "psi0": np.linspace(-1, 1, 60)})
    cli = lambda: subprocess.run([program, *flags_sim], check=True, stdout=subprocess.DEVNULL)
    t_py, t_cli = best(python, 3), best(cli, 3)
    print(f"sweep 60 x 60 final-distance (2000 simgd steps): python {t_py:.3f} s, program {t_cli:.3f} s, "
          f"ratio {t_py / t_cli:.3f}")

    theta, psi = np.meshgrid(np.linspace(-2, 2, 300), np.linspace(-2, 2, 300))
    theta, psi = theta[..., None], psi[..., None]
    t_g = best(lambda: gandyn.field("nsgan", theta, psi), 7)
    t_n = best(lambda: numpy_nsgan_field(theta, psi), 7)
    a, b = gandyn.field("nsgan", theta, psi)
    c, d = numpy_nsgan_field(theta, psi)
    assert np.allclose(a, c, rtol=1e-13, atol=1e-15) and np.allclose(b, d, rtol=1e-13, atol=1e-15)
    print(f"field nsgan 300 x 300: gandyn {t_g * 1e3:.2f} ms, NumPy {t_n * 1e3:.2f} ms, NumPy / gandyn {t_n / t_g:.2f}")

    one_t, one_p = np.array([1.0]), np.array([0.5])
    from gandyn import _core
    request = {"game": "nsgan"}
    point_t, point_p = np.array([[1.0]]), np.array([[0.5]])
    n = 20000
    print(f"fixed overhead: field at one point {best(lambda: gandyn.field('nsgan', one_t, one_p), 5, n) * 1e6:.2f} us "
          f"(_core.field {best(lambda: _core.field(request, point_t, point_p), 5, n) * 1e6:.2f} us), "
          f"analyze flow {best(lambda: gandyn.analyze('nsgan'), 5, n) * 1e6:.2f} us, "
          f"simulate 1 step {best(lambda: gandyn.simulate('nsgan', 'simgd', h=0.1, steps=1, theta=one_t, psi=one_p), 5, n) * 1e6:.2f} us, "
          f"an empty Python call {best(lambda: None, 5, n) * 1e6:.2f} us")


if __name__ == "__main__":
    main(sys.argv[1])
