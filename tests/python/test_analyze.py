"""gandyn.analyze and gandyn.jacobian against the closed forms of the notes
(gan-training-convergence-analysis.fa: Lemmas 1-4; Mescheder et al. 2018), finite
differences of gandyn.field, and the program's JSON."""

import numpy as np
import pytest

import gandyn


def sorted_eigenvalues(z):
    z = np.asarray(z)
    return z[np.lexsort((z.imag, z.real))]


@pytest.mark.parametrize("gamma", [0.0, 0.3, 0.9, 1.5])
def test_nsgan_r1_flow_eigenvalues(gamma):
    # J = [[0, -1/2], [1/2, -gamma]]: lambda = -gamma/2 +- sqrt(gamma^2/4 - 1/4)
    a = gandyn.analyze("nsgan-r1", gamma=gamma)
    root = np.sqrt(complex(gamma**2 / 4 - 0.25))
    expected = sorted_eigenvalues([-gamma / 2 + root, -gamma / 2 - root])
    np.testing.assert_allclose(sorted_eigenvalues(a.eigenvalues), expected, rtol=1e-13, atol=1e-15)
    assert a.eigenvalues.dtype == np.complex128
    assert a.verdict == ("marginal" if gamma == 0 else "converges")
    assert a.max_stable_h is None
    np.testing.assert_allclose(a.spectral_abscissa, max(expected.real), atol=1e-15)


@pytest.mark.parametrize("h", [0.1, 0.5])
def test_gan_simgd_is_one_plus_i_h_over_2(h):
    # Lemma 2: the eigenvalues of F_h = x + h v are 1 +- i h f'(0); |.| > 1: diverges
    a = gandyn.analyze("gan", "simgd", h=h)
    np.testing.assert_allclose(sorted_eigenvalues(a.eigenvalues), [1 - 0.5j * h, 1 + 0.5j * h], rtol=1e-15)
    assert a.spectral_radius == pytest.approx(np.hypot(1, h / 2), rel=1e-15)
    assert a.verdict == "diverges"


@pytest.mark.parametrize("ng,nd", [(1, 1), (1, 5), (2, 3)])
def test_nsgan_altgd_lemma_3(ng, nd):
    # 1 - a^2/2 +- sqrt((1 - a^2/2)^2 - 1), a = sqrt(ng nd) h f'(0)
    h = 0.5
    a = np.sqrt(ng * nd) * h * 0.5
    centre = 1 - a**2 / 2
    root = np.sqrt(complex(centre**2 - 1))
    result = gandyn.analyze("nsgan", "altgd", h=h, ng=ng, nd=nd)
    np.testing.assert_allclose(sorted_eigenvalues(result.eigenvalues), sorted_eigenvalues([centre + root, centre - root]),
                               rtol=1e-14, atol=1e-15)


def test_simgd_max_stable_h_is_min_2a_over_a2_plus_b2():
    # nsgan-r1, gamma 0.3: lambda = -0.15 +- 0.477i, |1 + h lambda| < 1 iff h < 2a/(a^2 + b^2) = 1.2
    a = gandyn.analyze("nsgan-r1", "simgd", h=0.1, gamma=0.3)
    assert a.max_stable_h == pytest.approx(2 * 0.15 / 0.25, rel=1e-12)


def test_dimension_repeats_each_eigenvalue():
    a = gandyn.analyze("nsgan-r1", gamma=0.3, dim=3)
    assert a.jacobian.shape == (6, 6) and a.equilibrium.shape == (6,)
    ev = sorted_eigenvalues(a.eigenvalues)
    one = sorted_eigenvalues(gandyn.analyze("nsgan-r1", gamma=0.3).eigenvalues)
    np.testing.assert_allclose(ev, np.repeat(one, 3), rtol=1e-13)


def finite_difference_jacobian(game, x, step=1e-6, **params):
    n = x.size // 2
    columns = []
    for i in range(x.size):
        e = np.zeros_like(x)
        e[i] = step
        plus = np.concatenate(gandyn.field(game, (x + e)[:n], (x + e)[n:], **params))
        minus = np.concatenate(gandyn.field(game, (x - e)[:n], (x - e)[n:], **params))
        columns.append((plus - minus) / (2 * step))
    return np.stack(columns, axis=1)


@pytest.mark.parametrize("game,params", [("gan", {}), ("nsgan-r1-noise", {"gamma": 0.2}),
                                         ("wgan-gp-consensus", {"lambda_": 0.5}), ("wgan-qc", {})])
def test_jacobian_against_finite_differences(game, params):
    x = np.array([0.6, -0.4, 0.3, 0.8])
    j = gandyn.jacobian(game, x[:2], x[2:], **params)
    assert j.shape == (4, 4) and j.flags["C_CONTIGUOUS"]
    np.testing.assert_allclose(j, finite_difference_jacobian(game, x, **params), rtol=1e-6, atol=1e-8)


def test_jacobian_of_simgd_is_identity_plus_h_j():
    theta, psi = [0.3], [-0.7]
    j = gandyn.jacobian("nsgan", theta, psi)
    step = gandyn.jacobian("nsgan", theta, psi, method="simgd", h=0.2)
    np.testing.assert_allclose(step, np.eye(2) + 0.2 * j, rtol=1e-15, atol=1e-16)
    # momentum: on the augmented state [x; m], 4 x 4 for n = 1
    assert gandyn.jacobian("nsgan", theta, psi, method="momentum", h=0.2, beta=0.3).shape == (4, 4)


def test_not_differentiable_is_a_value_error():
    with pytest.raises(ValueError):
        gandyn.analyze("wgan-gp")  # ||psi|| at psi = 0 with c > 0


@pytest.mark.parametrize("flags", [
    dict(game="nsgan-r1", method="flow", gamma=0.7),
    dict(game="gan-noise-consensus", method="altgd", h=0.3, nd=2, d_first=True, sigma=0.5),
    dict(game="wgan-div", method="momentum", h=0.1, beta=-0.3, dim=2),
    dict(game="nsgan", method="optimistic", h=0.25, theta=[0.3, 0.1], psi=[0.2, -0.5]),
])
def test_to_dict_is_the_programs_json(program, flags):
    args = []
    for key, value in flags.items():
        flag = "--" + key.rstrip("_").replace("_", "-")
        if value is True:
            args.append(flag)
        elif isinstance(value, list):
            args += [flag, ",".join(repr(v) for v in value)]
        else:
            args += [flag, repr(value) if isinstance(value, float) else value]
    expected = program.json("analyze", *args)
    flags = dict(flags)
    a = gandyn.analyze(flags.pop("game"), flags.pop("method"), **flags)
    assert a.to_dict() == expected
    np.testing.assert_array_equal(a.jacobian, np.array(expected["jacobian"]))
    np.testing.assert_array_equal(a.eigenvalues, [complex(e["re"], e["im"]) for e in expected["eigenvalues"]])
    assert a.spectral_radius == expected["spectral_radius"] and a.verdict == expected["verdict"]
    assert a.max_stable_h == expected["max_stable_h"]


def test_repr_says_what_it_is():
    r = repr(gandyn.analyze("gan", "simgd", h=0.1))
    assert r.startswith("<gandyn.Analysis gan simgd: diverges")


def test_catalogues_list_every_game_and_method():
    games = {g["name"]: g for g in gandyn.games()}
    assert len(games) == 60 and games["wgan-gp"]["parameters"] == {"lambda_": 0.35, "c": 1.0}
    assert games["nsgan-r1-noise-consensus"]["parameters"] == {"gamma": 0.3, "sigma": 0.7, "consensus_gamma": 1.0}
    assert all(g["formula"] and g["source"] for g in games.values())
    methods = {m["name"]: m for m in gandyn.methods()}
    assert methods["altgd"]["parameters"] == ["h_d", "ng", "nd", "d_first"]
    assert methods["flow"]["analyze"] and not methods["flow"]["simulate"]
    assert methods["adam"]["simulate"] and not methods["adam"]["analyze"]
    assert gandyn.__version__.count(".") == 2
