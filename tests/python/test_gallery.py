"""The gallery (python3 -m gandyn.gallery): a --quick report opened in a real browser (Debian's
chromium, headless, through chromedriver and python3-selenium), and its refusals of bad input.

The browser test saves a screenshot of the whole page, gallery-screenshot.png, into
GANDYN_ARTEFACTS (tests/CMakeLists.txt sets the build tree's tests folder; default: pytest's
temporary folder, so that a run from the repository's root writes nothing into it)."""

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
SECTIONS = ["The field", "The flow", "The discrete rules", "The analysis", "Rules compared", "Where training ends",
            "The maps"]


def gallery(*args, env=None, timeout=600):
    return subprocess.run([sys.executable, "-m", "gandyn.gallery", *map(str, args)], capture_output=True,
                          text=True, timeout=timeout, env=env)


def leftovers(folder):
    """Temporary folders of the gallery left beside its target."""
    return [name for name in os.listdir(folder) if name.endswith((".tmp", ".old"))]


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    """A --quick gallery, built once for this module's tests."""
    parent = tmp_path_factory.mktemp("gallery")
    out = parent / "report"
    done = gallery("--out", out, "--quick")
    assert done.returncode == 0, done.stderr
    return out, done


def test_quick_gallery_writes_every_file(quick):
    out, done = quick
    lines = done.stdout.strip().splitlines()
    assert lines[-1] == str(out / "index.html"), "the path of index.html is the last line"
    assert "[ 1/" in done.stderr, "progress on stderr"
    from gandyn.gallery.figures import FIGURES

    for key, _ in FIGURES:
        for suffix in ("csv", "txt"):
            assert (out / f"{key}.{suffix}").stat().st_size > 0, f"{key}.{suffix}"
        if key != "closed-forms":
            assert (out / f"{key}.png").stat().st_size > 0
            assert (out / f"{key}.svg").read_text().lstrip().startswith("<?xml")
        text = (out / f"{key}.txt").read_text()
        assert "gandyn." in text and "Measured by gandyn" in text
    assert not leftovers(out.parent)


def test_index_has_no_external_resources(quick):
    out, _ = quick
    html = (out / "index.html").read_text()
    for marker in ("http://", "https://", 'src="//', 'href="//'):
        assert marker not in html, marker


def browser(tmp_path):
    webdriver = pytest.importorskip("selenium.webdriver", reason="python3-selenium is not installed")
    if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
        pytest.skip("chromium and chromium-driver are not installed")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1400,1000"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def test_report_in_a_real_browser(quick, tmp_path):
    out, _ = quick
    # From a copied folder: the report must work offline, wherever it is.
    copy = tmp_path / "copied"
    shutil.copytree(out, copy)
    driver = browser(tmp_path)
    try:
        driver.set_page_load_timeout(60)
        driver.get((copy / "index.html").as_uri())
        deadline = time.time() + 30
        while time.time() < deadline:
            state = driver.execute_script(
                "return document.readyState === 'complete' && Array.from(document.images).every(i => i.complete)")
            if state:
                break
            time.sleep(0.2)
        images = driver.execute_script(
            "return Array.from(document.images).map(i => [i.getAttribute('src'), i.naturalWidth, i.naturalHeight])")
        pngs = sorted(p.name for p in copy.glob("*.png"))
        assert sorted(src for src, _, _ in images) == pngs, "one <img> per figure"
        for src, width, height in images:
            assert width > 0 and height > 0, f"{src} did not load"
        headings = driver.execute_script("return Array.from(document.querySelectorAll('h2')).map(h => h.textContent)")
        assert [h.split(". ", 1)[1] for h in headings] == SECTIONS
        links = driver.execute_script(
            "return Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href'))")
        for href in links:
            if not href.startswith("#"):
                assert (copy / href).is_file(), f"link to a missing file: {href}"
        for suffix in (".csv", ".svg", ".txt"):
            assert any(h.endswith(suffix) for h in links), f"no link to {suffix} files"
        cells = driver.execute_script(
            "return Array.from(document.querySelectorAll('#closed-forms tbody tr')).map(r => r.cells[5].textContent)")
        assert len(cells) >= 10 and all(float(c) < 1e-12 for c in cells), cells
        # The whole page, kept as an artefact.
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(1400, min(int(height) + 100, 32000))
        artefacts = os.environ.get("GANDYN_ARTEFACTS") or str(tmp_path)  # never into the working tree
        os.makedirs(artefacts, exist_ok=True)
        assert driver.save_screenshot(os.path.join(artefacts, "gallery-screenshot.png"))
        log = driver.get_log("browser")
        severe = [entry for entry in log if entry.get("level") == "SEVERE"]
        assert not severe, severe
    finally:
        driver.quit()


# ---- bad input: one line naming DIR, exit status 2, nothing written

def one_line(done):
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


def test_non_empty_dir_without_force(tmp_path):
    out = tmp_path / "full"
    out.mkdir()
    (out / "notes.txt").write_text("mine\n")
    done = gallery("--out", out, "--only", "closed-forms")
    assert done.returncode == 2
    assert str(out) in one_line(done) and "--force" in done.stderr
    assert os.listdir(out) == ["notes.txt"]
    assert not leftovers(tmp_path)
    # --force does not replace a folder that the gallery did not write either.
    done = gallery("--out", out, "--only", "closed-forms", "--force")
    assert done.returncode == 2 and str(out) in one_line(done)
    assert os.listdir(out) == ["notes.txt"]


def test_force_replaces_a_gallery(tmp_path):
    out = tmp_path / "report"
    assert gallery("--out", out, "--only", "closed-forms").returncode == 0
    again = gallery("--out", out, "--only", "closed-forms")
    assert again.returncode == 2 and str(out) in one_line(again)
    forced = gallery("--out", out, "--only", "closed-forms", "--force")
    assert forced.returncode == 0, forced.stderr
    assert (out / "index.html").is_file() and (out / "closed-forms.csv").is_file()
    assert not leftovers(tmp_path)


def test_unwritable_dir(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    out = blocker / "report"              # its folder is a file: unwritable, even for root
    done = gallery("--out", out, "--only", "closed-forms")
    assert done.returncode == 2 and str(out) in one_line(done)
    if os.geteuid() != 0:                 # permissions do not stop root
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
        try:
            done = gallery("--out", locked / "report", "--only", "closed-forms")
            assert done.returncode == 2 and str(locked / "report") in one_line(done)
            assert os.listdir(locked) == []
        finally:
            locked.chmod(0o700)
    out = tmp_path / "a-file"             # DIR itself is a file
    done = gallery("--out", out, "--only", "closed-forms")
    assert done.returncode == 2 and str(out) in one_line(done)


def test_unknown_figure(tmp_path):
    done = gallery("--out", tmp_path / "report", "--only", "notebook-gann")
    assert done.returncode == 2 and "notebook-gan" in one_line(done)
    assert not (tmp_path / "report").exists() and not leftovers(tmp_path)


def test_matplotlib_missing(tmp_path):
    fake = tmp_path / "fake" / "matplotlib"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('No module named matplotlib')\n")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(tmp_path / "fake"), env.get("PYTHONPATH", "")])
    done = gallery("--out", tmp_path / "report", env=env)
    assert done.returncode == 2
    assert "python3-matplotlib" in one_line(done)
    assert not (tmp_path / "report").exists() and not leftovers(tmp_path)


def test_interrupted_build_leaves_nothing(tmp_path):
    out = tmp_path / "report"
    process = subprocess.Popen([sys.executable, "-m", "gandyn.gallery", "--out", str(out), "--quick"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # Wait until the first figure is written into the temporary folder, then stop it.
    deadline = time.time() + 120
    while time.time() < deadline and not any(
            os.path.isdir(tmp_path / d) and os.listdir(tmp_path / d) for d in leftovers(tmp_path)):
        time.sleep(0.1)
    process.send_signal(signal.SIGTERM)
    process.communicate(timeout=60)
    assert process.returncode != 0
    assert not out.exists() and not leftovers(tmp_path)


# ---- gandyn.plot: the map suits the quantity, the title comes from the data

def test_plot_sweep_reads_the_quantity():
    np = pytest.importorskip("numpy")
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.colors as mcolors
    import matplotlib.pyplot as plt

    import gandyn
    import gandyn.plot

    grid = {"h": np.linspace(0.05, 3, 12), "gamma": np.linspace(0, 2, 10)}
    fig, axes = plt.subplots(1, 4, figsize=(16, 4))
    rho = gandyn.sweep("nsgan-r1", "simgd", grid=grid, quantity="spectral-radius")
    mesh = gandyn.plot.sweep(rho, axes[0])
    assert isinstance(mesh.norm, mcolors.TwoSlopeNorm) and mesh.norm.vcenter == 1.0
    assert "nsgan-r1, simgd" in axes[0].get_title() and axes[0].collections, "title from attrs, rho = 1 contour"
    verdict = gandyn.sweep("wgan-div", "altgd", grid={"h": grid["h"], "lambda_": np.linspace(0, 1, 8)},
                           quantity="verdict")
    gandyn.plot.sweep(verdict, axes[1])
    assert "wgan-div, altgd" in axes[1].get_title()
    assert {t.get_text() for t in axes[1].get_legend().get_texts()} <= {"converges", "marginal", "diverges",
                                                                        "undefined"}
    starts = {"theta0": np.linspace(-2, 2, 6), "psi0": np.linspace(-2, 2, 6)}
    distance = gandyn.sweep("nsgan", "simgd", grid=starts, quantity="final-distance", h=0.5, steps=50,
                            theta=[1.0], psi=[1.0])
    mesh = gandyn.plot.sweep(distance, axes[2])
    assert isinstance(mesh.norm, mcolors.LogNorm)
    assert not axes[2].get_legend() or "rho" not in axes[2].get_legend().get_texts()[0].get_text()
    line = gandyn.plot.sweep(gandyn.sweep("nsgan", "simgd", grid={"h": np.linspace(0.5, 4, 8)},
                                          quantity="final-distance", steps=100, theta=[1.0], psi=[1.0]), axes[3])
    assert axes[3].get_yscale() == "log" and line is not None
    plt.close(fig)


def test_plot_sweep_draws_basins_and_lyapunov_maps():
    np = pytest.importorskip("numpy")
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.colors as mcolors
    import matplotlib.pyplot as plt

    import gandyn
    import gandyn.plot

    fig, axes = plt.subplots(1, 2, figsize=(9, 4))
    # Basins: every cell in its label's colour (BASIN_COLOURS), the legend naming the labels present.
    starts = {"theta0": np.linspace(-2, 2, 7), "psi0": np.linspace(-2, 2, 6)}
    basin = gandyn.sweep("gan-r1", "simgd", grid=starts, quantity="basin", h=1.3, steps=300, theta=[1.0], psi=[1.0])
    mesh = gandyn.plot.sweep(basin, axes[0])
    colours = mesh.to_rgba(mesh.get_array()).reshape(6, 7, 4)  # rows psi0, columns theta0
    words = np.asarray(basin.values).astype(str)
    for i in range(7):
        for j in range(6):
            assert np.allclose(colours[j, i], mcolors.to_rgba(gandyn.plot.BASIN_COLOURS[words[i, j]])), (i, j)
    assert {t.get_text() for t in axes[0].get_legend().get_texts()} == set(np.ravel(words))
    assert "gan-r1, simgd: basin" in axes[0].get_title()
    # Lyapunov: a scale diverging at 0 and the contour of lambda_1 = 1e-3 when cells lie on both sides.
    grid = {"h": np.linspace(1.5, 3.5, 6), "gamma": np.linspace(0.1, 1.0, 5)}
    lyap = gandyn.sweep("nsgan-r1", "simgd", grid=grid, quantity="lyapunov", steps=600, theta=[1.0], psi=[1.0])
    mesh = gandyn.plot.sweep(lyap, axes[1])
    assert isinstance(mesh.norm, mcolors.TwoSlopeNorm) and mesh.norm.vcenter == 0.0
    values = np.asarray(lyap.values, dtype=float)
    texts = [t.get_text() for t in axes[1].get_legend().get_texts()] if axes[1].get_legend() else []
    assert (np.nanmin(values) < 1e-3 < np.nanmax(values)) == any("chaotic" in t for t in texts)
    assert not any("Re" in t or "rho" in t for t in texts)
    plt.close(fig)
