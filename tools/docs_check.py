#!/usr/bin/env python3
"""tools/docs_check.py DOXYGEN OUTDIR: checks the course's documents, then builds the site.

1. The documents stand on their own (every Markdown file of the repository: chapters, book
   pages, READMEs, solution notes). It fails on
   - a link or path that leaves the repository: a relative link (from the document's folder) or
     a path in the text (from the top of the repository) that resolves outside it
     (`../elsewhere/...`), a relative link to a file that does not exist, a `file://` link, or
     an absolute path other than the reader's own system locations (/tmp for scratch files the
     text asks the reader to write, /dev, /proc, /sys, /usr, /etc);
   - in a chapter or a book page, a `file:line` citation (`virtio_net.cpp:142`): line numbers
     drift with every edit, so the chapters cite code by file and function, and their log and
     GDB excerpts write the line as NN.
   - a chapter's "runs the N tests with the CTest label `chNN`" that is not what CTest lists
     in the build (OUTDIR's parent).
2. The site is built from OUTDIR/Doxyfile and must have no Doxygen warning (an undocumented
   public declaration, a broken reference, a bad command).
Used by `make docs` and by the docs test. `--self-test` shows that each rule catches what it
should (run by the docs test too)."""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SKIP_DIRS = {".git", "build", "node_modules", "__pycache__"}
# Absolute paths a document may name: the reader's own system, not another tree.
SYSTEM_PREFIXES = ("/tmp/", "/dev/", "/proc/", "/sys/", "/usr/", "/etc/")
LINK = re.compile(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
# A path-like word: starts a word (after a space, quote, bracket or backtick) with / or ../
PATH = re.compile(r"(?:^|[\s`'\"(=\[])((?:\.\./)+[\w.-][\w./-]*|/[A-Za-z][\w.-]*(?:/[\w.+-]+)+)")
FILE_LINE = re.compile(r"\b[\w./-]*\w\.(?:cpp|cc|hpp|h|c|S|s|py|cmake|ld|sh|md):\d+\b")


def documents(root):
    for d, dirs, files in os.walk(root):
        dirs[:] = sorted(x for x in dirs if x not in SKIP_DIRS and not x.startswith("build-"))
        for f in sorted(files):
            if f.endswith(".md"):
                yield os.path.join(d, f)


def inside(root, path):
    root = os.path.realpath(root)
    return os.path.realpath(path) == root or os.path.realpath(path).startswith(root + os.sep)


def check_text(root, path, text):
    """The problems of one document, as 'file:line: what' strings."""
    rel = os.path.relpath(path, root)
    here = os.path.dirname(path)
    cites_code = rel.startswith("chapters" + os.sep) or rel.startswith("book" + os.sep)
    problems = []
    for n, line in enumerate(text.splitlines(), 1):
        where = "%s:%d" % (rel, n)
        for target in LINK.findall(line):
            if re.match(r"(https?|mailto):", target) or target.startswith("#"):
                continue
            if target.startswith("file:") or target.startswith("/"):
                problems.append("%s: link to an absolute location: %s" % (where, target))
                continue
            dest = os.path.join(here, target.split("#")[0])
            if not inside(root, dest):
                problems.append("%s: link leaves the repository: %s" % (where, target))
            elif not os.path.exists(dest):
                problems.append("%s: link to a file that does not exist: %s" % (where, target))
        for p in PATH.findall(LINK.sub("]()", line)):  # links were checked above
            if p.startswith("/"):
                if not p.startswith(SYSTEM_PREFIXES):
                    problems.append("%s: absolute path outside the repository: %s" % (where, p))
            elif not inside(root, os.path.join(root, p)):  # prose paths are from the top
                problems.append("%s: path leaves the repository: %s" % (where, p))
        if cites_code:
            for m in FILE_LINE.findall(line):
                problems.append("%s: cites code by line number (%s): cite the function, or "
                                "write the line of an excerpt as NN" % (where, m))
    return problems


def check_documents(root):
    problems = []
    for path in documents(root):
        with open(path, encoding="utf-8") as f:
            problems += check_text(root, path, f.read())
    return problems


# "`make ch3-test` runs the 63 tests with the CTest label `ch03`": counted against CTest.
TEST_COUNT = re.compile(r"runs the ([\d,]+) tests with the CTest label `(ch\d\d)`")


def check_test_counts(root, build):
    """Every chapter sentence that says how many tests a stage's label holds says what CTest
    lists in the build (OUTDIR's parent), so that the figure cannot drift."""
    problems, counts = [], {}
    for path in sorted(documents(os.path.join(root, "chapters"))):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for m in TEST_COUNT.finditer(text):
            label = m.group(2)
            if label not in counts:
                r = subprocess.run(["ctest", "--test-dir", build, "-N", "-L", "^%s$" % label],
                                   capture_output=True, text=True)
                counts[label] = len(re.findall(r"^\s*Test\s+#", r.stdout, re.M))
            said = int(m.group(1).replace(",", ""))
            if said != counts[label]:
                line = text.count("\n", 0, m.start()) + 1
                problems.append("%s:%d: says %d tests carry the label %s; CTest lists %d"
                                % (os.path.relpath(path, root), line, said, label,
                                   counts[label]))
    return problems


def self_test():
    """Each rule catches its case and lets the good ones through."""
    chapter = os.path.join(ROOT, "chapters", "x.md")
    cases = [
        ("see [the design](../elsewhere/DESIGN.md)", 1),
        ("read ../elsewhere/STYLE.md first", 1),
        ("as /home/someone/notes.md says", 1),
        ("[a](file:///etc/passwd)", 1),
        ("[missing](../book/no-such-page.md)", 1),
        ("at `driver_virtio/src/virtio_net.cpp:142` the driver", 1),
        ("INFO  axruntime/runtime.cpp:69] axruntime: log level", 1),
        ("[design](../book/design.md#design-errors), [web](https://example.org/a/b)", 0),
        ("python3 tools/harness.py --log /tmp/d3.log, /dev/net/tun", 0),
        ("INFO  axruntime/runtime.cpp:NN] axruntime: log level", 0),
        ("`VirtioNetDev::receive()` in `driver_virtio/src/virtio_net.cpp`", 0),
    ]
    bad = 0
    for text, want in cases:
        got = len(check_text(ROOT, chapter, text))
        if got != want:
            print("docs self-test: %r: %d problems, expected %d" % (text, got, want))
            bad += 1
    return bad == 0


def build_site(doxygen, out):
    log = os.path.join(out, "warnings.log")
    if os.path.exists(log):
        os.remove(log)
    r = subprocess.run([doxygen, os.path.join(out, "Doxyfile")], cwd=out)
    warnings = open(log).read().strip() if os.path.exists(log) else ""
    if r.returncode != 0:
        sys.exit("docs: doxygen failed with status %d" % r.returncode)
    if warnings:
        print(warnings)
        sys.exit("docs: %d Doxygen warnings (see above); the docs must build cleanly"
                 % len(warnings.splitlines()))
    print("docs: %s/html/index.html built with no warning" % out)


def main():
    if sys.argv[1:] == ["--self-test"]:
        return 0 if self_test() else 1
    if len(sys.argv) != 3:
        sys.exit("usage: docs_check.py DOXYGEN OUTDIR | --self-test")
    if not self_test():
        sys.exit("docs: the document checks do not catch what they should")
    problems = check_documents(ROOT) + check_test_counts(ROOT, os.path.dirname(
        os.path.abspath(sys.argv[2])))
    if problems:
        print("\n".join(problems))
        sys.exit("docs: %d problems in the documents (see above): the book must stand on its "
                 "own and cite code by name" % len(problems))
    print("docs: every link and path stays in the repository; no line-number citations; the "
          "chapters' test counts are CTest's")
    build_site(sys.argv[1], sys.argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main())
