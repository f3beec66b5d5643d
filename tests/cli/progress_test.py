"""Progress of a long sweep (docs/program.md, "sweep"), standard library only: printed on
stderr when stderr is a terminal (given here by the pty module), never otherwise, and never
on stdout or in the output file."""
import os
import pty
import subprocess
import sys
import tempfile
import unittest

GANDYN = sys.argv.pop(1)

# 1600 cells: long enough for progress, quick enough (about a second) to run to the end.
SWEEP = ["sweep", "--game", "nsgan", "--method", "simgd", "--steps", "2000", "--theta", "1", "--psi", "1",
         "--h", "0.1", "--grid", "h=0.01:0.2:40", "--grid", "psi0=-1:1:40", "--quantity", "final-distance",
         "--threads", "1"]


def run_with_terminal_stderr(args):
    """Runs gandyn with stderr on a pseudo-terminal; returns (exit status, stdout, stderr text)."""
    master, slave = pty.openpty()
    stdout = tempfile.TemporaryFile()  # a file, not a pipe: the child never waits on it
    try:
        p = subprocess.Popen([GANDYN, *args], stdin=subprocess.DEVNULL, stdout=stdout, stderr=slave)
    finally:
        os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    status = p.wait(timeout=120)
    os.close(master)
    stdout.seek(0)
    out = stdout.read()
    stdout.close()
    return status, out.decode(), b"".join(chunks).decode()


class Progress(unittest.TestCase):
    def test_a_terminal_gets_progress_on_stderr(self):
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "map.csv")
            status, stdout, stderr = run_with_terminal_stderr([*SWEEP, "--out", out])
            self.assertEqual(status, 0, stderr)
            self.assertEqual(stdout, "")
            self.assertIn("1600 / 1600", stderr)  # the final count
            self.assertRegex(stderr, r"\b\d+ / 1600\b.*\b\d+ / 1600\b")  # and counts before it
            with open(out) as f:
                text = f.read()
            self.assertEqual(len(text.strip().split("\n")), 1601)
            self.assertNotIn("/ 1600", text)

    def test_progress_does_not_go_to_stdout(self):
        status, stdout, stderr = run_with_terminal_stderr(SWEEP)
        self.assertEqual(status, 0, stderr)
        self.assertIn("1600 / 1600", stderr)
        self.assertEqual(len(stdout.strip().split("\n")), 1601)
        self.assertTrue(stdout.startswith("cell,h,psi0,final_distance\n"), stdout[:80])

    def test_no_progress_when_stderr_is_not_a_terminal(self):
        with tempfile.TemporaryDirectory() as d:
            p = subprocess.run([GANDYN, *SWEEP, "--out", os.path.join(d, "map.csv")], capture_output=True,
                               text=True, timeout=120)
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertEqual(p.stderr, "")
            self.assertEqual(p.stdout, "")


if __name__ == "__main__":
    unittest.main()
