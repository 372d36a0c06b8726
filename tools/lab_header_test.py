#!/usr/bin/env python3
"""tools/lab_header_test.py: a stub in a header keeps lab.h's warning settings to itself.

<axlog/lab.h> turns off the unused-parameter, -variable and -function warnings, so that a
stubbed body still builds under -Werror. In a header those settings would otherwise reach
every file that includes it: a student's own unused variable would go unreported. This test
stubs a region of a small header with tools/lab.py itself (replace_bodies, as `make chN-lab`
does), then compiles two files with -Wall -Wextra -Werror: the header alone must build (the
stub's unused parameter is silenced), and a file that includes it and has an unused variable
of its own must fail on that variable.

  lab_header_test.py --cxx g++ --include ch01-boot/axlog/include"""
import argparse
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lab  # noqa: E402

HEADER = """#pragma once
#include <cstddef>

inline int twice(int value, std::size_t unused_size) {
    // LAB ch99.twice: double the value (chapter 99, 1.1)
    return 2 * value;
    // LAB END
}
"""
USES_IT = """#include "probe.h"
int main() { return twice(1, 0); }
"""
OWN_WARNING = """#include "probe.h"
int main() {
    int students_unused = 3;
    return twice(1, 0);
}
"""


def compile_(cxx, include, root, name, text):
    path = os.path.join(root, name)
    with open(path, "w") as f:
        f.write(text)
    return subprocess.run([cxx, "-std=c++20", "-Wall", "-Wextra", "-Werror", "-I", include,
                           "-I", root, "-fsyntax-only", path], capture_output=True, text=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cxx", default="g++")
    ap.add_argument("--include", required=True, help="axlog's include directory")
    a = ap.parse_args()
    problems = []
    with tempfile.TemporaryDirectory() as root:
        with open(os.path.join(root, "probe.h"), "w") as f:
            f.write(HEADER)
        regions = lab.parse_file(root, "probe.h")
        lab.replace_bodies(root, "probe.h", {r.id: r.stub() for r in regions})
        stubbed = open(os.path.join(root, "probe.h")).read()
        if "AX_LAB_TODO(" not in stubbed:
            problems.append("the region was not stubbed:\n" + stubbed)
        r = compile_(a.cxx, a.include, root, "uses_it.cpp", USES_IT)
        if r.returncode != 0:
            problems.append("the stubbed header does not build under -Werror:\n" + r.stderr)
        r = compile_(a.cxx, a.include, root, "own_warning.cpp", OWN_WARNING)
        if r.returncode == 0 or "students_unused" not in r.stderr:
            problems.append("an includer's own unused variable went unreported: lab.h's "
                            "settings leaked out of the header:\n" + stubbed + r.stderr)
    if problems:
        print("lab_header_test: FAIL\n  - " + "\n  - ".join(problems))
        return 1
    print("lab_header_test: PASS: the stub builds, and the includer's warning is reported")
    return 0


if __name__ == "__main__":
    sys.exit(main())
