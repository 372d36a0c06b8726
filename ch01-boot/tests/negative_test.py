#!/usr/bin/env python3
"""ch01-boot/tests/negative_test.py: the harness must fail bad kernels, for the right reason.

1. The fault kernel (tests/fault_main.cpp) reads through a null pointer: the harness must
   report failure (not a timeout), QEMU's status must be the kernel's failure code, and the
   log must hold the symbolised panic report: vector 14, the fault address, registers, and a
   backtrace naming the functions on the way (read_through <- fault_here <- main).
2. The hang kernel (tests/hang_main.cpp) never exits: the harness must report a timeout
   (exit status 2) within its limit and name the log file."""
import argparse
import os
import re
import subprocess
import sys
import time


def run_harness(harness, kernel, log, timeout):
    start = time.monotonic()
    p = subprocess.run([sys.executable, harness, "--kernel", kernel, "--log", log,
                        "--timeout", str(timeout)], capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout + p.stderr, time.monotonic() - start


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--harness", required=True)
    ap.add_argument("--fault", required=True)
    ap.add_argument("--hang", required=True)
    ap.add_argument("--logdir", required=True)
    a = ap.parse_args()
    problems = []

    log = os.path.join(a.logdir, "negative-fault.log")
    code, out, _ = run_harness(a.harness, a.fault, log, 30)
    print(out)
    if code != 1:
        problems.append("fault kernel: harness exit %d, expected 1 (failure)" % code)
    if "QEMU exit status 3" not in out:
        problems.append("fault kernel: QEMU did not exit with the kernel's failure code 3")
    text = open(log).read() if os.path.exists(log) else ""
    for pattern in [r"KERNEL PANIC", r"CPU exception 14 \(page fault\), error code 0x0",
                    r"fault address \(cr2\) 0x0+: no page for read in kernel mode",
                    r"RIP 0x[0-9a-f]{16}", r"RAX 0x[0-9a-f]{16}",
                    r"#0 +0x[0-9a-f]+ in \(anonymous namespace\)::read_through",
                    r"#1 +0x[0-9a-f]+ in \(anonymous namespace\)::fault_here",
                    r"#2 +0x[0-9a-f]+ in main", r"in ax_runtime_main"]:
        if not re.search(pattern, text):
            problems.append("fault kernel: panic report lacks /%s/" % pattern)

    log = os.path.join(a.logdir, "negative-hang.log")
    code, out, took = run_harness(a.harness, a.hang, log, 3)
    print(out)
    if code != 2:
        problems.append("hang kernel: harness exit %d, expected 2 (timeout)" % code)
    if "timed out after 3 s" not in out or log not in out:
        problems.append("hang kernel: the timeout report or the log path is missing")
    if took > 20:
        problems.append("hang kernel: the harness took %.0f s to give up on a 3 s limit" % took)

    if problems:
        print("negative_test: FAIL\n  - " + "\n  - ".join(problems))
        return 1
    print("negative_test: PASS (fault reported with a symbolised panic, hang as a timeout)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
