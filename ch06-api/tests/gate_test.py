#!/usr/bin/env python3
"""ch06-api/tests/gate_test.py: the compile-time feature gate. Compiles an application that
calls ax_tcp_socket() twice with the kernel's flags: without `net` the compilation must fail
with arceos_api's message naming the feature; with AX_FEATURE_NET=1 it must succeed."""
import argparse
import subprocess
import sys

MESSAGE = ("ax_tcp_socket() belongs to arceos_api's feature `net`, which this application "
           "does not enable: add net to FEATURES in its ax_app()")
FLAGS = ["-std=c++20", "-ffreestanding", "-fno-exceptions", "-fno-rtti", "-nostdlib",
         "-mno-red-zone", "-mgeneral-regs-only", "-Wall", "-Wextra", "-Werror", "-fsyntax-only"]


def compile_(cxx, source, includes, defines):
    cmd = [cxx] + FLAGS + ["-I" + i for i in includes] + ["-D" + d for d in defines] + [source]
    return subprocess.run(cmd, capture_output=True, text=True, check=False)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cxx", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--include", action="append", default=[])
    a = ap.parse_args()
    problems = []
    off = compile_(a.cxx, a.source, a.include, [])
    if off.returncode == 0:
        problems.append("without `net`, the call to ax_tcp_socket() compiled")
    elif MESSAGE not in off.stderr:
        problems.append("without `net`, the compiler failed without the gate's message:\n"
                        + off.stderr[-2000:])
    on = compile_(a.cxx, a.source, a.include, ["AX_FEATURE_NET=1"])
    if on.returncode != 0:
        problems.append("with AX_FEATURE_NET=1 the application did not compile:\n"
                        + on.stderr[-2000:])
    if problems:
        print("gate_test: FAIL\n  - " + "\n  - ".join(problems))
        return 1
    first = next(l for l in off.stderr.splitlines() if "error" in l)
    print("gate_test: PASS: without net the compiler says:\n  " + first.strip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
