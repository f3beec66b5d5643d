"""`gandyn analyze`, `gandyn sweep` and `gandyn merge` through the program (docs/analysis.md; docs/program.md, "analyze", "sweep").

Eigenvalues are checked against the closed forms of gan-training-convergence-analysis.fa.txt
written out here; sweep cells against single `analyze` / `simulate` runs; merged shards
against one run."""
import cmath
import json
import math
import os
import subprocess
import sys
import tempfile
import unittest

GANDYN = sys.argv.pop(1)


def gandyn(*args):
    return subprocess.run([GANDYN, *args], capture_output=True, text=True)


def analyze(*args):
    p = gandyn("analyze", *args)
    if p.returncode != 0:
        raise AssertionError(p.stderr)
    return json.loads(p.stdout)


def eigen(j):
    return sorted((complex(e["re"], e["im"]) for e in j["eigenvalues"]), key=lambda z: (round(z.real, 9), z.imag))


class Analyze(unittest.TestCase):
    def test_r1_flow_closed_form(self):
        for gamma in (0.1, 0.3, 1.0, 2.5):  # -gamma/2 +- sqrt(gamma^2/4 - f'(0)^2), f'(0) = 1/2
            j = analyze("--game", "nsgan-r1", "--gamma", str(gamma), "--method", "flow")
            root = cmath.sqrt(gamma ** 2 / 4 - 0.25)
            expected = sorted([-gamma / 2 + root, -gamma / 2 - root], key=lambda z: (round(z.real, 9), z.imag))
            for a, b in zip(eigen(j), expected):
                self.assertLess(abs(a - b), 1e-7)  # gamma = 1: a defective double eigenvalue
            self.assertEqual(j["verdict"], "converges")
            self.assertIsNone(j["max_stable_h"])
            self.assertEqual(j["jacobian"], [[0.0, -0.5], [0.5, -gamma]])

    def test_simgd_lemma_2_and_the_step_bound(self):
        j = analyze("--game", "gan", "--method", "simgd", "--h", "0.4")
        for e in eigen(j):
            self.assertAlmostEqual(abs(e - 1), 0.2, places=12)  # 1 +- i h f'(0)
        self.assertEqual(j["verdict"], "diverges")
        self.assertEqual(j["max_stable_h"], 0)
        j = analyze("--game", "gan-r1", "--method", "simgd", "--h", "0.4")
        self.assertAlmostEqual(j["max_stable_h"], 0.3 / (0.15 ** 2 + 0.2275), places=12)  # 2a/(a^2+b^2)

    def test_lookahead_over_simgd_closed_form(self):
        # At the gan equilibrium one simgd step is I + hJ with eigenvalues 1 +- i h f'(0), f'(0) = 1/2;
        # a lookahead block is (1 - a) I + a (I + hJ)^k (Chavdarova et al. 2021; docs/rules.md, "Lookahead").
        h, k, a = 0.3, 4, 0.6
        j = analyze("--game", "gan", "--method", "lookahead", "--base", "simgd", "--lookahead-steps", str(k),
                    "--lookahead-alpha", str(a), "--h", str(h))
        rho = abs((1 - a) + a * complex(1, h / 2) ** k)
        self.assertAlmostEqual(j["spectral_radius"], rho, places=13)
        # SGA at gan: (1 - h f'(0)^2) I + hJ (docs/rules.md, "SGA"), with and without the alignment
        for align in ([], ["--no-align"]):
            j = analyze("--game", "gan", "--method", "sga", "--sga-lambda", "1", *align, "--h", str(h))
            self.assertAlmostEqual(j["spectral_radius"], abs(complex(1 - h / 4, h / 2)), places=13)

    def test_dimension_repeats_each_eigenvalue(self):
        j = analyze("--game", "gan-noise", "--sigma", "0.7", "--method", "flow", "--dim", "3")
        lam = eigen(j)
        self.assertEqual(len(lam), 6)
        s2 = -0.25 * 0.49  # f''(0) sigma^2 +- sqrt(f''(0)^2 sigma^4 - f'(0)^2)  (Lemma 4)
        root = cmath.sqrt(s2 ** 2 - 0.25)
        for e in lam:
            self.assertLess(min(abs(e - (s2 + root)), abs(e - (s2 - root))), 1e-9)

    def test_altgd_lemma_3(self):
        h, ng, nd = 0.7, 1, 5
        a = math.sqrt(ng * nd) * h * 0.5
        root = cmath.sqrt((1 - a * a / 2) ** 2 - 1)
        j = analyze("--game", "nsgan", "--method", "altgd", "--h", str(h), "--nd", str(nd))
        for e in eigen(j):
            self.assertLess(min(abs(e - (1 - a * a / 2 + root)), abs(e - (1 - a * a / 2 - root))), 1e-9)

    def test_text_format_and_point(self):
        p = gandyn("analyze", "--game", "nsgan", "--method", "flow", "--theta", "0.5", "--psi", "0.2",
                   "--format", "text")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("verdict", p.stdout)
        self.assertIn("point [theta; psi]: 0.5 0.20000000000000001", p.stdout)

    def test_not_differentiable_is_an_error_without_numbers(self):
        for game in ("wgan-norm", "wgan-gp", "wgan-qc"):
            p = gandyn("analyze", "--game", game, "--method", "flow")
            self.assertEqual(p.returncode, 2)
            self.assertIn("not differentiable", p.stderr)
            self.assertEqual(p.stdout, "")


class Sweep(unittest.TestCase):
    def test_cells_equal_single_analyses(self):
        p = gandyn("sweep", "--game", "gan-r1", "--method", "altgd", "--h", "0.1", "--grid", "h=0.2:2.9:4",
                   "--grid", "gamma=0.1:1.3:3", "--quantity", "spectral-radius", "--threads", "2")
        self.assertEqual(p.returncode, 0, p.stderr)
        lines = p.stdout.strip().split("\n")
        self.assertEqual(lines[0], "cell,h,gamma,spectral_radius")
        self.assertEqual(len(lines), 13)
        for line in lines[1:]:
            k, h, gamma, rho = line.split(",")
            single = analyze("--game", "gan-r1", "--method", "altgd", "--h", h, "--gamma", gamma)
            self.assertEqual(float(rho), single["spectral_radius"])
        self.assertEqual([int(l.split(",")[0]) for l in lines[1:]], list(range(12)))

    def test_words_for_undefined_and_diverged(self):
        p = gandyn("sweep", "--game", "wgan-gp", "--method", "flow", "--grid", "c=0:1:3", "--quantity", "verdict")
        self.assertEqual(p.stdout.strip().split("\n")[1:], ["0,0,converges", "1,0.5,undefined", "2,1,undefined"])
        p = gandyn("sweep", "--game", "gan", "--method", "simgd", "--steps", "200", "--theta", "1", "--psi", "1",
                   "--bound", "3", "--grid", "h=0.1:2:3", "--quantity", "final-distance")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertNotIn("nan", p.stdout)

    def test_simulated_cells_equal_single_simulations(self):
        p = gandyn("sweep", "--game", "nsgan", "--method", "altgd", "--steps", "300", "--theta", "1,0.5",
                   "--psi", "0.3,-0.8", "--h", "0.1", "--grid", "h=0.05:0.4:3", "--grid", "psi0=-1:1:3",
                   "--quantity", "final-distance")
        self.assertEqual(p.returncode, 0, p.stderr)
        for line in p.stdout.strip().split("\n")[1:]:
            k, h, psi0, d = line.split(",")
            s = gandyn("simulate", "--game", "nsgan", "--method", "altgd", "--steps", "300", "--theta", "1,0.5",
                       "--psi", psi0 + ",-0.8", "--h", h, "--every", "300")
            last = [float(v) for v in s.stdout.strip().split("\n")[-1].split(",")]
            self.assertAlmostEqual(float(d), math.sqrt(sum(v * v for v in last[3:])), delta=1e-12 * float(d))

    def test_shards_merge_to_one_run(self):
        grid = ["--game", "nsgan-r1", "--method", "extragradient", "--h", "0.1", "--grid", "h=0.1:3:7",
                "--grid", "gamma=0:2:5", "--quantity", "spectral-radius"]
        with tempfile.TemporaryDirectory() as d:
            for fmt in ("csv", "json"):
                one = os.path.join(d, "one." + fmt)
                self.assertEqual(gandyn("sweep", *grid, "--format", fmt, "--out", one).returncode, 0)
                shards = []
                for i in (2, 0, 3, 1):
                    path = os.path.join(d, f"s{i}.{fmt}")
                    self.assertEqual(gandyn("sweep", *grid, "--format", fmt, "--shard", f"{i}/4", "--out", path).returncode, 0)
                    shards.append(path)
                merged = os.path.join(d, "merged." + fmt)
                p = gandyn("merge", *shards, "--out", merged)
                self.assertEqual(p.returncode, 0, p.stderr)
                with open(one) as a, open(merged) as b:
                    self.assertEqual(a.read(), b.read())
                p = gandyn("merge", *shards[:3], "--out", os.path.join(d, "bad"))
                self.assertEqual(p.returncode, 2)
                self.assertIn("cells missing: 1, 5, 9", p.stderr)  # shard 1/4 holds k = 1, 5, 9, ...
                p = gandyn("merge", *shards, shards[0], "--out", os.path.join(d, "bad"))
                self.assertEqual(p.returncode, 2)
                self.assertIn("more than once: 2, 6", p.stderr)
                self.assertFalse(os.path.exists(os.path.join(d, "bad")))

    def test_final_distance_maps_in_lanes(self):
        # n = 1 with simgd, altgd and rk4 runs in SIMD lanes (docs/batched.md): every cell equals a
        # single simulate to 1e-12 relative, and shards (chunks of other sizes and other lane
        # positions) give the whole map's numbers exactly. 7 x 5 starts: a ragged last group.
        for game, method, extra in (("gan-r1", "simgd", []), ("wgan-gp", "altgd", ["--nd", "2"]),
                                    ("nsgan-noise", "rk4", []), ("wgan", "simgd", ["--h-d", "0.2"])):
            grid = ["--game", game, "--method", method, *extra, "--steps", "150", "--theta", "0.5", "--psi", "0.5",
                    "--h", "0.1", "--grid", "theta0=-2:2:7", "--grid", "psi0=-1.5:1.5:5", "--quantity",
                    "final-distance"]
            with self.subTest(game=game, method=method), tempfile.TemporaryDirectory() as d:
                one = os.path.join(d, "one.csv")
                self.assertEqual(gandyn("sweep", *grid, "--out", one).returncode, 0)
                with open(one) as f:
                    lines = f.read().strip().split("\n")
                for line in lines[1::4]:  # every fourth cell
                    k, theta0, psi0, d_cell = line.split(",")
                    s = gandyn("simulate", "--game", game, "--method", method, *extra, "--steps", "150", "--theta",
                               theta0, "--psi", psi0, "--h", "0.1", "--every", "150")
                    self.assertEqual(s.returncode, 0, s.stderr)
                    last = [float(v) for v in s.stdout.strip().split("\n")[-1].split(",")]
                    expected = math.sqrt(sum(v * v for v in last[3:]))  # x* = 0
                    self.assertLessEqual(abs(float(d_cell) - expected), 1e-12 * max(1.0, expected))
                shards = []
                for i in range(3):
                    path = os.path.join(d, f"s{i}.csv")
                    self.assertEqual(gandyn("sweep", *grid, "--shard", f"{i}/3", "--out", path).returncode, 0)
                    shards.append(path)
                merged = os.path.join(d, "merged.csv")
                self.assertEqual(gandyn("merge", *shards, "--out", merged).returncode, 0)
                with open(one) as a, open(merged) as b:
                    self.assertEqual(a.read(), b.read())

    def test_long_csv_rows_in_order(self):
        # The CSV and the JSON are formatted in blocks of rows in parallel (docs/program.md, "Output
        # files"): 20001 cells span several blocks. Every row holds its cell number and the axis value
        # lo + (hi - lo) i / (n - 1) at 17 digits (printf's %.17g, here Python's); a shard, with
        # fewer rows than the axis has values, writes the same rows as the whole grid.
        n = 20001
        grid = ["--game", "nsgan", "--method", "simgd", "--steps", "3", "--theta", "0.5", "--psi", "0.5", "--h", "0.1",
                "--grid", f"theta0=-2:3:{n}", "--quantity", "final-distance"]
        with tempfile.TemporaryDirectory() as d:
            rows = {}
            for shard in ("0/1", "3/7"):
                path = os.path.join(d, "map.csv")
                self.assertEqual(gandyn("sweep", *grid, "--shard", shard, "--out", path).returncode, 0)
                with open(path) as f:
                    lines = f.read().split("\n")
                self.assertEqual(lines[0], "cell,theta0,final_distance")
                self.assertEqual(lines[-1], "")
                i, count = (int(v) for v in shard.split("/"))
                cells = list(range(i, n, count))
                self.assertEqual(len(lines), len(cells) + 2)
                for k, line in zip(cells, lines[1:-1]):
                    cell, theta0, _ = line.split(",")
                    self.assertEqual(cell, str(k))
                    self.assertEqual(theta0, "%.17g" % (-2.0 + (3.0 - -2.0) * k / (n - 1)))
                    if shard == "0/1":
                        rows[k] = line
                    else:
                        self.assertEqual(line, rows[k])
            for k in (0, 8191, 8192, 16384, n - 1):
                theta0 = rows[k].split(",")[1]
                s = gandyn("simulate", "--game", "nsgan", "--method", "simgd", "--steps", "3", "--theta", theta0,
                           "--psi", "0.5", "--h", "0.1", "--every", "3")
                last = [float(v) for v in s.stdout.strip().split("\n")[-1].split(",")]
                expected = math.sqrt(sum(v * v for v in last[3:]))  # x* = 0
                self.assertLessEqual(abs(float(rows[k].split(",")[2]) - expected), 1e-12 * max(1.0, expected))
            # The JSON's cells, written in blocks too, hold the same numbers in the same order.
            path = os.path.join(d, "map.json")
            self.assertEqual(gandyn("sweep", *grid, "--format", "json", "--out", path).returncode, 0)
            with open(path) as f:
                cells = json.load(f)["cells"]
            self.assertEqual(cells, [[int(c), float(t), float(v)] for c, t, v in
                                     (rows[k].split(",") for k in range(n))])

    def test_basin_maps_in_lanes(self):
        # basin at n = 1 runs in lanes too (analysis/basin_lanes.hpp). The wgan flow is
        # theta' = psi, psi' = -theta (f' = 1; Mescheder et al. 2018, section 2.2): circles of
        # period 2 pi about 0, at rest at 0 itself; inside the clip |psi| <= 1 nothing is projected.
        grid = ["--game", "wgan", "--method", "rk4", "--h", "0.05", "--steps", "1000", "--theta", "0", "--psi", "0",
                "--grid", "theta0=-0.8:0.8:5", "--grid", "psi0=-0.6:0.6:7", "--quantity", "basin", "--format", "json"]
        p = gandyn("sweep", *grid)
        self.assertEqual(p.returncode, 0, p.stderr)
        for k, theta0, psi0, label, distance, period in json.loads(p.stdout)["cells"]:
            radius = math.hypot(theta0, psi0)
            if radius == 0:
                self.assertEqual((label, distance, period), ("converged", 0.0, None))
                continue
            self.assertEqual(label, "cycle", k)
            self.assertAlmostEqual(period, 2 * math.pi, delta=1e-4)  # Poincare return, O(h^2)
            self.assertAlmostEqual(distance, radius, delta=1e-5 * radius)  # RK4: O(h^4) per unit time
        # gan-r1 converges from everywhere (Mescheder et al. 2018, Theorem 4.1); simgd on gan
        # spirals out (section 2.2) past a bound of 2.5.
        for game, h, bound, expected in (("gan-r1", "0.1", "1e10", "converged"), ("gan", "0.5", "2.5", "diverged")):
            p = gandyn("sweep", "--game", game, "--method", "simgd", "--h", h, "--steps", "1000", "--bound", bound,
                       "--theta", "1", "--psi", "1", "--grid", "theta0=0.5:2:4", "--grid", "psi0=0.5:2:3",
                       "--quantity", "basin")
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertEqual({l.split(",")[3] for l in p.stdout.strip().split("\n")[1:]}, {expected}, game)
        # Shards (other lanes, other padding) give the whole map's cells exactly; this map holds
        # converged, diverged and undecided cells.
        with tempfile.TemporaryDirectory() as d:
            grid = ["--game", "nsgan", "--method", "altgd", "--h", "2.5", "--steps", "600", "--bound", "20", "--theta", "1", "--psi", "1", "--grid", "theta0=-2:2:7", "--grid", "psi0=-1.5:1.5:5", "--quantity", "basin",
                    "--format", "json"]
            one = os.path.join(d, "one.json")
            self.assertEqual(gandyn("sweep", *grid, "--out", one).returncode, 0)
            shards = [os.path.join(d, f"s{i}.json") for i in range(3)]
            for i, path in enumerate(shards):
                self.assertEqual(gandyn("sweep", *grid, "--shard", f"{i}/3", "--out", path).returncode, 0)
            merged = os.path.join(d, "merged.json")
            self.assertEqual(gandyn("merge", *shards, "--out", merged).returncode, 0)
            with open(one) as a, open(merged) as b:
                self.assertEqual(a.read(), b.read())


BAD = [
    ("analyze", ["--game", "dcgan", "--method", "flow"], "dcgan"),
    ("analyze", ["--game", "gan", "--method", "rk4", "--h", "0.1"], "--method"),
    ("analyze", ["--game", "gan", "--method", "flow", "--dim", "0"], "--dim"),
    ("analyze", ["--game", "gan", "--method", "simgd", "--h", "nan"], "--h"),
    ("analyze", ["--game", "gan", "--method", "simgd"], "--h"),
    ("analyze", ["--game", "gan", "--method", "momentum", "--h", "0.1", "--beta", "1"], "--beta"),
    ("analyze", ["--game", "gan", "--method", "flow", "--theta", "1"], "--psi"),
    ("analyze", ["--game", "gan", "--method", "flow", "--format", "yaml"], "--format"),
    ("sweep", ["--game", "gan", "--method", "flow", "--grid", "gamma=0:1", "--quantity", "verdict"], "--grid"),
    ("sweep", ["--game", "gan", "--method", "flow", "--grid", "gamma=a:1:3", "--quantity", "verdict"], "--grid"),
    ("sweep", ["--game", "gan", "--method", "flow", "--grid", "foo=0:1:3", "--quantity", "verdict"], "foo"),
    ("sweep", ["--game", "gan", "--method", "flow", "--grid", "gamma=0:1:0", "--quantity", "verdict"], "--grid"),
    ("sweep", ["--game", "gan-r1", "--method", "flow", "--grid", "gamma=-1:1:3", "--quantity", "verdict"], "--gamma"),
    ("sweep", ["--game", "gan-r1", "--method", "flow", "--grid", "gamma=0:1:3", "--quantity", "norm"], "--quantity"),
    ("sweep", ["--game", "gan-r1", "--method", "flow", "--grid", "gamma=0:1:3", "--quantity", "verdict",
               "--shard", "3/3"], "--shard"),
    ("sweep", ["--game", "gan-r1", "--method", "flow", "--grid", "gamma=0:1:3", "--quantity", "verdict",
               "--shard", "x"], "--shard"),
    ("sweep", ["--game", "gan-r1", "--method", "flow", "--grid", "gamma=0:1:3", "--quantity", "verdict",
               "--threads", "0"], "--threads"),
]


class BadInput(unittest.TestCase):
    def test_one_line_exit_2_no_file(self):
        for command, args, named in BAD:
            with self.subTest(args=args), tempfile.TemporaryDirectory() as d:
                p = gandyn(command, *args, "--out", os.path.join(d, "out"))
                self.assertEqual(p.returncode, 2, p.stderr)
                self.assertEqual(len(p.stderr.strip().split("\n")), 1, p.stderr)
                self.assertIn(named, p.stderr)
                self.assertEqual(os.listdir(d), [])


if __name__ == "__main__":
    unittest.main()
