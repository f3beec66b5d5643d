"""Names, help and version of the `gandyn` program (docs/program.md), standard library only.

An unknown game, method, quantity or grid parameter is bad input with the closest valid name
("did you mean"); comma lists accept spaces; `--version` prints the project's version; the
help of the program and of each subcommand lists the valid names with an example."""
import os
import re
import subprocess
import sys
import tempfile
import unittest

GANDYN = sys.argv.pop(1)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

BASES = ["gan", "nsgan", "nsgan-fm", "wgan", "wgan-norm", "wgan-gp", "wgan-div", "wgan-lp", "wgan-qc", "hinge",
         "lsgan", "bilinear", "linear-wgan-mean", "tandem", "matching-pennies"]
SIMULATED_METHODS = ["simgd", "altgd", "extragradient", "optimistic", "momentum", "adam", "rmsprop", "rk4", "dopri5"]
ANALYSED_METHODS = ["flow", "simgd", "altgd", "extragradient", "optimistic", "momentum"]
QUANTITIES = ["spectral-radius", "spectral-abscissa", "verdict", "final-distance"]
GRID_PARAMETERS = ["h", "h-d", "ng", "nd", "beta", "beta1", "beta2", "alpha", "eps", "rtol", "atol", "lambda", "c",
                   "gamma", "sigma", "consensus-gamma", "clip", "theta0", "psi0", "steps"]


def gandyn(*args):
    return subprocess.run([GANDYN, *args], capture_output=True, text=True, timeout=120)


SIMULATE = ["simulate", "--game", "gan", "--method", "simgd", "--h", "0.1", "--steps", "5", "--theta", "1", "--psi", "1"]
ANALYZE = ["analyze", "--game", "gan-r1", "--method", "simgd", "--h", "0.1"]
SWEEP = ["sweep", "--game", "gan-r1", "--method", "simgd", "--h", "0.1", "--grid", "h=0.1:1:3",
         "--quantity", "spectral-radius"]


def replaced(command, flag, value):
    out = list(command)
    out[out.index(flag) + 1] = value
    return out


class DidYouMean(unittest.TestCase):
    CASES = [
        # (command, what is named in the message, the suggestion)
        (replaced(SIMULATE, "--game", "nsgam"), "'nsgam'", "did you mean 'nsgan'?"),
        (replaced(SIMULATE, "--game", "wgan-gpp"), "'wgan-gpp'", "did you mean 'wgan-gp'?"),
        (replaced(SIMULATE, "--game", "nsgan-r2"), "'nsgan-r2'", "did you mean 'nsgan-r1'?"),
        (replaced(ANALYZE, "--game", "gan-r"), "'gan-r'", "did you mean 'gan-r1'?"),
        (replaced(SWEEP, "--game", "wgan-dvi"), "'wgan-dvi'", "did you mean 'wgan-div'?"),
        (replaced(SIMULATE, "--method", "simgdd"), "--method", "did you mean 'simgd'?"),
        (replaced(SIMULATE, "--method", "extragradiant"), "--method", "did you mean 'extragradient'?"),
        (replaced(SIMULATE, "--method", "dopri"), "--method", "did you mean 'dopri5'?"),
        (replaced(ANALYZE, "--method", "flw"), "--method", "did you mean 'flow'?"),
        (replaced(SWEEP, "--method", "altgt"), "--method", "did you mean 'altgd'?"),
        (replaced(SWEEP, "--quantity", "spectral-radiu"), "--quantity", "did you mean 'spectral-radius'?"),
        (replaced(SWEEP, "--quantity", "verdit"), "--quantity", "did you mean 'verdict'?"),
        (replaced(SWEEP, "--grid", "hh=0:1:3"), "--grid", "did you mean 'h'?"),
        (replaced(SWEEP, "--grid", "gama=0:1:3"), "--grid", "did you mean 'gamma'?"),
        (replaced(SWEEP, "--grid", "psi_0=0:1:3"), "--grid", "did you mean 'psi0'?"),
    ]

    def test_an_unknown_name_gets_the_closest_valid_one(self):
        for command, named, suggestion in self.CASES:
            with self.subTest(command=command), tempfile.TemporaryDirectory() as d:
                p = gandyn(*command, "--out", os.path.join(d, "out"))
                self.assertEqual(p.returncode, 2, p.stderr)
                self.assertEqual(len(p.stderr.strip().split("\n")), 1, p.stderr)
                self.assertIn("error:", p.stderr)
                self.assertIn(named, p.stderr)
                self.assertIn(suggestion, p.stderr)
                self.assertEqual(p.stdout, "")
                self.assertEqual(os.listdir(d), [])

    def test_another_commands_flag_is_named_as_not_applying(self):
        # --every belongs to simulate, not to sweep: no "did you mean --every?"
        p = gandyn(*SWEEP, "--every", "3")
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertEqual(p.stderr.strip(), "gandyn: error: flag --every does not apply to gandyn sweep")

    def test_a_name_far_from_every_valid_one_gets_no_guess(self):
        p = gandyn(*replaced(SIMULATE, "--game", "completely-unrelated-words"))
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertIn("unknown", p.stderr)
        self.assertEqual(len(p.stderr.strip().split("\n")), 1, p.stderr)


class CommaLists(unittest.TestCase):
    def test_spaces_around_commas_are_accepted(self):
        for tight, spaced in (
                (["--theta", "1,0.5", "--psi", "0.3,-0.8"], ["--theta", "1, 0.5", "--psi", " 0.3 , -0.8 "]),
                (["--theta", "1,0.5", "--psi", "0.3,-0.8", "--data", "0.1,0.2"],
                 ["--theta", "1 ,0.5", "--psi", "0.3,\t-0.8", "--data", "0.1, 0.2"])):
            with self.subTest(spaced=spaced):
                base = ["simulate", "--game", "nsgan", "--method", "altgd", "--h", "0.1", "--steps", "20"]
                a, b = gandyn(*base, *tight), gandyn(*base, *spaced)
                self.assertEqual(b.returncode, 0, b.stderr)
                self.assertEqual(a.stdout, b.stdout)
                self.assertTrue(b.stdout.startswith("step,t,evals,theta_0,theta_1,psi_0,psi_1\n"))
        analyze = ["analyze", "--game", "nsgan-r1", "--method", "flow"]
        a = gandyn(*analyze, "--theta", "0.5,0.2", "--psi", "0.1,0.3")
        b = gandyn(*analyze, "--theta", "0.5, 0.2", "--psi", "0.1 , 0.3")
        self.assertEqual(b.returncode, 0, b.stderr)
        self.assertEqual(a.stdout, b.stdout)

    def test_an_empty_item_is_still_bad_input(self):
        for value in ("1, ,2", "1,,2", "1,", " "):
            with self.subTest(value=value):
                p = gandyn("simulate", "--game", "gan", "--method", "simgd", "--h", "0.1", "--steps", "5",
                           "--theta", value, "--psi", "1,1,1")
                self.assertEqual(p.returncode, 2, p.stderr)
                self.assertIn("--theta", p.stderr)
                self.assertEqual(len(p.stderr.strip().split("\n")), 1, p.stderr)


class Version(unittest.TestCase):
    def test_version_is_the_project_version(self):
        with open(os.path.join(ROOT, "CMakeLists.txt")) as f:
            version = re.search(r"project\(gandyn\s+VERSION\s+([0-9.]+)", f.read()).group(1)
        p = gandyn("--version")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stdout.strip(), "gandyn " + version)


class Help(unittest.TestCase):
    def assert_lists(self, text, names, what):
        for name in names:
            self.assertRegex(text, r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", f"{what} {name!r} not listed")

    def help_of(self, *command):
        p = gandyn(*command, "--help")
        self.assertEqual(p.returncode, 0, p.stderr)
        return p.stdout

    def assert_example(self, text, command):
        examples = re.findall(r"^\s*(gandyn " + command + r" .*)$", text, re.MULTILINE)
        self.assertTrue(examples, f"no example of `gandyn {command}` in:\n{text}")
        return examples

    def test_each_subcommand_lists_its_names_with_an_example(self):
        for command, methods in (("simulate", SIMULATED_METHODS), ("analyze", ANALYSED_METHODS),
                                 ("sweep", SIMULATED_METHODS)):
            with self.subTest(command=command):
                text = self.help_of(command)
                self.assert_lists(text, BASES, "game")
                self.assert_lists(text, ["-r1", "-noise", "-consensus"], "suffix")
                self.assert_lists(text, methods, "method")
                self.assert_example(text, command)
        text = self.help_of("sweep")
        self.assert_lists(text, QUANTITIES, "quantity")
        self.assert_lists(text, GRID_PARAMETERS, "grid parameter")
        self.assert_example(self.help_of("merge"), "merge")

    def test_the_examples_in_the_help_run(self):
        for command in ("simulate", "analyze", "sweep"):
            for example in self.assert_example(self.help_of(command), command):
                with self.subTest(example=example), tempfile.TemporaryDirectory() as d:
                    argv = example.split()[1:]
                    if "--out" in argv:
                        argv[argv.index("--out") + 1] = os.path.join(d, argv[argv.index("--out") + 1])
                    if command == "sweep":  # the example's grid, made small
                        argv = [re.sub(r":\d+$", ":3", a) if "=" in a else a for a in argv]
                    p = gandyn(*argv)
                    self.assertEqual(p.returncode, 0, p.stderr)

    def test_the_program_help_lists_every_name_with_an_example(self):
        # Issue 11, item 5: `gandyn --help` lists the games, methods, quantities and grid
        # parameters, with an example.
        text = self.help_of()
        for command in ("simulate", "analyze", "sweep", "merge"):
            self.assertIn(command, text)
        self.assert_lists(text, BASES, "game")
        self.assert_lists(text, SIMULATED_METHODS + ["flow"], "method")
        self.assert_lists(text, QUANTITIES, "quantity")
        self.assert_lists(text, GRID_PARAMETERS, "grid parameter")
        self.assertRegex(text, r"(?m)^\s*gandyn (simulate|analyze|sweep) ", "no example")


if __name__ == "__main__":
    unittest.main()
