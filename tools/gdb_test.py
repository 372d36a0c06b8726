#!/usr/bin/env python3
"""tools/gdb_test.py: proves the debugging set-up works. Starts QEMU paused with its gdbstub,
runs GDB in batch mode with the repository's .gdbinit, stops at a hardware breakpoint at main
and checks that the backtrace shows source-level function names (--expect-frame) with files
and lines. Exit status 0 on success."""
import argparse
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import axqemu  # noqa: E402
import debug  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--gdbinit", required=True)
    ap.add_argument("--expect-frame", action="append", default=[])
    args = ap.parse_args()
    port = axqemu.free_port()
    qemu = subprocess.Popen(axqemu.qemu_command(args.kernel, serial="null", gdb_port=port,
                                                paused=True), stdin=subprocess.DEVNULL)
    try:
        gdb = subprocess.run(debug.gdb_command(args.kernel, port, [
            "hbreak main", "continue", "backtrace", "ax-regs"]),
            capture_output=True, text=True, timeout=60)
    finally:
        qemu.kill()
        qemu.wait()
    out = gdb.stdout + gdb.stderr
    print(out)
    problems = []
    if not re.search(r"Breakpoint \d+, main \(\) at \S+main\.cpp:\d+", out):
        problems.append("the breakpoint at main was not hit with a source location")
    for frame in args.expect_frame:
        if not re.search(r"#\d+\s+(0x[0-9a-f]+ in )?%s \(.*\) at \S+:\d+" % re.escape(frame), out):
            problems.append("backtrace has no frame '%s' with file:line" % frame)
    if re.search(r"#\d+\s+0x[0-9a-f]+ in \?\? \(\)", out):
        problems.append("the backtrace runs past start_high into unknown frames")
    if not re.search(r"cr3\s+0x[0-9a-f]+", out):
        problems.append("the .gdbinit command ax-regs did not show cr3")
    if problems:
        print("gdb_test: FAIL\n  - " + "\n  - ".join(problems))
        return 1
    print("gdb_test: PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
