"""gandyn.simulate against linear dynamics solved in NumPy (wgan-div is linear: v = A x),
the notes' numbers, and the program's JSON."""

import numpy as np
import pytest

import gandyn


def wgan_div_matrix(lam):
    # v_theta = -psi, v_psi = theta - 2 lambda psi (dirac-gan-convergence.zh, data at 0)
    return np.array([[0.0, -1.0], [1.0, -2 * lam]])


def test_simgd_on_a_linear_game_is_a_matrix_power():
    lam, h, steps = 0.2, 0.1, 50
    run = gandyn.simulate("wgan-div", "simgd", h=h, steps=steps, theta=[1.0], psi=[0.5], lambda_=lam)
    step = np.eye(2) + h * wgan_div_matrix(lam)
    x = np.array([1.0, 0.5])
    expected = [x]
    for _ in range(steps):
        x = step @ x
        expected.append(x)
    np.testing.assert_allclose(run.x, np.array(expected), rtol=1e-13, atol=1e-15)
    np.testing.assert_array_equal(run.step, np.arange(steps + 1))
    np.testing.assert_allclose(run.t, h * np.arange(steps + 1), rtol=1e-15)
    assert run.status == "finished" and run.ended_step == steps


def test_rk4_on_a_linear_game_is_the_taylor_polynomial():
    lam, h, steps = 0.3, 0.05, 40
    a = h * wgan_div_matrix(lam)
    step = np.eye(2) + a + a @ a / 2 + a @ a @ a / 6 + a @ a @ a @ a / 24
    run = gandyn.simulate("wgan-div", "rk4", h=h, steps=steps, theta=[0.2], psi=[-1.0], lambda_=lam)
    np.testing.assert_allclose(run.x[-1], np.linalg.matrix_power(step, steps) @ [0.2, -1.0], rtol=1e-12)


def test_gan_flow_conserves_the_norm():
    # the unregularised GAN circles: theta^2 + psi^2 is conserved along the flow
    run = gandyn.simulate("gan", "dopri5", h=0.5, t_end=50, theta=[1.0, 0.5], psi=[0.3, -0.8], rtol=1e-10, atol=1e-10)
    norms = np.sum(run.x**2, axis=1)
    np.testing.assert_allclose(norms, 1.98, rtol=1e-7)
    assert run.t[-1] == 50


def test_nsgan_altgd_nd5_is_the_notebooks_distance():
    # Mescheder et al.'s Dirac-GAN notebook: nsgan, altgd, n_d = 5, h = 0.2, 500 steps -> 0.139
    run = gandyn.simulate("nsgan", "altgd", h=0.2, nd=5, steps=500, theta=[1.0], psi=[1.0])
    assert np.linalg.norm(run.x[-1]) == pytest.approx(0.139, abs=5e-4)


def test_arrays_are_views_of_the_librarys_memory():
    run = gandyn.simulate("nsgan", "simgd", h=0.1, steps=20, theta=[1.0, 2.0], psi=[0.5, 0.1], ema=0.9)
    assert run.x.dtype == np.float64 and run.x.flags["C_CONTIGUOUS"] and run.x.shape == (21, 4)
    assert not run.x.flags["OWNDATA"] and run.x.base is not None
    assert np.shares_memory(run.theta, run.x) and np.shares_memory(run.psi, run.x)
    assert run.theta.shape == run.psi.shape == (21, 2)
    assert run.step.dtype == np.int64
    # the moving average: e_0 = x_0, e_k = beta e_{k-1} + (1 - beta) x_k
    e = run.x[0].copy()
    for k in range(1, 21):
        e = 0.9 * e + 0.1 * run.x[k]
    np.testing.assert_allclose(np.concatenate([run.ema_theta[-1], run.ema_psi[-1]]), e, rtol=1e-14)
    assert gandyn.simulate("gan", "simgd", h=0.1, steps=2, theta=[1], psi=[1]).ema_theta is None
    # the arrays outlive the Trajectory
    x = run.x
    del run
    assert x.shape == (21, 4) and np.isfinite(x).all()


def test_every_keeps_the_last_row_and_tol_stops():
    run = gandyn.simulate("gan", "simgd", h=0.1, steps=10, every=3, theta=[1.0], psi=[1.0])
    np.testing.assert_array_equal(run.step, [0, 3, 6, 9, 10])
    run = gandyn.simulate("nsgan-r1", "simgd", h=0.2, steps=100000, tol=1e-3, theta=[1.0], psi=[1.0], gamma=1.0)
    assert run.status == "converged" and run.ended_step < 100000
    assert np.linalg.norm(run.x[-1]) <= 1e-3


def test_divergence_keeps_finite_rows():
    # wgan-div with lambda 0 under simgd grows by sqrt(1 + h^2) a step (Lemma 2's linear case)
    run = gandyn.simulate("wgan-div", "simgd", h=2.0, steps=10000, bound=100, theta=[1.0], psi=[1.0], lambda_=0)
    assert run.status == "diverged" and np.isfinite(run.x).all()
    assert run.ended_step == int(np.ceil(np.log(100 / np.sqrt(2)) / np.log(np.sqrt(5))))


def test_a_batch_of_starts():
    starts = np.array([[1.0], [0.5], [-0.3]])
    batch = gandyn.simulate("nsgan", "simgd", h=0.1, steps=30, theta=starts, psi=[0.2])
    assert batch.x.shape == (3, 31, 2) and batch.theta.shape == (3, 31, 1)
    assert list(batch.status) == ["finished"] * 3
    for i in range(3):
        one = gandyn.simulate("nsgan", "simgd", h=0.1, steps=30, theta=starts[i], psi=[0.2])
        np.testing.assert_array_equal(batch.x[i], one.x)
        np.testing.assert_array_equal(batch[i].x, one.x)
    # a run that ends early is padded after its last row
    batch = gandyn.simulate("wgan-div", "simgd", h=0.1, steps=50, bound=10, theta=[[0.01], [9.9]], psi=[[0.01], [0.0]],
                            lambda_=0)
    assert list(batch.status) == ["finished", "diverged"]
    rows = len(batch[1])
    assert np.isnan(batch.x[1, rows:]).all() and (batch.step[1, rows:] == -1).all()
    assert "2 runs" in repr(batch)


FLAGS = [
    ["--game", "nsgan-r1", "--method", "altgd", "--nd", "5", "--h", "0.2", "--steps", "500", "--theta", "1",
     "--psi", "1"],
    ["--game", "wgan-gp", "--c", "1", "--method", "dopri5", "--h", "0.1", "--t-end", "10", "--theta", "1,0.5",
     "--psi", "0.3,-0.8", "--ema", "0.999"],
    ["--game", "wgan", "--clip", "0.5", "--method", "adam", "--h", "0.01", "--beta1", "0.5", "--steps", "300",
     "--every", "7", "--theta", "2", "--psi", "3", "--d-first", "--data", "0.5"],
    ["--game", "wgan-div", "--lambda", "0", "--method", "simgd", "--h", "1.5", "--steps", "1000", "--bound", "50",
     "--theta", "1", "--psi", "1"],
    ["--game", "nsgan-noise-consensus", "--sigma", "0.4", "--method", "momentum", "--beta", "-0.2", "--h", "0.1",
     "--h-d", "0.05", "--steps", "40", "--theta", "0.5", "--psi", "-0.5", "--tol", "0.3"],
    ["--game", "gan-r1", "--method", "rk4", "--h", "0.03", "--t-end", "1", "--theta", "1", "--psi", "0"],
]


def keywords(flags):
    """The program's flags as simulate's keywords: --h-d -> h_d, --lambda -> lambda_, lists as floats."""
    out = {}
    i = 0
    while i < len(flags):
        name = flags[i][2:].replace("-", "_")
        name = "lambda_" if name == "lambda" else name
        if i + 1 == len(flags) or flags[i + 1].startswith("--") and not flags[i + 1][2:3].isdigit():
            out[name] = True
            i += 1
            continue
        text = flags[i + 1]
        if name in ("theta", "psi", "data"):
            out[name] = [float(v) for v in text.split(",")]
        elif name in ("game", "method"):
            out[name] = text
        elif name in ("steps", "every", "nd", "ng"):
            out[name] = int(text)
        else:
            out[name] = float(text)
        i += 2
    return out


@pytest.mark.parametrize("flags", FLAGS, ids=lambda f: f[1] + "-" + f[3])
def test_to_dict_is_the_programs_json(program, flags):
    expected = program.json("simulate", *flags)
    kw = keywords(flags)
    run = gandyn.simulate(kw.pop("game"), kw.pop("method"), **kw)
    assert run.to_dict() == expected
    rows = np.array(expected["rows"])
    np.testing.assert_array_equal(run.step, rows[:, 0])
    np.testing.assert_array_equal(run.t, rows[:, 1])
    np.testing.assert_array_equal(run.x, rows[:, 3:3 + run.x.shape[1]])
    assert run.status == expected["ended"]["status"] and run.ended_step == expected["ended"]["step"]
    assert run.columns == expected["columns"]


def test_repr_says_what_it_is():
    run = gandyn.simulate("gan", "simgd", h=0.1, steps=5, theta=[1], psi=[1])
    assert repr(run) == "<gandyn.Trajectory gan simgd: 6 rows of n=1, finished at step 5>"
