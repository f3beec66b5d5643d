"""gandyn.field against the notes' formulas written out in NumPy (docs/games.md), and against
the program (one simgd step of size 1 is x + v(x))."""

import numpy as np
import pytest

import gandyn


def sigmoid(t):
    return 1 / (1 + np.exp(-t))


def gan_field(theta, psi, saturating=True):
    """Goodfellow et al. 2014 on the Dirac-GAN, data at 0: f'(t) = sigmoid(-t),
    v_theta = -f'(psi.theta) psi (saturating) or -f'(-psi.theta) psi (non-saturating),
    v_psi = f'(psi.theta) theta."""
    d = np.sum(psi * theta, axis=-1, keepdims=True)
    v_theta = -(sigmoid(-d) if saturating else sigmoid(d)) * psi
    v_psi = sigmoid(-d) * theta
    return v_theta, v_psi


def test_gan_and_nsgan_against_the_formula_on_a_grid():
    rng = np.random.default_rng(1)
    theta = rng.normal(size=(7, 5, 3))
    psi = rng.normal(size=(7, 5, 3))
    for game, saturating in (("gan", True), ("nsgan", False)):
        v_theta, v_psi = gandyn.field(game, theta, psi)
        e_theta, e_psi = gan_field(theta, psi, saturating)
        assert v_theta.shape == v_psi.shape == (7, 5, 3)
        np.testing.assert_allclose(v_theta, e_theta, rtol=1e-14, atol=1e-15)
        np.testing.assert_allclose(v_psi, e_psi, rtol=1e-14, atol=1e-15)


def test_penalties_and_data_against_the_formulas():
    theta = np.array([0.7, -0.2])
    psi = np.array([0.3, 0.9])
    data = np.array([0.5, 1.0])
    # wgan-gp: v_psi = r - 2 lambda (1 - c/||psi||) psi, v_theta = -psi (Gulrajani et al. 2017)
    v_theta, v_psi = gandyn.field("wgan-gp", theta, psi, lambda_=0.4, c=0.5, data=data)
    norm = np.linalg.norm(psi)
    np.testing.assert_allclose(v_psi, theta - data - 2 * 0.4 * (1 - 0.5 / norm) * psi, rtol=1e-14)
    np.testing.assert_allclose(v_theta, -psi, rtol=0)
    # R1 for a linear critic is weight decay: v_psi -= gamma psi (Mescheder et al. 2018, eq. 9)
    g_theta, g_psi = gan_field(theta, psi, saturating=False)
    v_theta, v_psi = gandyn.field("nsgan-r1", theta, psi, gamma=0.25)
    np.testing.assert_allclose(v_psi, g_psi - 0.25 * psi, rtol=1e-14)
    np.testing.assert_allclose(v_theta, g_theta, rtol=1e-14)


def test_leading_axes_broadcast_like_numpy():
    # a stream-plot grid: theta and psi of shape (30, 20, 1) give v of that shape
    t, p = np.meshgrid(np.linspace(-2, 2, 30), np.linspace(-2, 2, 20), indexing="ij")
    v_theta, v_psi = gandyn.field("gan", t[..., None], p[..., None])
    assert v_theta.shape == (30, 20, 1)
    e_theta, e_psi = gan_field(t[..., None], p[..., None])
    np.testing.assert_allclose(v_theta, e_theta, rtol=1e-14, atol=1e-16)
    # one theta against many psi
    v_theta, v_psi = gandyn.field("gan", [1.0, 2.0], np.ones((4, 2)))
    assert v_theta.shape == (4, 2)
    # plain 1-D point and a scalar (n = 1)
    assert gandyn.field("gan", [1.0, 2.0], [0.0, 0.0])[0].shape == (2,)
    assert gandyn.field("gan", 1.0, 0.5)[1].shape == (1,)
    # an empty grid stays empty
    assert gandyn.field("gan", np.empty((0, 2)), np.empty((0, 2)))[0].shape == (0, 2)


def test_result_is_float64_views_of_one_array():
    v_theta, v_psi = gandyn.field("gan", np.ones((10, 2)), np.ones((10, 2)))
    assert v_theta.dtype == np.float64 and v_psi.dtype == np.float64
    assert v_theta.base is not None and v_theta.base is v_psi.base


def test_against_the_program(program):
    # simgd with h = 1 from x: the first row after x is x + v(x)
    theta, psi = [0.8, -0.3], [0.4, 1.1]
    out = program.json("simulate", "--game", "nsgan-r1-consensus", "--gamma", "0.2", "--method", "simgd", "--h", 1,
                       "--steps", 1, "--theta", "0.8,-0.3", "--psi", "0.4,1.1")
    step = np.array(out["rows"][1][3:]) - np.array(out["rows"][0][3:])
    v_theta, v_psi = gandyn.field("nsgan-r1-consensus", theta, psi, gamma=0.2)
    np.testing.assert_allclose(np.concatenate([v_theta, v_psi]), step, rtol=1e-14, atol=1e-15)


def test_mismatched_lengths_name_theta():
    with pytest.raises(ValueError, match="theta") as e:
        gandyn.field("gan", [1.0, 2.0], [1.0])
    assert e.value.parameter == "theta"


def test_nan_is_refused():
    with pytest.raises(ValueError, match="finite"):
        gandyn.field("gan", [np.nan], [1.0])
