"""gandyn.sweep against closed forms, single analyze/simulate calls and the program's CSV;
NetCDF and Zarr round trips."""

import csv
import io

import numpy as np
import pytest

import gandyn

xr = pytest.importorskip("xarray")


def test_gan_simgd_radius_is_hypot_1_h_over_2():
    # Lemma 2: |1 +- i h f'(0)| = sqrt(1 + h^2/4)
    h = np.linspace(0.01, 2, 50)
    da = gandyn.sweep("gan", "simgd", grid={"h": h}, quantity="spectral-radius")
    assert da.dims == ("h",) and da.name == "spectral_radius" and da.dtype == np.float64
    np.testing.assert_allclose(da.values, np.sqrt(1 + da.h.values**2 / 4), rtol=1e-14)
    np.testing.assert_allclose(da.h.values, h, rtol=1e-15)
    assert (da.status == "ok").all()


def test_two_axes_first_outermost_agree_with_analyze():
    h = np.linspace(0.05, 1.5, 7)
    gamma = np.linspace(0, 2, 5)
    da = gandyn.sweep("nsgan-r1", "altgd", grid={"h": h, "gamma": gamma}, quantity="spectral-abscissa", nd=2)
    assert da.dims == ("h", "gamma") and da.shape == (7, 5)
    for i in (0, 3, 6):
        for k in (0, 2, 4):
            a = gandyn.analyze("nsgan-r1", "altgd", h=float(da.h[i]), gamma=float(da.gamma[k]), nd=2)
            assert da.values[i, k] == a.spectral_abscissa
    assert da.attrs["game"] == "nsgan-r1" and da.attrs["method"] == "altgd" and da.attrs["nd"] == 2
    assert "gamma" not in da.attrs  # an axis, not a constant


def test_verdicts_are_strings_and_undefined_cells_say_so():
    da = gandyn.sweep("wgan-gp", "flow", grid={"lambda_": [0.0, 0.5, 1.0]}, quantity="verdict")
    assert da.dims == ("lambda_",)
    assert list(da.values) == ["marginal", "undefined", "undefined"]
    assert list(da.status.values) == ["ok", "undefined", "undefined"]
    radius = gandyn.sweep("wgan-gp", "flow", grid={"lambda_": [0.0, 0.5, 1.0]}, quantity="spectral-radius")
    assert radius.values[0] == 1.0 and np.isnan(radius.values[1:]).all()  # WGAN: +-i f'(0), f' = 1


def test_final_distance_is_nan_where_diverged():
    da = gandyn.sweep("wgan-div", "simgd", grid={"h": [0.1, 1.05, 2.0]}, quantity="final-distance", steps=100,
                      theta=[1.0], psi=[1.0], bound=1000.0, lambda_=0.0)
    assert list(da.status.values) == ["ok", "diverged", "diverged"]
    # wgan-div, lambda 0, simgd: |x_k| = |x_0| (1 + h^2)^(k/2)
    assert da.values[0] == pytest.approx(np.sqrt(2) * 1.01**50, rel=1e-12)
    assert np.isnan(da.values[1:]).all()


def test_a_grid_over_the_start_and_integers():
    da = gandyn.sweep("nsgan", "simgd", grid={"theta0": np.linspace(0, 1, 3), "steps": [10, 20, 30]},
                      quantity="final-distance", h=0.1, theta=[1.0, 2.0], psi=[1.0, 1.0])
    run = gandyn.simulate("nsgan", "simgd", h=0.1, steps=20, theta=[0.5, 2.0], psi=[1.0, 1.0])
    assert da.sel(theta0=0.5, steps=20).item() == np.linalg.norm(run.x[-1])


def read_csv(text):
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("quantity", ["spectral-radius", "verdict"])
def test_against_the_programs_csv(program, quantity):
    out = program("sweep", "--game", "wgan-gp-consensus", "--method", "momentum", "--beta", "0.3",
                  "--grid", "h=0.01:0.9:11", "--grid", "c=0:1.5:4", "--quantity", quantity)
    rows = read_csv(out)
    da = gandyn.sweep("wgan-gp-consensus", "momentum", grid={"h": np.linspace(0.01, 0.9, 11),
                                                               "c": np.linspace(0, 1.5, 4)},
                      quantity=quantity, beta=0.3)
    flat = da.values.reshape(-1)
    status = da.status.values.reshape(-1)
    column = quantity.replace("-", "_")
    assert len(rows) == flat.size
    for k, row in enumerate(rows):
        assert int(row["cell"]) == k
        i, j = divmod(k, 4)
        assert float(row["h"]) == da.h.values[i] and float(row["c"]) == da.c.values[j]
        if status[k] == "ok":
            assert (row[column] == flat[k]) if quantity == "verdict" else (float(row[column]) == flat[k])
        else:
            assert row[column] == status[k]


def test_netcdf_and_zarr_round_trips(tmp_path):
    da = gandyn.sweep("nsgan-r1-consensus", "simgd", grid={"h": np.linspace(0.1, 1, 4), "gamma": [0.0, 0.5]},
                      quantity="spectral-radius", consensus_gamma=0.5, d_first=None)
    da.attrs["d_first"] = "false"
    path = tmp_path / "map.nc"
    da.to_netcdf(path)
    back = xr.load_dataarray(path)
    xr.testing.assert_identical(back, da)
    da.to_dataset().to_zarr(tmp_path / "map.zarr")
    back = xr.open_zarr(tmp_path / "map.zarr")[da.name].load()
    xr.testing.assert_identical(back, da)
    verdicts = gandyn.sweep("gan", "altgd", grid={"h": [0.1, 0.2]}, quantity="verdict", d_first=True)
    verdicts.to_netcdf(tmp_path / "verdicts.nc")
    assert list(xr.load_dataarray(tmp_path / "verdicts.nc").values) == list(verdicts.values)


def test_attrs_are_netcdf_safe():
    da = gandyn.sweep("wgan-gp", "simgd", grid={"h": [0.1, 0.2]}, quantity="final-distance", steps=10,
                      theta=[1.0, 0.5], psi=[0.3, -0.8], data=[0.1, 0.2], lambda_=0.5)
    for key, value in da.attrs.items():
        assert isinstance(value, (str, int, float)), key
    assert da.attrs["lambda_"] == 0.5 and da.attrs["c"] == 1.0 and da.attrs["steps"] == 10
    assert da.attrs["theta"] == "1.0,0.5" and da.attrs["data"] == "0.1,0.2"


def test_uneven_axes_are_exact_and_agree_with_analyze():
    h = np.logspace(-3, 0, 7)
    gamma = np.array([0.0, 0.1, 0.7])
    da = gandyn.sweep("nsgan-r1", "simgd", grid={"h": h, "gamma": gamma}, quantity="spectral-radius")
    np.testing.assert_array_equal(da.h.values, h)
    np.testing.assert_array_equal(da.gamma.values, gamma)
    for i in range(7):
        for k in range(3):
            assert da.values[i, k] == gandyn.analyze("nsgan-r1", "simgd", h=h[i], gamma=gamma[k]).spectral_radius
    # one uneven axis beside an even one: the even one keeps the registry's values
    mixed = gandyn.sweep("nsgan-r1", "simgd", grid={"h": h, "gamma": np.linspace(0, 0.7, 8)},
                         quantity="spectral-radius")
    even = gandyn.sweep("nsgan-r1", "simgd", grid={"h": [h[2]], "gamma": np.linspace(0, 0.7, 8)},
                        quantity="spectral-radius")
    np.testing.assert_array_equal(mixed.values[2], even.values[0])
    np.testing.assert_array_equal(mixed.gamma.values, even.gamma.values)
