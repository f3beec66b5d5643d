"""`gandyn orbit`, `gandyn lyapunov`, `gandyn boundary` and the sweep quantities basin,
lyapunov and max-stable-h through the program (docs/program.md; docs/analysis.md,
"Attractors"), against the closed forms written out here: the nsgan orbit in two dimensions
(period 4 pi, theta orthogonal to psi, equal norms), WGAN-GP's (2 pi on ||psi|| = 1), simgd on
gan at the equilibrium (1/2 log(1 + h^2/4) twice), h* = 4 gamma on gan-r1, altgd on gan's
4 / sqrt(n_g n_d); exit statuses and bad input."""
import json
import math
import os
import subprocess
import sys
import tempfile
import unittest

GANDYN = sys.argv.pop(1)


def gandyn(*args):
    return subprocess.run([GANDYN, *map(str, args)], capture_output=True, text=True)


def run_json(*args):
    p = gandyn(*args, "--format", "json")
    if p.returncode != 0:
        raise AssertionError(p.stderr)
    return json.loads(p.stdout)


class Orbit(unittest.TestCase):
    def test_nsgan_two_dimensions(self):
        j = run_json("orbit", "--game", "nsgan", "--method", "flow", "--theta", "1,0.5", "--psi", "0.3,-0.8")
        self.assertEqual(j["kind"], "cycle")
        self.assertAlmostEqual(j["period"], 4 * math.pi, delta=1e-8)
        theta, psi = j["point"][:2], j["point"][2:]
        self.assertLess(abs(theta[0] * psi[0] + theta[1] * psi[1]), 1e-8)
        self.assertAlmostEqual(math.hypot(*theta), math.hypot(*psi), delta=1e-8)
        ones = [m for m in j["multipliers"] if abs(complex(m["re"], m["im"]) - 1) < 1e-6]
        self.assertEqual(len(ones), 2)  # the flow's direction and the free radius
        self.assertIsNone(j["eigenvalues"])
        self.assertIsNone(j["reason"])

    def test_wgan_gp_circle(self):
        j = run_json("orbit", "--game", "wgan-gp", "--method", "flow", "--theta", "1,0.5", "--psi", "0.3,-0.8")
        self.assertEqual(j["kind"], "cycle")
        self.assertAlmostEqual(j["period"], 2 * math.pi, delta=1e-8)
        self.assertAlmostEqual(math.hypot(*j["point"][2:]), 1, delta=1e-8)

    def test_converging_game_reports_its_equilibrium(self):
        j = run_json("orbit", "--game", "gan-r1", "--method", "simgd", "--h", "0.1", "--theta", "1", "--psi", "1")
        self.assertEqual(j["kind"], "equilibrium")
        self.assertIsNone(j["period"])
        self.assertLess(max(abs(v) for v in j["point"]), 1e-10)
        for e in j["eigenvalues"]:  # 1 + h lambda, lambda = -gamma/2 +- i sqrt(1/4 - gamma^2/4)
            self.assertAlmostEqual(e["re"], 1 - 0.1 * 0.15, places=12)
            self.assertAlmostEqual(abs(e["im"]), 0.1 * math.sqrt(0.25 - 0.0225), places=12)

    def test_none_is_a_result(self):
        p = gandyn("orbit", "--game", "nsgan", "--method", "simgd", "--h", "3", "--theta", "1", "--psi", "1",
                   "--format", "json")
        self.assertEqual(p.returncode, 0)
        j = json.loads(p.stdout)
        self.assertEqual(j["kind"], "none")
        self.assertIn("diverged", j["reason"])
        self.assertNotIn("NaN", p.stdout)
        j = run_json("orbit", "--game", "nsgan", "--method", "simgd", "--h", "1", "--theta", "1", "--psi", "1",
                     "--max-period", "8")
        self.assertEqual(j["kind"], "none")
        self.assertIn("8", j["reason"])

    def test_text(self):
        p = gandyn("orbit", "--game", "nsgan", "--method", "flow", "--theta", "1,0.5", "--psi", "0.3,-0.8",
                   "--format", "text")
        self.assertEqual(p.returncode, 0)
        self.assertIn("kind cycle", p.stdout)
        self.assertIn("Floquet multipliers", p.stdout)


class Lyapunov(unittest.TestCase):
    def test_simgd_gan_at_the_equilibrium(self):
        for h in (0.1, 0.5):
            j = run_json("lyapunov", "--game", "gan", "--method", "simgd", "--h", h, "--steps", 500, "--theta", 0,
                         "--psi", 0)
            self.assertEqual(len(j["exponents"]), 2)
            for e in j["exponents"]:
                self.assertAlmostEqual(e, 0.5 * math.log(1 + h * h / 4), places=12)

    def test_flow_sum_is_twice_the_real_part(self):
        j = run_json("lyapunov", "--game", "gan-r1", "--method", "flow", "--h", "0.01", "--steps", 20000,
                     "--theta", 0, "--psi", 0, "--transient", 100)
        self.assertAlmostEqual(sum(j["exponents"]), -0.3, places=8)  # 2 Re lambda = -gamma

    def test_diverging_run_exits_3(self):
        p = gandyn("lyapunov", "--game", "nsgan", "--method", "simgd", "--h", 3, "--steps", 1000, "--theta", 1,
                   "--psi", 1)
        self.assertEqual(p.returncode, 3)
        self.assertIn("diverged at step", p.stderr)
        self.assertEqual(p.stdout, "")

    def test_transient_below_steps(self):
        p = gandyn("lyapunov", "--game", "gan", "--method", "simgd", "--h", 0.1, "--steps", 10, "--transient", 10,
                   "--theta", 0, "--psi", 0)
        self.assertEqual(p.returncode, 2)
        self.assertIn("--transient", p.stderr)


class Boundary(unittest.TestCase):
    def test_simgd_gan_r1(self):
        for gamma in (0.3, 1.5):
            j = run_json("boundary", "--game", "gan-r1", "--gamma", gamma, "--method", "simgd", "--param", "h=0.01:3")
            expected = 4 * gamma if gamma < 1 else 4 / (gamma + math.sqrt(gamma * gamma - 1))
            self.assertAlmostEqual(j["critical"], expected, delta=1e-6 * expected)
            self.assertEqual(j["below"], "converges")
            # rho = 1 exactly at h*: just above the change lies the marginal band |rho - 1| <= 1e-8,
            # then divergence; both edges are listed, 2e-8 / (d rho / dh) apart
            self.assertIn(j["above"], ("marginal", "diverges"))
            self.assertLess(max(j["changes"]) - min(j["changes"]), 1e-6)
            self.assertEqual(j["param"], "h")

    def test_altgd_gan(self):
        j = run_json("boundary", "--game", "gan", "--method", "altgd", "--nd", 4, "--param", "h=0.1:4")
        self.assertAlmostEqual(j["critical"], 2, delta=1e-6)  # 4 / sqrt(1 * 4)
        self.assertEqual((j["below"], j["above"]), ("marginal", "diverges"))

    def test_gamma_axis_and_no_change(self):
        j = run_json("boundary", "--game", "gan-r1", "--method", "simgd", "--h", "0.4", "--param", "gamma=0.01:0.5")
        self.assertAlmostEqual(j["critical"], 0.1, delta=2e-7)  # h < 4 gamma
        self.assertEqual(j["below"], "diverges")
        self.assertIn(j["above"], ("marginal", "converges"))
        j = run_json("boundary", "--game", "gan-r1", "--method", "flow", "--param", "gamma=0.1:1")
        self.assertIsNone(j["critical"])
        self.assertEqual(j["changes"], [])

    def test_bad_param(self):
        for bad, word in (("hh=0:1", "did you mean"), ("h=1:0", "LO < HI"), ("h=0:1:3", "PARAM=LO:HI")):
            p = gandyn("boundary", "--game", "gan", "--method", "simgd", "--param", bad)
            self.assertEqual(p.returncode, 2, bad)
            self.assertIn("--param", p.stderr)
            self.assertIn(word, p.stderr)
            self.assertEqual(len(p.stderr.strip().splitlines()), 1)


class SweepQuantities(unittest.TestCase):
    def test_basin_of_simgd_on_nsgan(self):
        j = run_json("sweep", "--game", "nsgan", "--method", "simgd", "--grid", "h=0.5:4:8", "--quantity", "basin",
                     "--steps", 2000, "--theta", 1, "--psi", 1, "--threads", 1)
        self.assertEqual(j["columns"], ["cell", "h", "basin", "final_distance", "period"])
        labels = {row[1]: row[2] for row in j["cells"]}
        for h, label in labels.items():
            self.assertEqual(label, "cycle" if h <= 2 else "diverged", h)
        for row in j["cells"]:
            self.assertTrue(math.isfinite(row[3]))
        p = gandyn("sweep", "--game", "nsgan", "--method", "simgd", "--grid", "h=0.5:4:8", "--quantity", "basin",
                   "--steps", 2000, "--theta", 1, "--psi", 1, "--format", "csv")
        self.assertEqual(p.stdout.splitlines()[0], "cell,h,basin")

    def test_basin_flow_period(self):
        j = run_json("sweep", "--game", "nsgan", "--method", "rk4", "--h", 0.01, "--grid", "theta0=0.5:1.5:3",
                     "--quantity", "basin", "--steps", 20000, "--theta", "1,0.5", "--psi", "0.3,-0.8")
        for row in j["cells"]:
            self.assertEqual(row[2], "cycle")
            self.assertAlmostEqual(row[4], 4 * math.pi, delta=1e-2)

    def test_lyapunov_and_max_stable_h(self):
        j = run_json("sweep", "--game", "gan", "--method", "simgd", "--grid", "h=0.1:0.5:3", "--quantity", "lyapunov",
                     "--steps", 300, "--theta", 0, "--psi", 0)
        for row in j["cells"]:
            self.assertAlmostEqual(row[2], 0.5 * math.log(1 + row[1] ** 2 / 4), places=12)
        j = run_json("sweep", "--game", "gan-r1", "--method", "simgd", "--h", 0.1, "--grid", "gamma=0.2:2:4",
                     "--quantity", "max-stable-h")
        self.assertEqual(j["columns"], ["cell", "gamma", "max_stable_h"])
        for _, gamma, h in j["cells"]:
            expected = 4 * gamma if gamma < 1 else 4 / (gamma + math.sqrt(gamma * gamma - 1))
            self.assertAlmostEqual(h, expected, places=10)

    def test_lyapunov_maps_in_lanes(self):
        # A map over starts at n = 1 runs in SIMD lanes (analysis/lyapunov_lanes.hpp): every cell
        # equals a single `gandyn lyapunov` to 1e-12 relative (the exponential's last bits), and
        # shards (other lanes, other padding) give the whole map exactly. 7 x 5 starts: a ragged
        # last group; nsgan by simgd at h = 2 with bound 4 diverges from some starts.
        cases = (("gan-r1", "simgd", ["--h", "0.3"]), ("nsgan", "simgd", ["--h", "2", "--bound", "4"]),
                 ("wgan-gp", "altgd", ["--h", "0.2", "--nd", "2"]), ("nsgan-r1", "flow", ["--h", "0.05"]))
        for game, method, extra in cases:
            grid = ["--game", game, "--method", method, *extra, "--steps", "300", "--transient", "50",
                    "--theta", "0.5", "--psi", "0.5", "--grid", "theta0=-2:2:7", "--grid", "psi0=-1.5:1.5:5",
                    "--quantity", "lyapunov"]
            with self.subTest(game=game, method=method), tempfile.TemporaryDirectory() as d:
                one = os.path.join(d, "one.csv")
                p = gandyn("sweep", *grid, "--out", one)
                self.assertEqual(p.returncode, 0, p.stderr)
                with open(one) as f:
                    lines = f.read().strip().split("\n")
                self.assertEqual(lines[0], "cell,theta0,psi0,lyapunov")
                statuses = set()
                for i, line in enumerate(lines[1:]):  # every third cell, and every diverged one
                    k, theta0, psi0, largest = line.split(",")
                    status = "diverged" if largest == "diverged" else "ok"
                    statuses.add(status)
                    if i % 3 and status == "ok":
                        continue
                    s = gandyn("lyapunov", "--game", game, "--method", method, *extra, "--steps", "300",
                               "--transient", "50", "--theta", theta0, "--psi", psi0, "--format", "json")
                    if status == "diverged":  # exit status 3: the run diverged, no exponents
                        self.assertEqual(s.returncode, 3, s.stderr)
                        continue
                    self.assertEqual(s.returncode, 0, s.stderr)
                    exponents = json.loads(s.stdout)["exponents"]
                    self.assertLessEqual(abs(float(largest) - exponents[0]), 1e-12 * max(1.0, abs(exponents[0])))
                self.assertIn("ok", statuses)
                if game == "nsgan":
                    self.assertIn("diverged", statuses)
                shards = []
                for i in range(3):
                    path = os.path.join(d, f"s{i}.csv")
                    self.assertEqual(gandyn("sweep", *grid, "--shard", f"{i}/3", "--out", path).returncode, 0)
                    shards.append(path)
                merged = os.path.join(d, "merged.csv")
                self.assertEqual(gandyn("merge", *shards, "--out", merged).returncode, 0)
                with open(one) as a, open(merged) as b:
                    self.assertEqual(a.read(), b.read())

    def test_quantity_flags(self):
        p = gandyn("sweep", "--game", "gan", "--method", "simgd", "--h", 0.1, "--grid", "h=0.1:0.5:3",
                   "--quantity", "spectral-radius", "--transient", 3)
        self.assertEqual(p.returncode, 2)
        self.assertIn("--transient", p.stderr)


class Help(unittest.TestCase):
    def test_subcommands_listed_and_helped(self):
        p = gandyn("--help")
        for sub in ("orbit", "lyapunov", "boundary"):
            self.assertIn(sub, p.stdout)
            q = gandyn(sub, "--help")
            self.assertEqual(q.returncode, 0)
            self.assertIn("Example", q.stdout)

    def test_unwritable_out(self):
        p = gandyn("orbit", "--game", "nsgan", "--method", "flow", "--theta", "1", "--psi", "1", "--out",
                   "/nonexistent-dir/x.json")
        self.assertEqual(p.returncode, 2)

    def test_out_file(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "o.json")
            p = gandyn("orbit", "--game", "gan-r1", "--method", "flow", "--theta", "1", "--psi", "1", "--out", path,
                       "--format", "json")
            self.assertEqual(p.returncode, 0, p.stderr)
            with open(path) as f:
                self.assertEqual(json.load(f)["kind"], "equilibrium")


if __name__ == "__main__":
    unittest.main()
