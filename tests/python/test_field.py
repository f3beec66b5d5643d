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


def test_one_dimensional_grids_in_lanes_equal_the_scalar_field():
    """At n = 1 the field runs W points at a time in SIMD lanes, the last chunk padded. The
    scalar path is the run-time-size field at n = 2 on the same points with second
    coordinates 0: every game's first coordinates then reduce to its 1-D field (docs/games.md).
    A point's value must not depend on its chunk or lane: one point alone gives the same."""
    rng = np.random.default_rng(7)
    theta = rng.normal(scale=1.5, size=(1001, 1))  # 1001 points, not a multiple of any lane width
    psi = rng.normal(scale=1.5, size=(1001, 1))
    psi[5] = 0.0  # the penalties' subgradient case
    zeros = np.zeros_like(theta)
    # Two games have one parameter per player: their formulas (Letcher et al. 2019) instead.
    one_dimensional = {
        "tandem": lambda t, p: (2 - 2 * (t + p), 2 - 2 * (t + p)),
        "matching-pennies": lambda t, p: (-2 * sigmoid(t) * (1 - sigmoid(t)) * (2 * sigmoid(p) - 1),
                                          2 * sigmoid(p) * (1 - sigmoid(p)) * (2 * sigmoid(t) - 1)),
    }
    for game in [g["name"] for g in gandyn.games() if not g["name"].endswith("-consensus")]:  # not in lanes
        v_theta, v_psi = gandyn.field(game, theta, psi)
        if game in one_dimensional:
            s_theta, s_psi = one_dimensional[game](theta, psi)
        else:
            s_theta, s_psi = gandyn.field(game, np.hstack([theta, zeros]), np.hstack([psi, zeros]))
        np.testing.assert_allclose(v_theta[:, 0], s_theta[:, 0], rtol=1e-13, atol=1e-15, err_msg=game)
        np.testing.assert_allclose(v_psi[:, 0], s_psi[:, 0], rtol=1e-13, atol=1e-15, err_msg=game)
        for i in (0, 5, 500, 1000):
            one_theta, one_psi = gandyn.field(game, theta[i:i + 1], psi[i:i + 1])
            assert one_theta[0, 0] == v_theta[i, 0] and one_psi[0, 0] == v_psi[i, 0], (game, i)
