#!/usr/bin/env python3
"""tools/handout_test.py: make handout (lab.py handout) gives a teacher the course without the
reference.

Makes the handout of chapters 1 and 2 from this clone's HEAD in a temporary folder and checks:
one commit and one branch (no history to read the reference from); every region of chapters 1
and 2 a stub, chapter 3's as HEAD has them; lab.py verify passes there. Then asks
reference_quotes, the report of files that still quote a stubbed region, about files made here:
three lines of a body in a row are found (re-indented, or as a diff's context), two are not.

  handout_test.py"""
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import lab  # noqa: E402


def run(cwd, *args):
    return subprocess.run(list(args), cwd=cwd, capture_output=True, text=True)


def head_regions(stages):
    """The regions of the given stages as HEAD holds them: id -> (region, body lines)."""
    out = {}
    for rid, r in lab.scan(ROOT, stages).items():
        text = run(ROOT, "git", "show", "HEAD:" + r.path).stdout
        found = {x.id: x for x in lab.parse_file(ROOT, r.path, text)}
        if rid in found:
            lines = text.splitlines(keepends=True)
            out[rid] = (found[rid], lines[found[rid].begin + 1:found[rid].end])
    return out


def main():
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        dest = os.path.join(tmp, "course")
        r = run(ROOT, sys.executable, "tools/lab.py", "handout", "--stage", "2", "--dest", dest)
        if r.returncode:
            sys.exit("handout_test: lab.py handout failed:\n%s%s" % (r.stdout, r.stderr))
        commits = run(dest, "git", "rev-list", "--all", "--count").stdout.strip()
        refs = run(dest, "git", "for-each-ref", "--format=%(refname)").stdout.split()
        if commits != "1" or refs != ["refs/heads/main"]:
            problems.append("history: %s commit(s), refs %s (want 1 commit, main only)"
                            % (commits, refs))
        for rid, r in lab.scan(dest, [1, 2]).items():
            if not lab.is_stub(dest, r):
                problems.append("%s is not a stub in the handout" % rid)
        theirs = lab.scan(dest, [3])
        for rid, (_, lines) in head_regions([3]).items():
            if lab.body(dest, theirs[rid]) != lines:
                problems.append("%s (chapter 3) differs from HEAD in the handout" % rid)
        v = run(dest, sys.executable, "tools/lab.py", "verify")
        if v.returncode:
            problems.append("lab.py verify in the handout: %s" % v.stdout.strip())
        # The quotation report, on files made here.
        rid, (_, lines) = next((k, v) for k, v in head_regions([1]).items()
                               if len(lab.quoted_windows(v[1])) >= 2)
        sig = [l.strip() for l in lines if l.strip() in
               {x for w in lab.quoted_windows(lines) for x in w}]
        samples = {"page.md": "Text.\n\n" + "".join("        %s\n" % l for l in sig[:3]),
                   "fix.patch": "@@ -1,4 +1,4 @@\n" + "".join(" %s\n" % l for l in sig[:3]),
                   "two.md": "".join("%s\n" % l for l in sig[:2])}
        for name, text in samples.items():
            with open(os.path.join(tmp, name), "w") as f:
                f.write(text)
        found = lab.reference_quotes(tmp, {rid: lines}, sorted(samples)).get(rid, [])
        if found != ["fix.patch", "page.md"]:
            problems.append("reference_quotes of %s found %s (want fix.patch, page.md)"
                            % (rid, found))
    for p in problems:
        print("handout_test: FAIL: " + p)
    if not problems:
        print("handout_test: ok: one commit, chapters 1-2 stubbed, chapter 3 as HEAD, verify "
              "passes; three quoted lines found, two not")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
