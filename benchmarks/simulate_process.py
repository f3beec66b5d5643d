#!/usr/bin/python3
"""`gandyn simulate` at n = 1 against a hand-written loop process, as whole processes (issue 14).

    benchmarks/simulate_process.py GANDYN HAND [--steps N] [--repeat R]

nsgan, simgd (h = 0.01) and rk4 (h = 0.01), 2*10^7 steps by default, only the last row written
(--every STEPS), from theta = psi = 1. Runs the program and the hand loop (hand/simulate_process.cpp,
built as hand_simulate_process) alternately R times each (default 5) and prints the medians of
their wall times and of the paired ratios, and checks that both end at the same state
(to 1e-6 relative: the orbits are long, the two compute the same map in a different order).
"""
import argparse
import statistics
import subprocess
import time


def timed(command):
    t0 = time.perf_counter()
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return time.perf_counter() - t0, [float(v) for v in out.strip().split("\n")[-1].split(",")]


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("gandyn")
    p.add_argument("hand")
    p.add_argument("--steps", type=int, default=20_000_000)
    p.add_argument("--repeat", type=int, default=5)
    a = p.parse_args()
    for method in ("simgd", "rk4"):
        program = [a.gandyn, "simulate", "--game", "nsgan", "--method", method, "--h", "0.01", "--steps",
                   str(a.steps), "--theta", "1", "--psi", "1", "--every", str(a.steps)]
        hand = [a.hand, method, str(a.steps), "0.01", "1", "1"]
        ratios, library, baseline = [], [], []
        for _ in range(a.repeat):
            t_lib, row_lib = timed(program)
            t_hand, row_hand = timed(hand)
            library.append(t_lib)
            baseline.append(t_hand)
            ratios.append(t_lib / t_hand)
            # the program's row: step, t, evals, theta, psi; the hand loop's: step, t, theta, psi
            scale = max(1.0, max(abs(v) for v in row_hand[2:]))
            assert all(abs(x - y) <= 1e-6 * scale for x, y in zip(row_lib[3:], row_hand[2:])), (row_lib, row_hand)
        print(f"simulate {method} n=1 {a.steps} steps: program {statistics.median(library):.3f} s, "
              f"hand {statistics.median(baseline):.3f} s, ratio (median of paired) {statistics.median(ratios):.3f}")


if __name__ == "__main__":
    main()
