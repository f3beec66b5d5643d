"""`gandyn simulate` through the program itself (docs/program.md, "simulate"), with the standard library only.

Numbers are checked against a hand-written simgd loop and recurrences written out here;
every bad input (docs/program.md, "Bad input and exit statuses") must give one line on stderr naming the flag, exit status 2 and
no output file."""
import json
import math
import os
import subprocess
import sys
import tempfile
import unittest

GANDYN = sys.argv.pop(1)


def run(*args):
    return subprocess.run([GANDYN, "simulate", *args], capture_output=True, text=True)


def rows(csv_text):
    lines = csv_text.strip().split("\n")
    return lines[0].split(","), [[float(v) for v in line.split(",")] for line in lines[1:]]


def sigmoid(t):
    return 1 / (1 + math.exp(-t))


class Numbers(unittest.TestCase):
    def test_simgd_on_gan_by_hand_and_every(self):
        p = run("--game", "gan", "--method", "simgd", "--h", "0.2", "--steps", "10", "--every", "3",
                "--theta", "1", "--psi", "1")
        self.assertEqual(p.returncode, 0, p.stderr)
        header, table = rows(p.stdout)
        self.assertEqual(header, ["step", "t", "evals", "theta_0", "psi_0"])
        self.assertEqual([int(r[0]) for r in table], [0, 3, 6, 9, 10])
        theta, psi, by_hand = 1.0, 1.0, {0: (1.0, 1.0)}
        for k in range(1, 11):  # v = (-f'(psi theta) psi, f'(psi theta) theta), f'(t) = sigmoid(-t)
            slope = sigmoid(-psi * theta)
            theta, psi = theta - 0.2 * slope * psi, psi + 0.2 * slope * theta
            by_hand[k] = (theta, psi)
        for r in table:
            self.assertAlmostEqual(r[1], 0.2 * r[0], places=15)
            self.assertAlmostEqual(r[3], by_hand[int(r[0])][0], places=14)
            self.assertAlmostEqual(r[4], by_hand[int(r[0])][1], places=14)

    def test_long_trajectory_rows_in_order(self):
        # The CSV is formatted in blocks of rows in parallel (docs/program.md, "Output files"): 20001
        # rows span three blocks. simgd on the bilinear game L = a theta.psi is linear,
        # x_{k+1} = [[1, -h a], [h a, 1]] x_k = r R(phi) x_k with r = sqrt(1 + h^2 a^2) and
        # tan phi = h a, so x_k = r^k R(k phi) x_0 (each coordinate pair on its own). Every number
        # is printed as printf's %.17g (here Python's), the file equals standard output.
        h, a, steps = 0.001, 1.5, 20000
        args = ["--game", "bilinear", "--coupling", str(a), "--method", "simgd", "--h", str(h), "--steps",
                str(steps), "--theta", "1,0.5", "--psi", "-0.5,2"]
        p = run(*args)
        self.assertEqual(p.returncode, 0, p.stderr)
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "run.csv")
            self.assertEqual(run(*args, "--out", path).returncode, 0)
            with open(path) as f:
                self.assertEqual(f.read(), p.stdout)
        lines = p.stdout.split("\n")
        self.assertEqual(lines[0], "step,t,evals,theta_0,theta_1,psi_0,psi_1")
        self.assertEqual(lines[-1], "")
        self.assertEqual(len(lines), steps + 3)
        r, phi = math.sqrt(1 + (h * a) ** 2), math.atan(h * a)
        for k, line in enumerate(lines[1:-1]):
            fields = line.split(",")
            self.assertEqual(fields[0], str(k))
            self.assertEqual(fields[2], str(k))  # one field evaluation a step
            for text in fields[1:]:
                self.assertEqual(text, "%.17g" % float(text))
            self.assertAlmostEqual(float(fields[1]), k * h, delta=1e-12 * max(1, k * h))
            scale, c, s = r**k, math.cos(k * phi), math.sin(k * phi)
            for i, (theta0, psi0) in enumerate(((1.0, -0.5), (0.5, 2.0))):
                theta, psi = float(fields[3 + i]), float(fields[5 + i])
                self.assertAlmostEqual(theta, scale * (c * theta0 - s * psi0), delta=1e-10)
                self.assertAlmostEqual(psi, scale * (s * theta0 + c * psi0), delta=1e-10)
        # The JSON's rows, written in blocks too, hold the same doubles (nlohmann-json's shortest
        # digits against the CSV's 17), in the same order.
        j = run(*args, "--format", "json")
        self.assertEqual(j.returncode, 0, j.stderr)
        document = json.loads(j.stdout)
        self.assertEqual(document["columns"], lines[0].split(","))
        self.assertEqual(document["rows"], [[float(v) for v in line.split(",")] for line in lines[1:-1]])
        self.assertEqual(document["ended"], {"status": "finished", "step": steps})

    def test_rules_from_the_literature_take_their_flags(self):
        # SGA with weight 0 is simgd: x += h v (docs/rules.md, "SGA"), written out by hand on gan.
        p = run("--game", "gan", "--method", "sga", "--sga-lambda", "0", "--no-align", "--h", "0.2", "--steps", "5",
                "--theta", "1", "--psi", "1")
        self.assertEqual(p.returncode, 0, p.stderr)
        _, table = rows(p.stdout)
        theta, psi = 1.0, 1.0
        for k in range(5):
            slope = sigmoid(-psi * theta)  # f'(psi theta) of the logistic loss
            theta, psi = theta - 0.2 * slope * psi, psi + 0.2 * slope * theta
        self.assertAlmostEqual(table[-1][3], theta, places=14)
        self.assertAlmostEqual(table[-1][4], psi, places=14)
        # evals: extragradient pays 2 per iteration, lookahead k times its base's.
        for flags, per_step in ((["--method", "extragradient"], 2),
                                (["--method", "lookahead", "--base", "extragradient", "--lookahead-steps", "3"], 6),
                                (["--method", "unrolled", "--unroll-steps", "4"], 5)):
            p = run("--game", "gan", *flags, "--h", "0.1", "--steps", "4", "--theta", "1", "--psi", "1")
            self.assertEqual(p.returncode, 0, p.stderr)
            _, table = rows(p.stdout)
            self.assertEqual([r[2] for r in table], [per_step * r[0] for r in table])
        # a flag of another rule is refused by name
        p = run("--game", "gan", "--method", "cgd", "--la-alpha", "0.1", "--h", "0.1", "--steps", "4",
                "--theta", "1", "--psi", "1")
        self.assertEqual(p.returncode, 2)
        self.assertIn("--la-alpha", p.stderr)

    def test_ema_columns_follow_the_recurrence(self):
        p = run("--game", "nsgan", "--method", "altgd", "--h", "0.1", "--steps", "20", "--ema", "0.9",
                "--theta", "1,0.5", "--psi", "0.3,-0.8")
        self.assertEqual(p.returncode, 0, p.stderr)
        header, table = rows(p.stdout)
        self.assertEqual(header[7:], ["ema_theta_0", "ema_theta_1", "ema_psi_0", "ema_psi_1"])
        ema = table[0][3:7]
        self.assertEqual(table[0][7:], ema)
        for r in table[1:]:
            ema = [0.9 * e + 0.1 * x for e, x in zip(ema, r[3:7])]
            for a, b in zip(r[7:], ema):
                self.assertAlmostEqual(a, b, places=14)

    def test_rk4_lands_on_t_end_and_maps_take_floor(self):
        _, table = rows(run("--game", "gan", "--method", "rk4", "--h", "0.3", "--t-end", "1",
                            "--theta", "1", "--psi", "0").stdout)
        self.assertEqual(table[-1][1], 1.0)
        self.assertEqual(len(table), 5)
        _, table = rows(run("--game", "gan", "--method", "simgd", "--h", "0.3", "--t-end", "1",
                            "--theta", "1", "--psi", "0").stdout)
        self.assertEqual(int(table[-1][0]), 3)
        # gan keeps theta^2 + psi^2 along its flow (Lemma 1); RK4 with h = 0.3 nearly so.
        _, table = rows(run("--game", "gan", "--method", "dopri5", "--h", "0.5", "--t-end", "20",
                            "--theta", "1", "--psi", "0").stdout)
        for r in table:
            self.assertAlmostEqual(r[3] ** 2 + r[4] ** 2, 1.0, places=6)

    def test_json_and_convergence(self):
        p = run("--game", "nsgan-r1", "--method", "simgd", "--h", "0.1", "--steps", "100000", "--tol", "1e-3",
                "--theta", "1", "--psi", "1", "--format", "json", "--every", "50")
        self.assertEqual(p.returncode, 0, p.stderr)
        j = json.loads(p.stdout)
        self.assertEqual(j["game"], "nsgan-r1")
        self.assertEqual(j["parameters"]["gamma"], 0.3)
        self.assertEqual(j["columns"], ["step", "t", "evals", "theta_0", "psi_0"])
        self.assertEqual(j["ended"]["status"], "converged")
        last = j["rows"][-1]
        self.assertEqual(last[0], j["ended"]["step"])
        self.assertLessEqual(math.hypot(last[3], last[4]), 1e-3)
        before = j["rows"][-2]
        self.assertGreater(math.hypot(before[3], before[4]), 1e-3)

    def test_divergence_keeps_finite_rows_and_exits_3(self):
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "run.csv")
            p = run("--game", "nsgan", "--method", "simgd", "--h", "1e200", "--steps", "50",
                    "--theta", "1", "--psi", "1", "--out", out)
            self.assertEqual(p.returncode, 3)
            self.assertIn("diverged at step", p.stderr)
            self.assertEqual(len(p.stderr.strip().split("\n")), 1)
            with open(out) as f:
                _, table = rows(f.read())
            self.assertTrue(all(math.isfinite(v) for r in table for v in r))
            self.assertEqual(os.listdir(d), ["run.csv"])

    def test_singular_start_follows_the_subgradient(self):
        p = run("--game", "wgan-norm", "--method", "simgd", "--h", "0.1", "--steps", "5",
                "--theta", "1,0", "--psi", "0,0")
        self.assertEqual(p.returncode, 0, p.stderr)
        _, table = rows(p.stdout)
        self.assertEqual(table[-1][3:], [1.0, 0.0, 0.0, 0.0])

    def test_clipping_of_the_initial_state(self):
        _, table = rows(run("--game", "wgan", "--method", "simgd", "--h", "0.1", "--steps", "1",
                            "--theta", "1", "--psi", "3").stdout)
        self.assertEqual(table[0][4], 1.0)


BAD = [
    (["--game", "dcgan"], "dcgan"),
    (["--method", "sgd"], "--method"),
    (["--bogus", "1"], "--bogus"),
    (["--h", "0"], "--h"),
    (["--h", "-1"], "--h"),
    (["--h", "nan"], "--h"),
    (["--h", "inf"], "--h"),
    (["--h", "abc"], "--h"),
    (["--h-d", "0"], "--h-d"),
    (["--steps", "-5"], "--steps"),
    (["--steps", "2.5"], "--steps"),
    (["--every", "0"], "--every"),
    (["--method", "altgd", "--nd", "0"], "--nd"),
    (["--method", "altgd", "--ng", "x"], "--ng"),
    (["--ema", "1.5"], "--ema"),
    (["--theta", "nan"], "--theta"),
    (["--psi", "1,inf"], "--psi"),
    (["--theta", "1,2"], "--theta"),
    (["--method", "momentum", "--beta", "1"], "--beta"),
    (["--method", "adam", "--beta1", "1"], "--beta1"),
    (["--method", "rmsprop", "--alpha", "-0.1"], "--alpha"),
    (["--method", "dopri5", "--rtol", "0"], "--rtol"),
    (["--beta1", "0.5"], "--beta1"),
    (["--game", "wgan", "--clip", "0"], "--clip"),
    (["--game", "wgan-gp", "--lambda", "-1"], "--lambda"),
    (["--game", "gan-noise", "--sigma", "nan"], "--sigma"),
    (["--sigma", "0.5"], "--sigma"),
    (["--data", "1,2"], "--data"),
    (["--tol", "0"], "--tol"),
    (["--bound", "-1"], "--bound"),
    (["--format", "xml"], "--format"),
    (["--t-end", "1"], "--t-end"),
    (["--out", "/nonexistent-dir/x.csv"], "--out"),
]
BASE = {"--game": "gan", "--method": "simgd", "--h": "0.1", "--steps": "5", "--theta": "1", "--psi": "1"}


class BadInput(unittest.TestCase):
    def test_each_bad_input_is_one_line_exit_2_and_no_file(self):
        for extra, named in BAD:
            with self.subTest(extra=extra), tempfile.TemporaryDirectory() as d:
                args = dict(BASE)
                flags = []
                i = 0
                while i < len(extra):
                    if extra[i] in args:
                        args[extra[i]] = extra[i + 1]
                    else:
                        flags += extra[i:i + 2]
                    i += 2
                if "--out" not in flags:
                    flags += ["--out", os.path.join(d, "out.csv")]
                argv = [a for kv in args.items() for a in kv] + flags
                p = run(*argv)
                self.assertEqual(p.returncode, 2, p.stderr)
                self.assertEqual(len(p.stderr.strip().split("\n")), 1, p.stderr)
                self.assertIn(named, p.stderr)
                self.assertEqual(os.listdir(d), [])
                self.assertEqual(p.stdout, "")

    def test_dimension_mismatch_names_both(self):
        p = run("--game", "gan", "--method", "simgd", "--h", "0.1", "--steps", "5", "--theta", "1,2", "--psi", "1")
        self.assertEqual(p.returncode, 2)
        self.assertIn("--theta", p.stderr)
        self.assertIn("--psi", p.stderr)

    def test_missing_required_flag(self):
        p = run("--game", "gan", "--method", "simgd", "--h", "0.1", "--steps", "5", "--theta", "1")
        self.assertEqual(p.returncode, 2)
        self.assertIn("--psi", p.stderr)
        self.assertEqual(len(p.stderr.strip().split("\n")), 1)


if __name__ == "__main__":
    unittest.main()
