#!/usr/bin/env python3
"""tools/harness.py: boots a kernel under QEMU and judges the run (the boot-test harness).

A run passes only if QEMU exits with the kernel's success code (isa-debug-exit) (or, with
--expect-exit failure, with its failure code: for kernels that must panic), within the
timeout, and the serial output matches every --expect and no --reject regular expression.
An argument of --append that the kernel reports as unknown (no module declares it:
axruntime/cmdline_args.h) fails the run too, unless an --expect asks for that report.
A reset, a hang, a panic or a missing line fails. The serial log is kept (--log) and its path
printed on failure. Exit status: 0 pass, 1 fail, 2 timeout.

  harness.py --kernel build/ch01-boot/ch01-kernel.elf --log out.log --expect 'main returned 0'
"""
import argparse
import os
import re
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import axqemu  # noqa: E402

MAIN_LINE = re.compile(r"calling main\(\)")
UNKNOWN_ARG = "unknown kernel argument"  # axruntime's warning at boot
KTEST_CHECK = re.compile(r"check failed at (\S+)")          # ktest: a failed KEXPECT
KTEST_FAILED = re.compile(r"\[ktest\] (\S+) \.\.\. FAILED")  # ktest: a failed case


def failed_cases(texts):
    """One line per failed in-guest case, with its first failed check: 'in-guest case
    axhal.timer_interrupts_arrive failed: check failed at axhal_ktest.cpp:62: took < ...'."""
    out, first_check = [], None
    for text in texts:
        if first_check is None and KTEST_CHECK.search(text):
            first_check = text[KTEST_CHECK.search(text).start():].strip()
        m = KTEST_FAILED.search(text)
        if m:
            out.append("in-guest case %s failed: %s" % (m.group(1), first_check or text.strip()))
            first_check = None
        elif "... ok (" in text:
            first_check = None
    return out


def run(args):
    os.makedirs(os.path.dirname(os.path.abspath(args.log)), exist_ok=True)
    cmd = axqemu.qemu_command(args.kernel, append=args.append, extra=args.qemu_arg,
                              stage=args.stage)
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL)
    lines = []       # (seconds since QEMU start, text)
    def reader():
        for raw in proc.stdout:
            lines.append((time.monotonic() - start, raw.decode("utf-8", "replace").rstrip("\r\n")))
    t = threading.Thread(target=reader, daemon=True)
    t.start()
    timed_out = False
    try:
        code = proc.wait(timeout=args.timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        proc.kill()
        code = proc.wait()
    t.join(timeout=5)
    elapsed = time.monotonic() - start

    with open(args.log, "w") as f:
        f.write("# %s\n" % " ".join(cmd))
        for ts, text in lines:
            f.write("[%9.3f ms] %s\n" % (ts * 1000, text))

    problems = []
    if timed_out:
        problems.append("timed out after %g s: the kernel did not exit (hang?)" % args.timeout)
    elif args.expect_exit == "failure" and code != axqemu.FAILURE_EXIT:
        problems.append("QEMU exit status %d (%s); expected the kernel's failure status %d"
                        % (code, axqemu.explain_exit(code), axqemu.FAILURE_EXIT))
    elif args.expect_exit == "success" and code != axqemu.SUCCESS_EXIT:
        problems.append("QEMU exit status %d: %s" % (code, axqemu.explain_exit(code)))
    texts = [text for _, text in lines]
    cases = failed_cases(texts)
    problems += cases[:3] + (["and %d more failed cases" % (len(cases) - 3)] if len(cases) > 3 else [])
    for pattern in args.expect:
        if not any(re.search(pattern, text) for text in texts):
            problems.append("expected output not found: /%s/" % pattern)
    rejects = list(args.reject)
    if not any(UNKNOWN_ARG in pattern for pattern in args.expect):
        rejects.append(UNKNOWN_ARG)
    for pattern in rejects:
        bad = [text for text in texts if re.search(pattern, text)]
        if bad:
            problems.append("rejected output found: /%s/ in %r" % (pattern, bad[0]))

    name = os.path.basename(args.kernel)
    main_at = next((ts for ts, text in lines if MAIN_LINE.search(text)), None)
    timing = "QEMU ran %.0f ms" % (elapsed * 1000)
    if main_at is not None:
        timing += "; QEMU start to main(): %.1f ms" % (main_at * 1000)
    if not problems:
        print("harness: PASS %s (%s)" % (name, timing))
        return 0
    print("harness: FAIL %s (%s)" % (name, timing))
    for p in problems:
        print("  - " + p)
    print("  serial log: %s" % os.path.abspath(args.log))
    print("  last lines:")
    for text in texts[-15:]:
        print("    | " + text)
    return 2 if timed_out else 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kernel", required=True, help="kernel ELF image")
    ap.add_argument("--log", required=True, help="where to keep the serial log")
    ap.add_argument("--timeout", type=float, default=30, help="seconds before the run is a hang")
    ap.add_argument("--append", default="", help="kernel command line")
    ap.add_argument("--stage", help="add this stage's devices (tools/axqemu.py STAGE_DEVICES)")
    ap.add_argument("--expect", action="append", default=[], help="regex a line must match")
    ap.add_argument("--reject", action="append", default=[], help="regex no line may match")
    ap.add_argument("--expect-exit", choices=["success", "failure"], default="success",
                    help="the kernel status that counts as a pass (failure: must panic)")
    ap.add_argument("--qemu-arg", action="append", default=[], help="extra QEMU argument")
    sys.exit(run(ap.parse_args()))


if __name__ == "__main__":
    main()
