"""sweep(..., client=) on a two-worker LocalCluster of processes gives the serial array bit
for bit, whatever the chunking. The workers import gandyn through PYTHONPATH (set by the
test's environment); this module's top level stays inert (workers may import it)."""

import numpy as np
import pytest

import gandyn

distributed = pytest.importorskip("distributed")
xr = pytest.importorskip("xarray")


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                       worker_dashboard_address=None)
    c = distributed.Client(cluster, timeout="120s")
    c.wait_for_workers(2, timeout=120)
    yield c
    c.close()
    cluster.close()


def same_bits(a, b):
    xr.testing.assert_identical(a, b)
    if a.dtype == np.float64:
        np.testing.assert_array_equal(a.values.view(np.uint64), b.values.view(np.uint64))


@pytest.mark.parametrize("chunk_cells", [None, 37, 1000])
def test_cluster_equals_serial(client, chunk_cells):
    kw = dict(grid={"h": np.linspace(0.01, 1.5, 60), "gamma": np.linspace(0, 1.2, 41)}, quantity="spectral-radius",
              nd=3)
    serial = gandyn.sweep("nsgan-r1", "altgd", **kw)
    on_cluster = gandyn.sweep("nsgan-r1", "altgd", client=client, chunk_cells=chunk_cells, threads=1, **kw)
    on_cluster.attrs.pop("threads")
    same_bits(serial, on_cluster)


def test_cluster_simulated_undefined_and_uneven_cells(client):
    kw = dict(grid={"theta0": np.linspace(-1, 1, 30), "h": np.linspace(0.05, 1.2, 20)}, quantity="final-distance",
              steps=300, theta=[1.0, 0.5], psi=[0.3, -0.8], bound=1e3, lambda_=0.0)
    serial = gandyn.sweep("wgan-div", "simgd", **kw)
    assert (serial.status == "diverged").any() and (serial.status == "ok").any()
    same_bits(serial, gandyn.sweep("wgan-div", "simgd", client=client, chunk_cells=50, **kw))
    kw = dict(grid={"lambda_": np.linspace(0, 1, 25)}, quantity="verdict")
    same_bits(gandyn.sweep("wgan-gp", "flow", **kw), gandyn.sweep("wgan-gp", "flow", client=client, chunk_cells=4, **kw))
    # uneven axes: one sub-grid per value, packed into chunks across sub-grids
    kw = dict(grid={"h": np.logspace(-2, 0, 13), "gamma": np.linspace(0, 1, 9)}, quantity="spectral-radius")
    same_bits(gandyn.sweep("nsgan-r1", "simgd", **kw), gandyn.sweep("nsgan-r1", "simgd", client=client, chunk_cells=20,
                                                                  **kw))
    kw = dict(grid={"h": [0.1, 0.3, 0.4, 2.5]}, quantity="verdict", nd=4)
    same_bits(gandyn.sweep("nsgan", "altgd", **kw), gandyn.sweep("nsgan", "altgd", client=client, **kw))


def test_chunks_are_few_and_cover_the_grid():
    from gandyn._sweep import MAX_CHUNKS, MIN_CHUNK_CELLS, _tasks, chunks

    units = [({"unit": str(u)}, np.arange(u * 10, u * 10 + 10)) for u in range(9)]
    tasks = _tasks(units, 90, 25)
    assert [len(cells) for _, cells in tasks] == [25, 25, 25, 15]
    np.testing.assert_array_equal(np.concatenate([cells for _, cells in tasks]), np.arange(90))
    assert len(_tasks(units, 90, None)) == 1

    for total in (1, 100, MIN_CHUNK_CELLS + 1, 10**7):
        ranges = chunks(total)
        assert ranges[0][0] == 0 and ranges[-1][1] == total
        assert all(a[1] == b[0] for a, b in zip(ranges, ranges[1:]))
        assert len(ranges) <= MAX_CHUNKS
        assert len(ranges) == 1 or all(e - s >= MIN_CHUNK_CELLS for s, e in ranges[:-1])
