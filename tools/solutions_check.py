#!/usr/bin/env python3
"""tools/solutions_check.py: proves every exercise of a chapter is real (make chN-solutions-check).

For each solutions/<stage>/<exercise>/ (holding solution.patch, `test`: the CTest name of the
exercise's test, and `targets`: the build targets that test needs):
  1. the test FAILS in the pristine build (BUILD), and
  2. in a copy of the source tree with solution.patch applied, after building the targets,
     the same test PASSES.
The test's command line is read from CTest (--show-only=json-v1) and run directly, so this
check can itself run as a CTest test. Exit status 0 only if every exercise passes both."""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_command(build, name):
    out = subprocess.run(["ctest", "--test-dir", build, "--show-only=json-v1", "-R",
                          "^%s$" % name.replace(".", r"\.")],
                         check=True, capture_output=True, text=True).stdout
    tests = json.loads(out).get("tests", [])
    if len(tests) != 1:
        raise SystemExit("solutions: test %s not found in %s" % (name, build))
    t = tests[0]
    cwd = next((p["value"] for p in t.get("properties", []) if p["name"] == "WORKING_DIRECTORY"),
               build)
    return t["command"], cwd


def run_test(build, name, log):
    cmd, cwd = test_command(build, name)
    with open(log, "w") as f:
        r = subprocess.run(cmd, cwd=cwd, stdout=f, stderr=subprocess.STDOUT, timeout=300)
    return r.returncode == 0


def check(build, stage_dir, exercise, work):
    d = os.path.join(stage_dir, exercise)
    name = open(os.path.join(d, "test")).read().strip()
    targets = open(os.path.join(d, "targets")).read().split()
    logs = os.path.join(work, exercise)
    os.makedirs(logs, exist_ok=True)
    problems = []

    if run_test(build, name, os.path.join(logs, "pristine.log")):
        problems.append("its test %s PASSES without the solution: it tests nothing" % name)

    tree = os.path.join(work, exercise, "tree")
    shutil.copytree(ROOT, tree, ignore=shutil.ignore_patterns(
        "build", "build-*", ".git", "__pycache__", "compile_commands.json"), symlinks=True)
    patch = os.path.join(d, "solution.patch")
    with open(os.path.join(logs, "build.log"), "w") as f:
        steps = [["patch", "-p1", "--forward", "--batch", "-i", patch],
                 ["cmake", "-S", tree, "-B", os.path.join(tree, "build"), "-G", "Ninja"],
                 ["cmake", "--build", os.path.join(tree, "build"), "--target"] + targets]
        for step in steps:
            if subprocess.run(step, cwd=tree, stdout=f, stderr=subprocess.STDOUT).returncode:
                problems.append("'%s' failed (log: %s)" % (" ".join(step[:3]), f.name))
                break
    if not problems and not run_test(os.path.join(tree, "build"), name,
                                     os.path.join(logs, "solved.log")):
        problems.append("its test %s FAILS with the solution (log: %s)"
                        % (name, os.path.join(logs, "solved.log")))
    shutil.rmtree(tree, ignore_errors=True)
    return name, problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True, help="the pristine build directory")
    ap.add_argument("--stage", required=True, help="e.g. ch01-boot")
    a = ap.parse_args()
    build = os.path.abspath(a.build)
    stage_dir = os.path.join(ROOT, "solutions", a.stage)
    exercises = sorted(e for e in os.listdir(stage_dir)
                       if os.path.isfile(os.path.join(stage_dir, e, "solution.patch")))
    if not exercises:
        sys.exit("solutions: no exercises under %s" % stage_dir)
    work = os.path.join(build, "solutions-check", a.stage)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    failed = 0
    for e in exercises:
        name, problems = check(build, stage_dir, e, work)
        if problems:
            failed += 1
            print("solutions: %s/%s: FAIL\n  - %s" % (a.stage, e, "\n  - ".join(problems)))
        else:
            print("solutions: %s/%s: ok (%s fails without the solution, passes with it)"
                  % (a.stage, e, name))
    print("solutions: %d passed, %d failed" % (len(exercises) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
