#!/usr/bin/env python3
"""tools/solutions_lab_test.py: the solutions check tells a student's lab tree from the course's.

In a lab tree (make chN-lab) a solution.patch that changes a file holding lab regions cannot
apply to the student's own code; the solutions check then reports the unsolved exercise as
skipped, not failed (tools/solutions_check.py, lab_regions_touched). In the course's own tree
the same patch not applying is a stale patch, and must fail. This test takes copies of the
source tree (lab.sync_tree) and asks lab_regions_touched of every solution.patch:

  - this tree, as it is: no patch meets a lab tree (or a stale patch would pass as skipped);
  - a copy with stage 4's regions stubbed (lab.py new --here): ch04's rx-checksum patch meets
    ch04.rx;
  - a copy with the reference bodies but the commit make chN-lab makes in its git history (a
    student who wrote the regions): the same.

  solutions_lab_test.py"""
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import lab  # noqa: E402  (lab.sync_tree: the source tree without build directories or .git)
PATCH = "solutions/ch04-ixgbe/1-rx-checksum/solution.patch"
ASK = ("import glob, os, sys; sys.path.insert(0, 'tools'); import solutions_check as s; "
       "[print(p, ' '.join(s.lab_regions_touched(p)) or '-') "
       "for p in sorted(glob.glob('solutions/*/*/solution.patch'))]")


def ask(tree):
    """{patch: the lab regions it meets, as lab_regions_touched names them} in tree."""
    out = subprocess.run([sys.executable, "-c", ASK], cwd=tree, capture_output=True, text=True)
    if out.returncode:
        sys.exit("solutions_lab_test: asking %s failed:\n%s" % (tree, out.stderr))
    return dict((l.split(" ", 1) + [""])[:2] for l in out.stdout.splitlines())


def git(tree, *args):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=tree,
                   check=True, capture_output=True)


def main():
    problems = []
    # This tree: only a clean checkout of the course counts (a student's clone runs this too,
    # where make chN-lab's commit makes every patch that meets a region "a lab tree").
    ours = ask(ROOT)
    lab_commit = subprocess.run(["git", "log", "--format=%s", "--grep=^lab ch[0-9][0-9]: the "
                                 "student"], cwd=ROOT, capture_output=True, text=True).stdout
    if not lab_commit.strip():
        problems += ["this tree: %s meets %s, but this is no lab tree" % (p, r)
                     for p, r in ours.items() if r != "-"]
    with tempfile.TemporaryDirectory() as tmp:
        stubbed, written = os.path.join(tmp, "stubbed"), os.path.join(tmp, "written")
        lab.sync_tree(ROOT, stubbed)
        subprocess.run([sys.executable, "tools/lab.py", "new", "--stage", "4", "--here"],
                       cwd=stubbed, check=True, capture_output=True)
        lab.sync_tree(ROOT, written)
        git(written, "init", "-q")
        git(written, "add", "-A")
        git(written, "commit", "-q", "-m", "lab ch04: the student's tree (ch04.rx to write)")
        for tree, what in ((stubbed, "stage 4's regions stubbed"),
                           (written, "regions written, make ch4-lab's commit in history")):
            met = ask(tree).get(PATCH, "-")
            if "ch04.rx" not in met:
                problems.append("%s: %s meets %s; expected ch04.rx" % (what, PATCH, met))
    for p in problems:
        print("solutions_lab_test: FAIL: " + p)
    if not problems:
        print("solutions_lab_test: ok: %d patches meet no lab region here; in a stage 4 lab "
              "tree, stubbed or written, the rx-checksum patch meets ch04.rx" % len(ours))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
