"""Output files of the `gandyn` program (docs/program.md), with the standard library only.

`--out` is checked before any work starts (an unwritable path or a folder is bad input: one
line on stderr, exit status 2, no file), the output is written atomically (a temporary file
beside the destination, renamed onto it at the end), the file gets the umask's permissions,
and SIGINT / SIGTERM remove the temporary file."""
import os
import signal
import stat
import subprocess
import sys
import tempfile
import time
import unittest

GANDYN = sys.argv.pop(1)

# A sweep that simulates 1600 cells of 2e6 steps each on one thread: minutes of work, never
# run to the end here (each test stops it or makes it fail before it starts).
LONG_SWEEP = ["sweep", "--game", "nsgan", "--method", "simgd", "--steps", "2000000", "--theta", "1", "--psi", "1",
              "--h", "0.1", "--grid", "h=0.01:0.2:40", "--grid", "psi0=-1:1:40", "--quantity", "final-distance",
              "--threads", "1"]
# A quick one (10 cells of 100 steps) and a quick simulation.
SHORT_SWEEP = ["sweep", "--game", "gan-r1", "--method", "simgd", "--h", "0.1", "--grid", "h=0.1:1:10",
               "--quantity", "spectral-radius"]
SHORT_SIMULATION = ["simulate", "--game", "gan", "--method", "simgd", "--h", "0.1", "--steps", "10",
                    "--theta", "1", "--psi", "1"]


def gandyn(*args, umask=None, timeout=120):
    preexec = (lambda: os.umask(umask)) if umask is not None else None
    return subprocess.run([GANDYN, *args], capture_output=True, text=True, preexec_fn=preexec, timeout=timeout)


def temporaries(folder):
    return [name for name in os.listdir(folder) if ".tmp." in name]


def wait_for(predicate, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


def stop(process):
    if process.poll() is None:
        process.kill()
    process.communicate()


class CheckedBeforeWork(unittest.TestCase):
    def assert_bad_input(self, p, named):
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertEqual(len(p.stderr.strip().split("\n")), 1, p.stderr)
        self.assertIn("error:", p.stderr)
        self.assertIn(named, p.stderr)
        self.assertEqual(p.stdout, "")

    def test_an_unwritable_path_fails_at_once_and_leaves_nothing(self):
        with tempfile.TemporaryDirectory() as elsewhere:
            # How long the sweep runs: with a writable path it is still running after 3 s.
            running = subprocess.Popen([GANDYN, *LONG_SWEEP, "--out", os.path.join(elsewhere, "good.csv")],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            try:
                time.sleep(3)
                self.assertIsNone(running.poll(), "the long sweep ended within 3 s: make it longer")
            finally:
                stop(running)
        with tempfile.TemporaryDirectory() as d:
            a_file = os.path.join(d, "plain")
            with open(a_file, "w") as f:
                f.write("x")
            unwritable = [os.path.join(d, "no-such-folder", "map.csv"),  # the folder does not exist
                          os.path.join(a_file, "map.csv")]               # a file where a folder should be
            if os.geteuid() != 0:  # root writes anywhere: a read-only folder only binds others
                read_only = os.path.join(d, "read-only")
                os.mkdir(read_only, 0o555)
                unwritable.append(os.path.join(read_only, "map.csv"))
            for path in unwritable:
                with self.subTest(path=path):
                    before = sorted(os.listdir(d))
                    start = time.monotonic()
                    p = gandyn(*LONG_SWEEP, "--out", path, timeout=60)
                    elapsed = time.monotonic() - start
                    self.assert_bad_input(p, "--out")
                    self.assertLess(elapsed, 1.0)  # well under the sweep's run time (> 3 s)
                    self.assertEqual(sorted(os.listdir(d)), before)
                    self.assertFalse(os.path.exists(path))

    def test_out_naming_a_folder_is_bad_input(self):
        for command in (LONG_SWEEP, SHORT_SIMULATION, SHORT_SWEEP,
                        ["analyze", "--game", "gan-r1", "--method", "flow"]):
            with self.subTest(command=command[0]), tempfile.TemporaryDirectory() as d:
                folder = os.path.join(d, "folder")
                os.mkdir(folder)
                start = time.monotonic()
                p = gandyn(*command, "--out", folder, timeout=60)
                self.assertLess(time.monotonic() - start, 1.0)
                self.assert_bad_input(p, "--out")
                self.assertIn("folder", p.stderr)
                self.assertEqual(os.listdir(d), ["folder"])
                self.assertEqual(os.listdir(folder), [])

    def test_merge_to_a_folder_or_an_unwritable_path_is_bad_input(self):
        with tempfile.TemporaryDirectory() as d:
            shard = os.path.join(d, "shard.csv")
            self.assertEqual(gandyn(*SHORT_SWEEP, "--out", shard).returncode, 0)
            for out in (d, os.path.join(d, "missing", "merged.csv")):
                with self.subTest(out=out):
                    p = gandyn("merge", shard, "--out", out)
                    self.assert_bad_input(p, "--out")
                    self.assertEqual(os.listdir(d), ["shard.csv"])


class Atomic(unittest.TestCase):
    def test_the_destination_appears_only_when_complete(self):
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "map.csv")
            with open(out, "w") as f:
                f.write("old\n")
            running = subprocess.Popen([GANDYN, *LONG_SWEEP, "--out", out], stdout=subprocess.DEVNULL,
                                       stderr=subprocess.PIPE)
            try:
                self.assertTrue(wait_for(lambda: temporaries(d), 5), os.listdir(d))
                # while it runs: a temporary file beside the destination, the old file untouched
                time.sleep(0.5)
                self.assertIsNone(running.poll())
                self.assertEqual(len(temporaries(d)), 1)
                self.assertTrue(temporaries(d)[0].startswith("map.csv.tmp."))
                with open(out) as f:
                    self.assertEqual(f.read(), "old\n")
            finally:
                stop(running)

    def test_a_finished_run_replaces_the_file_and_leaves_no_temporary(self):
        with tempfile.TemporaryDirectory() as d:
            for command, name in ((SHORT_SWEEP, "map.csv"), (SHORT_SIMULATION, "run.csv")):
                out = os.path.join(d, name)
                with open(out, "w") as f:
                    f.write("old\n")
                p = gandyn(*command, "--out", out)
                self.assertEqual(p.returncode, 0, p.stderr)
                self.assertEqual(p.stdout, "")
                with open(out) as f:
                    written = f.read()
                self.assertEqual(written, gandyn(*command).stdout)  # the same text as on stdout
                self.assertEqual(temporaries(d), [])


class DevicesAndPipes(unittest.TestCase):
    def test_a_pipe_is_written_in_place_not_replaced(self):
        # Renaming a temporary file onto a device or a pipe would replace it (as root, --out
        # /dev/null once turned /dev/null into a regular file): such a path is written directly.
        import threading
        with tempfile.TemporaryDirectory() as folder:
            pipe = os.path.join(folder, "pipe")
            os.mkfifo(pipe)
            received = []
            reader = threading.Thread(target=lambda: received.append(open(pipe).read()))
            reader.start()
            r = gandyn(*SHORT_SIMULATION, "--out", pipe)
            reader.join(timeout=30)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertTrue(stat.S_ISFIFO(os.stat(pipe).st_mode), "the pipe was replaced by a file")
            self.assertEqual(received, [gandyn(*SHORT_SIMULATION).stdout])
            self.assertEqual(sorted(os.listdir(folder)), ["pipe"])


class Permissions(unittest.TestCase):
    def test_files_get_the_umask_permissions(self):
        for umask, mode in ((0o022, 0o644), (0o077, 0o600), (0o002, 0o664)):
            with self.subTest(umask=oct(umask)), tempfile.TemporaryDirectory() as d:
                outputs = {"sweep.csv": SHORT_SWEEP, "run.csv": SHORT_SIMULATION,
                           "analysis.json": ["analyze", "--game", "gan-r1", "--method", "flow"]}
                for name, command in outputs.items():
                    p = gandyn(*command, "--out", os.path.join(d, name), umask=umask)
                    self.assertEqual(p.returncode, 0, p.stderr)
                p = gandyn("merge", os.path.join(d, "sweep.csv"), "--out", os.path.join(d, "merged.csv"), umask=umask)
                self.assertEqual(p.returncode, 0, p.stderr)
                for name in (*outputs, "merged.csv"):
                    self.assertEqual(stat.S_IMODE(os.stat(os.path.join(d, name)).st_mode), mode, name)


class Interrupts(unittest.TestCase):
    def interrupt(self, command, sig):
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "out.csv")
            running = subprocess.Popen([GANDYN, *command, "--out", out], stdout=subprocess.PIPE,
                                       stderr=subprocess.PIPE)
            try:
                # the temporary file exists from the start (the path is checked before any work)
                self.assertTrue(wait_for(lambda: temporaries(d), 5), os.listdir(d))
                time.sleep(0.3)
                self.assertIsNone(running.poll(), "ended before the signal")
                running.send_signal(sig)
                running.communicate(timeout=10)
            finally:
                stop(running)
            self.assertNotEqual(running.returncode, 0)
            self.assertEqual(os.listdir(d), [])  # no temporary file, no output file

    def test_sigint_and_sigterm_remove_the_temporary_file(self):
        long_simulation = ["simulate", "--game", "nsgan", "--method", "simgd", "--h", "1e-6", "--steps", "1000000000",
                           "--theta", "1", "--psi", "1", "--every", "1000000000"]
        for sig in (signal.SIGINT, signal.SIGTERM):
            for command in (LONG_SWEEP, long_simulation):
                with self.subTest(signal=sig.name, command=command[0]):
                    self.interrupt(command, sig)


if __name__ == "__main__":
    unittest.main()
