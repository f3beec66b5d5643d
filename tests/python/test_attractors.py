"""gandyn.orbit, gandyn.lyapunov, gandyn.boundary and the sweep quantities basin, lyapunov and
max-stable-h (docs/analysis.md, "Attractors") against closed forms written out here, and
against the program's JSON."""

import numpy as np
import pytest

import gandyn


def test_nsgan_orbit_in_two_dimensions():
    o = gandyn.orbit("nsgan", theta=[1, 0.5], psi=[0.3, -0.8])
    assert o.kind == "cycle"
    assert o.period == pytest.approx(4 * np.pi, rel=1e-9)
    assert abs(o.theta @ o.psi) < 1e-8
    assert np.linalg.norm(o.theta) == pytest.approx(np.linalg.norm(o.psi), rel=1e-9)
    assert o.multipliers.dtype == np.complex128
    assert np.sum(np.abs(o.multipliers - 1) < 1e-6) == 2
    assert o.eigenvalues is None and o.reason is None
    assert o.to_dict()["kind"] == "cycle"


def test_wgan_gp_orbit_and_brute_force():
    o = gandyn.orbit("wgan-gp", theta=[1, 0.5], psi=[0.3, -0.8])
    assert o.period == pytest.approx(2 * np.pi, rel=1e-9)
    assert np.linalg.norm(o.psi) == pytest.approx(1, rel=1e-9)
    # a run from the orbit's point is back there after one period (RK4, h = period / 1000)
    h = o.period / 1000
    run = gandyn.simulate("wgan-gp", "rk4", h=h, steps=1000, theta=o.theta, psi=o.psi)
    np.testing.assert_allclose(run.x[-1], o.point, atol=1e-6)


def test_equilibrium_and_none():
    o = gandyn.orbit("gan-r1", "simgd", h=0.1, theta=[1], psi=[1])
    assert o.kind == "equilibrium"
    np.testing.assert_allclose(o.point, 0, atol=1e-10)
    np.testing.assert_allclose(o.eigenvalues.real, 1 - 0.1 * 0.15, rtol=1e-12)
    o = gandyn.orbit("nsgan", "simgd", h=3, theta=[1], psi=[1])
    assert o.kind == "none" and "diverged" in o.reason and o.basin == "diverged"


@pytest.mark.parametrize("h", [0.1, 0.3, 1.0])
def test_lyapunov_simgd_gan(h):
    spectrum = gandyn.lyapunov("gan", "simgd", h=h, steps=300, theta=[0], psi=[0])
    np.testing.assert_allclose(spectrum.exponents, 0.5 * np.log(1 + h * h / 4), rtol=1e-10)
    assert spectrum.status == "finished"


def test_lyapunov_diverged():
    spectrum = gandyn.lyapunov("nsgan", "simgd", h=3, steps=1000, theta=[1], psi=[1])
    assert spectrum.status == "diverged" and spectrum.exponents.size == 0 and spectrum.ended_step > 0


def test_boundary_closed_forms():
    b = gandyn.boundary("gan-r1", "simgd", gamma=0.3, param=("h", 0.01, 3))
    assert b.critical == pytest.approx(1.2, rel=1e-6)  # 4 gamma
    assert b.below == "converges" and b.above in ("marginal", "diverges")  # a 1e-8 marginal band at h*
    b = gandyn.boundary("gan", "altgd", ng=2, nd=2, param="h=0.1:4")
    assert b.critical == pytest.approx(2, rel=1e-6)  # 4 / sqrt(ng nd)
    assert b.to_dict()["param"] == "h"


def test_basin_sweep_has_labels_distances_and_periods():
    a = gandyn.sweep("nsgan", "simgd", grid={"h": np.linspace(0.5, 4, 8)}, quantity="basin", steps=2000,
                     theta=[1], psi=[1])
    assert a.name == "basin"
    expected = np.where(a.h.values <= 2, "cycle", "diverged")
    np.testing.assert_array_equal(a.values, expected)
    assert np.all(np.isfinite(a.final_distance.values))
    period = a.period.values  # an invariant circle has none; a locked orbit an integer >= 2
    assert np.all(np.isnan(period) | (period >= 2))
    assert np.all(np.isnan(period[a.values == "diverged"]))


def test_max_stable_h_curve():
    gamma = np.linspace(0.2, 2, 10)
    a = gandyn.sweep("gan-r1", "simgd", h=0.1, grid={"gamma": gamma}, quantity="max-stable-h")
    expected = np.where(gamma < 1, 4 * gamma, 4 / (gamma + np.sqrt(np.maximum(gamma**2 - 1, 0))))
    np.testing.assert_allclose(a.values, expected, rtol=1e-10)


def test_bad_input_names_the_keyword():
    with pytest.raises(ValueError, match="max_period"):
        gandyn.orbit("nsgan", theta=[1], psi=[1], max_period=0)
    with pytest.raises(ValueError, match="param"):
        gandyn.boundary("gan", "simgd", param=("nonsense", 0, 1))
    with pytest.raises(ValueError, match="transient"):
        gandyn.lyapunov("gan", "simgd", h=0.1, steps=10, transient=10, theta=[0], psi=[0])


def test_same_numbers_as_the_program(program):
    j = program.json("orbit", "--game", "nsgan", "--method", "flow", "--theta", "1,0.5", "--psi", "0.3,-0.8")
    o = gandyn.orbit("nsgan", theta=[1, 0.5], psi=[0.3, -0.8])
    assert j == o.to_dict()
