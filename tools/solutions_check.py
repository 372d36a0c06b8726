#!/usr/bin/env python3
"""tools/solutions_check.py: proves every exercise of a chapter is real and that its solution
breaks nothing (make chN-solutions-check; the chNN.solutions_check tests of make test).

For each solutions/<stage>/<exercise>/ (holding solution.patch, `test`: the CTest name of the
exercise's test, and `targets`: the build targets that test needs), the check first looks at
the tree it runs in:

- solution.patch applies: the usual case (the course's own tree, or a student who has not
  solved it). Then
    1. the exercise's test FAILS in the tree's build (BUILD): it tests something;
    2. in a copy of the tree with the patch applied, built once, the exercise's test PASSES,
    3. and so do the tests of the exercise's stage label and of every later stage's label
       (see "What runs" below): a solution that breaks another test is caught here.
- solution.patch applies in reverse: the solution is already in this tree (a student applied
  or wrote it). The check says so and proves the rest the other way round: the exercise's test
  PASSES in BUILD, and in a copy with the patch taken out it FAILS. The stage labels of the
  solved tree are make test's own tests, run on BUILD by make test itself.
- neither: the files the patch touches were edited. If the exercise's test passes in BUILD,
  the student solved it in a way of their own; the check says so and passes. If it fails:
  in a student's lab tree (make chN-lab), where the patch changes a file holding lab regions
  the student writes, the patch cannot apply to the student's code, and the exercise is simply
  not solved yet: the check says so and exits with SKIPPED (77), which CTest reports as a
  skipped test, not a passed one. Anywhere else (the course's own tree: a stale patch) the
  check fails: it can prove nothing about this exercise.

What runs on a patched copy. Every test whose labels include chNN for the exercise's stage or
a later one (--scope later, the default: make chN-solutions-check and make check-all), or for
the exercise's stage only (--scope stage: the chNN.solutions_check tests of make test, which
keeps make test within its time; a solution that breaks a later stage is caught by make
check-all); the environment variable AX_SOLUTIONS_SCOPE, when set, overrides --scope. Except:
  - chNN.solutions_check (this check: it would recurse);
  - chNN.net.* (QEMU network tests with host peers: ch03's exchanges 10,000 datagrams each way
    and takes half a minute or more alone; the boot tests of the same kernels still run, and
    with them ARP and ping through QEMU's network);
  - chNN.gdb.* and chNN.harness.* (they test the course's tools, GDB and the test harness, not
    the kernel a solution changes, and each waits on timeouts);
  - exercise tests of other exercises (label chNN-exercise: they fail until solved).
Host tests, in-guest tests (ktest) and boot tests all run, except those whose every file in
the copy (the test program or the kernel it boots, and its script), and the copy's tools/, are
byte-identical to this tree's: they would run the same bytes that make test runs on BUILD, and
the copy shares BUILD's compiled objects (ccache, below), so a solution that leaves a program
alone leaves it bit for bit. A solution to a minnet exercise thus reruns the tests of the
kernels and programs that link minnet, not chapter 1's.

Time. One copy and one build per exercise, of only the targets the chosen tests run (their
programs and kernels, read from their CTest command lines). The copy's build shares compiled objects with
BUILD through ccache when it is installed (make setup installs it; CMakeLists.txt routes the
compilers through it with a base directory, so identical sources hit the cache whatever the
tree's path): a patched build then compiles only what the patch changes, and links. Without
ccache each copy is a full build (several minutes).

The exercise's own test command line is read from CTest (--show-only=json-v1) and run
directly, so this check can itself run as a CTest test. Exit status 0 only if every exercise
passes."""
import argparse
import filecmp
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lab  # noqa: E402  (the lab regions: tools/lab.py)

SKIPPED = 77  # the exit status CTest reads as "skipped" (SKIP_RETURN_CODE, cmake/tests.cmake)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Tests not run on a patched copy (see the docstring for why).
SKIP = re.compile(r"\.solutions_check$|\.net\.|\.gdb\.|\.harness\.")


def ctest_tests(build):
    """Every test of a build: {name: (command, working directory, labels)}. CTest is asked from
    a scratch directory that includes the build's test list: asked in the build itself, it would
    overwrite the log of the make test that runs this check (Testing/Temporary/LastTest.log)."""
    with tempfile.TemporaryDirectory() as scratch:
        with open(os.path.join(scratch, "CTestTestfile.cmake"), "w") as f:
            f.write('subdirs("%s")\n' % build)
        out = subprocess.run(["ctest", "--test-dir", scratch, "--show-only=json-v1"],
                             check=True, capture_output=True, text=True).stdout
    tests = {}
    for t in json.loads(out).get("tests", []):
        props = {p["name"]: p["value"] for p in t.get("properties", [])}
        tests[t["name"]] = (t.get("command"), props.get("WORKING_DIRECTORY", build),
                            props.get("LABELS", []))
    return tests


def failure_output(log, entry, most=12):
    """What a failed test printed, out of a `ctest --output-on-failure` log holding many tests'
    outputs: the lines after its ***Failed line up to the next test's. `entry` is a line of
    CTest's closing list ("140 - ch06.app.http.igb (Failed)"). The last `most` lines are kept:
    a harness ends with what went wrong."""
    m = re.match(r"\s*\d+ - (\S+)", entry)
    if not m:
        return []
    out, inside = [], False
    with open(log, errors="replace") as f:
        for l in f:
            status = re.match(r"\s*\d+/\d+ Test\s+#\d+: (\S+) ", l)
            if status or re.match(r"\s+Start\s+\d+: |\d+% tests passed", l):
                inside = bool(status) and status.group(1) == m.group(1) and "Passed" not in l
                continue
            if inside and l.strip():
                out.append(l.rstrip()[:200])
    return out[-most:]


def run_test(tests, name, log):
    """Runs one test by its CTest command line; True if it passes."""
    if name not in tests:
        raise SystemExit("solutions: test %s not found" % name)
    cmd, cwd, _ = tests[name]
    with open(log, "w") as f:
        try:
            r = subprocess.run(cmd, cwd=cwd, stdout=f, stderr=subprocess.STDOUT, timeout=300)
        except subprocess.TimeoutExpired:
            f.write("\nsolutions: timed out after 300 s\n")
            return False
    return r.returncode == 0


def patch_applies(tree, patch, reverse):
    cmd = ["patch", "-p1", "--dry-run", "--batch", "--silent", "-f", "-i", patch]
    cmd.insert(1, "--reverse" if reverse else "--forward")
    return subprocess.run(cmd, cwd=tree, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode == 0


def cache_settings(build):
    """The pristine build's CMake cache entries a copy must share (build type, log level)."""
    keep = {}
    try:
        for line in open(os.path.join(build, "CMakeCache.txt")):
            m = re.match(r"(CMAKE_BUILD_TYPE|AX_LOG_LEVEL):\w+=(.*)$", line.strip())
            if m:
                keep[m.group(1)] = m.group(2)
    except OSError:
        pass
    return ["-D%s=%s" % kv for kv in sorted(keep.items())]


def stage_labels(tests, stage, scope):
    """The labels chNN of this stage and (scope "later") every later one that the build has."""
    n = int(stage[2:4])
    labels = set()
    for _, _, ls in tests.values():
        labels.update(l for l in ls if re.fullmatch(r"ch\d\d", l) and
                      (int(l[2:]) == n or (scope == "later" and int(l[2:]) > n)))
    return sorted(labels)


def targets_of(build, command):
    """The build targets a test command runs: its program, or the kernel it boots (the CMake
    targets are named as the files, without .elf)."""
    targets = []
    for arg in command or []:
        if arg.startswith(build + os.sep) and os.path.isfile(arg) and os.access(arg, os.X_OK):
            name = os.path.basename(arg)
            targets.append(name[:-4] if name.endswith(".elf") else name)
    return targets


def same_files(a, b):
    try:
        return filecmp.cmp(a, b, shallow=False)
    except OSError:
        return False


def tools_unchanged(tree):
    """Whether the copy's tools/ (the harness and the scripts every test runs) is this tree's."""
    for d, _, files in os.walk(os.path.join(tree, "tools")):
        for f in files:
            if f.endswith(".pyc"):
                continue
            copy = os.path.join(d, f)
            if not same_files(copy, os.path.join(ROOT, os.path.relpath(copy, tree))):
                return False
    return True


def same_program(build, tree, copy_build, command):
    """Whether every file a test command names in the copy (its program, the kernel it boots,
    its script) is byte-identical to its counterpart in this tree. Such a test would run the
    very same bytes that this tree's make test runs: there is nothing new to learn from it."""
    compared = 0
    for arg in command or []:
        if not os.path.isfile(arg):
            continue
        if arg.startswith(copy_build + os.sep):
            twin = os.path.join(build, os.path.relpath(arg, copy_build))
        elif arg.startswith(tree + os.sep):
            twin = os.path.join(ROOT, os.path.relpath(arg, tree))
        else:
            continue  # python3, qemu: the same program on both sides
        if not same_files(arg, twin):
            return False
        compared += 1
    return compared > 0


def make_copy(build, work, patch, reverse, targets, log):
    """A copy of the tree with the patch applied (or taken out), configured and built. Returns
    the copy's build directory, or a problem."""
    tree = os.path.join(work, "tree")
    shutil.rmtree(tree, ignore_errors=True)
    shutil.copytree(ROOT, tree, symlinks=True, ignore=shutil.ignore_patterns(
        "build", "build-*", ".git", "__pycache__", "compile_commands.json"))
    copy_build = os.path.join(tree, "build")
    steps = [["patch", "-p1", "--batch", "--reverse" if reverse else "--forward", "-i", patch],
             ["cmake", "-S", tree, "-B", copy_build, "-G", "Ninja"] + cache_settings(build),
             ["cmake", "--build", copy_build] + (["--target"] + targets if targets else [])]
    with open(log, "w") as f:
        for step in steps:
            if subprocess.run(step, cwd=tree, stdout=f, stderr=subprocess.STDOUT).returncode:
                return None, "'%s' failed (log: %s)" % (" ".join(step[:4]), log)
    return copy_build, None


def lab_regions_touched(patch):
    """The lab regions in the files solution.patch changes, when this tree is a student's lab
    tree: one of those regions is still a stub, or the history holds the commit that
    make chN-lab makes. Empty in the course's own tree, whose regions hold the reference."""
    with open(patch) as f:
        files = {l[6:].split("\t")[0].strip() for l in f if l.startswith("+++ b/")}
    stages = [n for n in range(1, 100) if lab.has_stage(n)]
    regions = [r for r in lab.scan(ROOT, stages).values() if r.path in files]
    if not regions:
        return []
    made = subprocess.run(["git", "log", "--format=%s", "--grep=^lab ch[0-9][0-9]: the student"],
                          cwd=ROOT, capture_output=True, text=True).stdout.strip()
    if made or any(lab.is_stub(ROOT, r) for r in regions):
        return ["%s (%s)" % (r.id, r.path) for r in regions]
    return []


def check(build, pristine, stage, exercise, work, jobs, scope):
    d = os.path.join(ROOT, "solutions", stage, exercise)
    name = open(os.path.join(d, "test")).read().strip()
    targets = open(os.path.join(d, "targets")).read().split()
    patch = os.path.join(d, "solution.patch")
    logs = os.path.join(work, exercise)
    os.makedirs(logs, exist_ok=True)
    log = lambda f: os.path.join(logs, f)
    problems, notes = [], []
    passes_here = run_test(pristine, name, log("this-tree.log"))

    if patch_applies(ROOT, patch, reverse=False):
        if passes_here:
            problems.append("its test %s PASSES without the solution: it tests nothing" % name)
            return name, problems, notes
        # The tests to run, chosen in this tree's build (the copy's Catch2 tests are only
        # listed once their programs are built), and the targets they need: only those are
        # built in the copy.
        labels = stage_labels(pristine, stage, scope)
        chosen = sorted(t for t, (_, _, ls) in pristine.items()
                        if set(ls) & set(labels) and not SKIP.search(t))
        skipped = sorted(t for t, (_, _, ls) in pristine.items()
                         if set(ls) & set(labels) and SKIP.search(t))
        needed = set(targets)
        for t in chosen:
            needed.update(targets_of(build, pristine[t][0]))
        copy_build, problem = make_copy(build, logs, patch, False, sorted(needed),
                                        log("build.log"))
        if problem:
            return name, [problem], notes
        copy = ctest_tests(copy_build)
        if not run_test(copy, name, log("solved.log")):
            problems.append("its test %s FAILS with the solution (log: %s)"
                            % (name, log("solved.log")))
        missing = [t for t in chosen if t not in copy]
        if missing:
            problems.append("tests missing from the patched build: %s" % ", ".join(missing))
        tree = os.path.dirname(copy_build)
        identical = []
        if tools_unchanged(tree):
            identical = [t for t in chosen if t in copy and
                         same_program(build, tree, copy_build, copy[t][0])]
        chosen = [t for t in chosen if t not in identical]
        regex = "^(%s)$" % "|".join(re.escape(t) for t in chosen) if chosen else "^$"
        with open(log("labels.log"), "w") as f:
            r = subprocess.run(["ctest", "--test-dir", copy_build, "-j", str(jobs),
                                "--output-on-failure", "-R", regex],
                               stdout=f, stderr=subprocess.STDOUT)
        if r.returncode:
            failed = [l.strip() for l in open(log("labels.log"))
                      if re.match(r"\s*\d+ - ", l)]  # CTest's list of the failed tests
            problems.append("with the solution, tests of %s fail (log: %s):\n      %s"
                            % ("/".join(labels), log("labels.log"), "\n      ".join(
                                l + "".join("\n        | " + x for x in
                                            failure_output(log("labels.log"), l))
                                for l in failed[:12])))
        notes.append("with it, %d tests of %s ran; %d more run byte-identical programs and "
                     "scripts to this tree's, which make test runs here (left out: %s)"
                     % (len(chosen), "/".join(labels), len(identical),
                        ", ".join(skipped) or "none"))
        if not problems:  # a failed copy is kept for a look
            shutil.rmtree(os.path.join(logs, "tree"), ignore_errors=True)
    elif patch_applies(ROOT, patch, reverse=True):
        notes.append("the solution is already in this tree (solution.patch applies in reverse)")
        if not passes_here:
            problems.append("its test %s FAILS in this tree, which holds the solution (log: %s)"
                            % (name, log("this-tree.log")))
        copy_build, problem = make_copy(build, logs, patch, True, targets, log("build.log"))
        if problem:
            return name, problems + [problem], notes
        if run_test(ctest_tests(copy_build), name, log("unsolved.log")):
            problems.append("its test %s PASSES with the solution taken out: it tests nothing"
                            % name)
        notes.append("without it, %s fails; this tree's own tests are make test's" % name)
        if not problems:
            shutil.rmtree(os.path.join(logs, "tree"), ignore_errors=True)
    elif passes_here:
        notes.append("solved in this tree in a way of its own (solution.patch does not apply): "
                     "%s passes" % name)
    elif (met := lab_regions_touched(patch)):
        notes.append("not checked in this lab tree: solution.patch changes the files of lab "
                     "region(s) %s, which you write, so it cannot apply to your code; and %s "
                     "fails here: the exercise is not solved yet (solve it in your own code and "
                     "this check passes). The course's own tree checks the solution itself."
                     % (", ".join(met), name))
        return name, problems, notes + [SKIPPED]
    else:
        problems.append("solution.patch applies neither forward nor in reverse (the files it "
                        "changes were edited), and %s fails here" % name)
    return name, problems, notes


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True, help="the build directory of this tree")
    ap.add_argument("--stage", required=True, help="e.g. ch01-boot")
    ap.add_argument("--jobs", type=int, default=2, help="tests run at once on a patched copy")
    ap.add_argument("--scope", choices=["stage", "later"], default="later",
                    help="run the tests of the exercise's stage only, or of later stages too "
                    "(AX_SOLUTIONS_SCOPE overrides)")
    a = ap.parse_args()
    scope = os.environ.get("AX_SOLUTIONS_SCOPE") or a.scope
    if scope not in ("stage", "later"):
        sys.exit("solutions: AX_SOLUTIONS_SCOPE must be stage or later, not %r" % scope)
    build = os.path.abspath(a.build)
    stage_dir = os.path.join(ROOT, "solutions", a.stage)
    exercises = sorted(e for e in os.listdir(stage_dir)
                       if os.path.isfile(os.path.join(stage_dir, e, "solution.patch")))
    if not exercises:
        sys.exit("solutions: no exercises under %s" % stage_dir)
    work = os.path.join(build, "solutions-check", a.stage)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    pristine = ctest_tests(build)
    failed = skipped = 0
    for e in exercises:
        start = time.monotonic()
        name, problems, notes = check(build, pristine, a.stage, e, work, a.jobs, scope)
        took = time.monotonic() - start
        skip = SKIPPED in notes
        for n in notes:
            if n != SKIPPED:
                print("solutions: %s/%s: %s" % (a.stage, e, n))
        if problems:
            failed += 1
            print("solutions: %s/%s: FAIL (%.0f s)\n  - %s"
                  % (a.stage, e, took, "\n  - ".join(problems)))
        elif skip:
            skipped += 1
            print("solutions: %s/%s: SKIPPED (%.0f s): %s" % (a.stage, e, took, name))
        else:
            print("solutions: %s/%s: ok (%.0f s): %s" % (a.stage, e, took, name))
    print("solutions: %d passed, %d failed, %d skipped"
          % (len(exercises) - failed - skipped, failed, skipped))
    return 1 if failed else SKIPPED if skipped else 0


if __name__ == "__main__":
    sys.exit(main())
