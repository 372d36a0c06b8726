#!/usr/bin/env python3
"""tools/lab.py: the course's labs. The reference source marks the bodies a student writes (lab
regions); this tool makes the student's tree, grades it, and proves the labs are real.

A lab region is two comment lines, each alone on its line, inside a function body:

    // LAB ch01.frame_alloc: find and claim a run of free frames (chapter 1, 5.2)
    ... the reference code ...
    // LAB END

The stub is `AX_LAB_TODO("<id>", "<chapter section>");`, a panic from <axlog/lab.h>. Where a
panic would stop every test of the kernel (a receive path the idle loop polls), the opening
line may end with ` | returns: <expression>`: the stub is then
`return AX_LAB_STUB(<expression>, "<id>", "<chapter section>");`, which logs the region as not
written (once, as an error) and returns the expression, so that the kernel runs on and the
tests that need the region fail. A C file, which cannot use <axlog/lab.h>, names its stub
statement with ` | stub: <statement>`. Each stage says which tests grade which region, and
their points, in its manifest chNN-*/lab.toml (see ch01-boot/lab.toml).

  lab.py new   --stage N [--earlier keep|reference|stub] [--ref REV] [--here]   (make chN-lab)
  lab.py grade --stage N --build DIR                                           (make chN-grade)
  lab.py check --stage N --build DIR     (CTest label labs: each region graded, reference full)
  lab.py list  [--stage N]               the regions, where they are, and whether stubbed
  lab.py verify                          every stage's markers and lab.toml agree (no build)
  lab.py handout --stage N --dest DIR    a new repository without the reference (make handout)

Python standard library only."""
import argparse
import concurrent.futures
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE_EXTS = (".cpp", ".h", ".hpp", ".cc", ".c")
BEGIN = re.compile(r"^(?P<indent>[ \t]*)// LAB (?P<id>ch(?P<stage>\d\d)\.[A-Za-z0-9_]+): "
                   r"(?P<text>.*?)(?: \| (?P<kind>stub|returns): (?P<stub>.+?))?\s*$")
END = re.compile(r"^[ \t]*// LAB END\s*$")
INCLUDE = "#include <axlog/lab.h>"
# In a header, lab.h's warning settings are kept to the header (see lab.h).
PUSH = "#pragma GCC diagnostic push  // lab.h's settings end at this header's end"
POP = "#pragma GCC diagnostic pop  // the end of lab.h's settings"


class LabError(Exception):
    pass


# --- regions -------------------------------------------------------------------------------

class Region:
    """One lab region: its id, file (relative to the tree), and the lines between the markers
    (begin and end are the 0-based indexes of the marker lines)."""

    def __init__(self, m, path, begin):
        self.id = m["id"]
        self.stage = int(m["stage"])
        self.indent = m["indent"]
        self.text = m["text"]
        self.stub_statement = m["stub"] if m["kind"] == "stub" else None
        self.stub_returns = m["stub"] if m["kind"] == "returns" else None
        self.path = path
        self.begin = begin
        self.end = None

    def stub(self):
        """The lines that stand in for the body in the student's tree."""
        if self.stub_statement:
            return [self.indent + self.stub_statement + "\n"]
        # The panic names the chapter section: the marker's last "(...)", e.g. "chapter 1, 5.2".
        m = re.search(r"\(([^()]*)\)\s*$", self.text)
        where = (m.group(1) if m else self.text).replace("\\", "\\\\").replace('"', '\\"')
        if self.stub_returns:
            return ['%sreturn AX_LAB_STUB(%s, "%s", "%s");\n'
                    % (self.indent, self.stub_returns, self.id, where)]
        return ['%sAX_LAB_TODO("%s", "%s");\n' % (self.indent, self.id, where)]


def stage_dir(root, stage):
    for d in sorted(os.listdir(root)):
        if re.fullmatch(r"ch%02d-[a-z0-9-]+" % stage, d) and os.path.isdir(os.path.join(root, d)):
            return d
    raise LabError("no folder ch%02d-* for stage %d" % (stage, stage))


def parse_file(root, rel, text=None):
    """The regions of one file, in order. Checks the markers pair up and do not nest."""
    if text is None:
        with open(os.path.join(root, rel)) as f:
            text = f.read()
    regions, open_region = [], None
    for i, line in enumerate(text.splitlines(keepends=True)):
        m = BEGIN.match(line.rstrip("\n"))
        if (m or END.match(line)) and len(line.rstrip("\n")) > 100:
            raise LabError("%s:%d: a LAB marker line longer than 100 columns (clang-format "
                           "would split it)" % (rel, i + 1))
        if m and not re.search(r"\(chapter \d+, [^()]+\)$", m["text"]):
            raise LabError("%s:%d: LAB %s: the text must end with the chapter section that "
                           "explains it, e.g. (chapter 1, 5.2): the stub names it"
                           % (rel, i + 1, m["id"]))
        if m:
            if open_region:
                raise LabError("%s:%d: LAB %s opens inside LAB %s" % (rel, i + 1, m["id"],
                                                                      open_region.id))
            open_region = Region(m, rel, i)
        elif END.match(line):
            if not open_region:
                raise LabError("%s:%d: LAB END without an opening LAB line" % (rel, i + 1))
            open_region.end = i
            regions.append(open_region)
            open_region = None
    if open_region:
        raise LabError("%s:%d: LAB %s is never closed (LAB END)" % (rel, open_region.begin + 1,
                                                                    open_region.id))
    return regions


def scan(root, stages):
    """Every region of the given stages, keyed by id, in source order."""
    found = {}
    for stage in stages:
        top = os.path.join(root, stage_dir(root, stage))
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames[:] = sorted(d for d in dirnames if d not in ("build", ".git"))
            for name in sorted(filenames):
                if not name.endswith(SOURCE_EXTS):
                    continue
                rel = os.path.relpath(os.path.join(dirpath, name), root)
                for r in parse_file(root, rel):
                    if r.id in found:
                        raise LabError("region %s is marked twice: %s and %s"
                                       % (r.id, found[r.id].path, r.path))
                    if r.stage != stage:
                        raise LabError("%s: region %s lies in stage %d's folder"
                                       % (rel, r.id, stage))
                    found[r.id] = r
    return found


def read_lines(root, rel):
    with open(os.path.join(root, rel)) as f:
        return f.read().splitlines(keepends=True)


def body(root, region):
    return read_lines(root, region.path)[region.begin + 1:region.end]


def is_stub(root, region):
    return [l.strip() for l in body(root, region)] == [l.strip() for l in region.stub()]


def replace_bodies(root, rel, new_bodies):
    """Rewrites file rel with the regions named in new_bodies (id -> lines) replaced; adds the
    lab.h include when a body is a stub (in a header, between a diagnostic push and a pop at
    the end, so that its warning settings stay in the header). Markers stay, so the regions
    can be found again."""
    lines = read_lines(root, rel)
    regions = parse_file(root, rel, "".join(lines))
    out, at = [], 0
    for r in regions:
        if r.id not in new_bodies:
            continue
        out += lines[at:r.begin + 1] + new_bodies[r.id]
        at = r.end
    out += lines[at:]
    if (any("AX_LAB_TODO(" in l or "AX_LAB_STUB(" in l for l in out) and
            not any(l.strip() == INCLUDE for l in out)):
        first = min(r.begin for r in regions)
        last_include = max((i for i, l in enumerate(out[:first]) if l.startswith("#include")),
                           default=None)
        if last_include is None:
            raise LabError("%s: no #include line to put %s after" % (rel, INCLUDE))
        out.insert(last_include + 1, INCLUDE + "\n")
        if rel.endswith((".h", ".hpp")):
            out.insert(last_include + 1, PUSH + "\n")
            if out and not out[-1].endswith("\n"):
                out[-1] += "\n"
            out.append(POP + "\n")
    with open(os.path.join(root, rel), "w") as f:
        f.writelines(out)


def set_regions(root, regions, bodies):
    """bodies: id -> lines (a stub or code). Groups the rewrites by file."""
    by_file = {}
    for rid, lines in bodies.items():
        by_file.setdefault(regions[rid].path, {})[rid] = lines
    for rel, new in by_file.items():
        replace_bodies(root, rel, new)


# --- manifests -----------------------------------------------------------------------------

def manifest(root, stage):
    """The stage's lab.toml: [[test]] tables with name, match (a regular expression over CTest
    names; every test it matches must pass), points, regions and targets."""
    path = os.path.join(root, stage_dir(root, stage), "lab.toml")
    if not os.path.exists(path):
        raise LabError("stage %d has no lab yet (%s)" % (stage, os.path.relpath(path, root)))
    with open(path, "rb") as f:
        data = tomllib.load(f)
    tests = data.get("test", [])
    for t in tests:
        for key, kind in (("name", str), ("match", str), ("points", int), ("regions", list),
                          ("targets", list)):
            if not isinstance(t.get(key), kind):
                raise LabError("%s: a [[test]] needs %s (%s)" % (path, key, kind.__name__))
        if "timeout" in t and (not isinstance(t["timeout"], int) or t["timeout"] <= 0):
            raise LabError("%s: test '%s': timeout is a number of seconds" % (path, t["name"]))
        if t["points"] <= 0 or not t["regions"]:
            raise LabError("%s: test '%s' needs points > 0 and at least one region"
                           % (path, t["name"]))
    if not tests:
        raise LabError("%s: no [[test]] tables" % path)
    return tests


def check_manifest(root, stage, tests, regions):
    """Every region of the stage is graded by some test, and every test names real regions."""
    mine = [r for r in regions.values() if r.stage == stage]
    graded = {rid for t in tests for rid in t["regions"]}
    problems = ["region %s (%s) is graded by no test in lab.toml" % (r.id, r.path)
                for r in mine if r.id not in graded]
    problems += ["lab.toml names region %s, which is not marked in the source" % rid
                 for rid in sorted(graded) if rid not in regions]
    if problems:
        raise LabError("stage %d: %s" % (stage, "; ".join(problems)))


# --- running tests -------------------------------------------------------------------------

def build(build_dir, targets, log):
    with open(log, "w") as f:
        r = subprocess.run(["cmake", "--build", build_dir, "--target"] + sorted(set(targets)),
                           stdout=f, stderr=subprocess.STDOUT)
    return r.returncode == 0


def ctest_tests(build_dir):
    out = subprocess.run(["ctest", "--test-dir", build_dir, "--show-only=json-v1"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out).get("tests", [])


# A test with no CTest TIMEOUT (Catch2's discovered cases have none) gets this many seconds: a
# stub that makes a wait spin forever is a failure, not a hung grader.
DEFAULT_TIMEOUT = 300


def run_one(test, logdir, timeout=None):
    """Runs one CTest test's command as CTest would; passes only on exit status 0 (a skipped
    test does not pass). timeout: the lab.toml's, else CTest's TIMEOUT, else DEFAULT_TIMEOUT."""
    props = {p["name"]: p["value"] for p in test.get("properties", [])}
    log = os.path.join(logdir, re.sub(r"[^A-Za-z0-9_.-]+", "_", test["name"])[:120] + ".log")
    env = dict(os.environ)
    for kv in props.get("ENVIRONMENT", []):
        k, _, v = kv.partition("=")
        env[k] = v
    start = time.monotonic()
    with open(log, "w") as f:
        try:
            r = subprocess.run(test["command"], cwd=props.get("WORKING_DIRECTORY"), env=env,
                               stdout=f, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                               timeout=float(timeout or props.get("TIMEOUT")
                                             or DEFAULT_TIMEOUT))
            ok = r.returncode == 0
        except subprocess.TimeoutExpired:
            f.write("\nlab: timed out after %g s (the lab.toml's timeout for it)\n"
                    % float(timeout or props.get("TIMEOUT") or DEFAULT_TIMEOUT))
            ok = False
    return ok, log, time.monotonic() - start


def reason(log):
    """The line of a failed test's log that says most about why: a lab stub's panic first (also
    in the serial log a boot test's harness names), then a panic, a failed check, any line."""
    with open(log, errors="replace") as f:
        lines = f.read().splitlines()
    for l in list(lines):
        # The logs a test names: a boot test's serial log, a C app test's own log.
        m = re.search(r"serial log: (\S+)", l) or re.search(r"\(log: (\S+?)\)", l)
        if m and os.path.exists(m.group(1)):
            with open(m.group(1), errors="replace") as f:
                lines += f.read().splitlines()
    for pattern in (r"lab region \S+ is not written yet|LAB ch\d\d\.\w+: not written yet",
                    r"KERNEL PANIC|panic at",
                    r"^lab: timed out",  # run_one stopped it: that, not its last output, is why
                    r": FAILED:$",  # Catch2: the check and its values follow
                    r"^  - in-guest case",  # the harness names a failed KTEST and its check
                    r"^  - ",  # the harness's list of what went wrong
                    r"FAILED|FAIL\b|[Ee]rror|expected", r"\S"):
        for i, l in enumerate(lines):
            m = re.search(pattern, l)
            if m:
                if "not written yet" in pattern:
                    l = l[m.start():]
                if re.search(r"KERNEL PANIC", l) and i + 1 < len(lines):
                    l = l.strip() + ": " + lines[i + 1]  # the panic's message is the next line
                if l.endswith(": FAILED:"):  # Catch2: the check, its values, its message
                    block = []
                    for x in lines[i + 1:i + 12]:
                        if not x.strip():
                            break
                        block.append(x.strip())
                    words = [os.path.basename(l)] + block[:1]
                    for label, fmt in (("with expansion:", "(%s)"), ("with message:", "%s")):
                        if label in block and block.index(label) + 1 < len(block):
                            words.append(fmt % block[block.index(label) + 1])
                    return " ".join(words)[:220]
                l = re.sub(r"^\s*[|-]?\s*(\[[^]]*\]\s*)?", "", l).strip()
                return re.sub(r"(?:\.\./|[\w.-]+/)+([\w.-]+:\d+)", r"\1", l)[:200]  # file:line
    return "(no output)"


def grade(root, build_dir, stage, only_regions=None, jobs=None, out=sys.stdout, quiet=False,
          only_tests=None):
    """Builds and runs the stage's graded tests (those grading only_regions, if given; the
    [[test]] tables only_tests, if given). Returns (score, total, results) where results is
    [(test table, [(name, ok, log)])]."""
    tests = manifest(root, stage)
    if only_regions is not None:
        tests = [t for t in tests if set(t["regions"]) & set(only_regions)]
    if only_tests is not None:
        tests = [t for t in tests if t["name"] in only_tests]
    logdir = os.path.join(build_dir, "lab-grade", "ch%02d" % stage)
    os.makedirs(logdir, exist_ok=True)
    say = (lambda *a: None) if quiet else (lambda s: print(s, file=out, flush=True))
    targets = [x for t in tests for x in t["targets"]]
    if not build(build_dir, targets, os.path.join(logdir, "build.log")):
        say("lab: the build failed: %s" % os.path.join(logdir, "build.log"))
        say(tail(os.path.join(logdir, "build.log")))
        total = sum(t["points"] for t in tests)
        return 0, total, [(t, [("(build failed)", False, "")]) for t in tests]
    known = ctest_tests(build_dir)
    plan = []
    for t in tests:
        matched = [k for k in known if re.search(t["match"], k["name"])]
        if not matched:
            raise LabError("ch%02d lab.toml: test '%s' matches no CTest test (match = '%s')"
                           % (stage, t["name"], t["match"]))
        plan.append((t, matched))
    unique = {k["name"]: k for _, ms in plan for k in ms}
    limit = {}
    for t, ms in plan:  # a test matched by several tables gets the shortest of their timeouts
        for k in ms:
            if t.get("timeout"):
                limit[k["name"]] = min(limit.get(k["name"], t["timeout"]), t["timeout"])
    jobs = jobs or int(os.environ.get("JOBS", os.cpu_count() or 2))
    outcome = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(run_one, k, logdir, limit.get(name)): name
                   for name, k in unique.items()}
        for fut in concurrent.futures.as_completed(futures):
            outcome[futures[fut]] = fut.result()
    score = total = 0
    results = []
    for t, matched in plan:
        runs = [(k["name"], outcome[k["name"]][0], outcome[k["name"]][1]) for k in matched]
        ok = all(r[1] for r in runs)
        got = t["points"] if ok else 0
        score += got
        total += t["points"]
        results.append((t, runs))
        count = "" if len(runs) == 1 else " (%d tests)" % len(runs)
        say("  %s %3d/%-3d %s%s  [%s]" % ("PASS" if ok else "FAIL", got, t["points"], t["name"],
                                          count, ", ".join(t["regions"])))
        failed = [(name, log) for name, passed, log in runs if not passed]
        for name, log in failed[:3]:
            say("         - %s: %s\n           log: %s" % (name, reason(log), log))
        if len(failed) > 3:
            say("         - and %d more" % (len(failed) - 3))
    return score, total, results


def tail(path, n=25):
    with open(path, errors="replace") as f:
        return "".join(f.readlines()[-n:])


# --- commands ------------------------------------------------------------------------------

def git(*args, check=True, cwd=ROOT):
    r = subprocess.run(["git"] + list(args), cwd=cwd, capture_output=True, text=True)
    if check and r.returncode:
        raise LabError("git %s: %s" % (" ".join(args), r.stderr.strip()))
    return r.stdout


def reference_body(ref, region, cache):
    """The body of region in the reference revision ref (git show ref:path)."""
    if region.path not in cache:
        text = None
        for rev in (ref, "origin/" + ref):  # a student's clone may have only origin/main
            r = subprocess.run(["git", "show", "%s:%s" % (rev, region.path)], cwd=ROOT,
                               capture_output=True, text=True)
            if r.returncode == 0:
                text = r.stdout
                break
        if text is None:
            raise LabError("the reference %s has no %s" % (ref, region.path))
        cache[region.path] = ({r.id: r for r in parse_file(ROOT, region.path, text)},
                              text.splitlines(keepends=True))
    regions, lines = cache[region.path]
    r = regions.get(region.id)
    if r is None:
        raise LabError("region %s is not in %s:%s" % (region.id, ref, region.path))
    return lines[r.begin + 1:r.end]


def cmd_new(a):
    stage = a.stage
    manifest(ROOT, stage)
    regions = scan(ROOT, range(1, stage + 1))
    mine = [r for r in regions.values() if r.stage == stage]
    if not mine:
        raise LabError("stage %d marks no lab regions" % stage)
    branch = a.branch or "lab/ch%02d" % stage
    if not a.here:
        if git("status", "--porcelain", "--untracked-files=no").strip():
            raise LabError("you have uncommitted changes: commit them (git commit -a) first, "
                           "so that nothing of yours is lost")
        if git("rev-parse", "--verify", "--quiet", "refs/heads/" + branch, check=False).strip():
            raise LabError("branch %s exists already: git switch %s to go on with it, or "
                           "git branch -D %s to start over" % (branch, branch, branch))
    bodies, cache, kept, taken = {}, {}, [], []
    for r in regions.values():
        if r.stage == stage or a.earlier == "stub":
            bodies[r.id] = r.stub()
        elif a.earlier == "reference":
            bodies[r.id] = reference_body(a.ref, r, cache)
            taken.append(r.id)
        else:
            kept.append(r.id + (" (still a stub)" if is_stub(ROOT, r) else ""))
    if not a.here:
        git("switch", "-c", branch)
    set_regions(ROOT, regions, bodies)
    stubbed = [rid for rid, b in bodies.items() if b == regions[rid].stub()]
    print("lab ch%02d: %d region(s) to write:" % (stage, len(stubbed)))
    for rid in stubbed:
        print("  %-22s %s  (%s)" % (rid, regions[rid].path, regions[rid].text))
    if kept:
        print("kept as they are in your tree: %s" % ", ".join(kept))
    if taken:
        print("taken from the reference (%s): %s" % (a.ref, ", ".join(taken)))
    if not a.here:
        git("add", "-u")
        # --allow-empty: in a handout (make handout) the regions are stubs already, and the
        # commit still marks where the lab starts (git diff HEAD is the student's work).
        r = subprocess.run(["git", "commit", "-q", "--allow-empty", "-m", "lab ch%02d: the "
                            "student's tree (%s to write)" % (stage, ", ".join(stubbed))],
                           cwd=ROOT)
        where = "on branch %s" % branch
        if r.returncode:
            where += " (not committed: commit it yourself)"
    else:
        where = "in this tree (no git branch)"
    print("The lab is ready %s. Read the chapter's Lab section, write the regions, then run "
          "make ch%d-grade." % (where, stage))


def quoted_windows(lines, width=3, shortest=8):
    """The runs of `width` consecutive significant lines (stripped, at least `shortest`
    characters, not a comment) in lines: what a quotation of code would repeat."""
    # A GDB session prints a source line after its number and a tab, between its prompts: the
    # code is the same, and the prompts are not part of it.
    sig = [re.sub(r"^\d+\t", "", l).strip() for l in lines]
    sig = [l for l in sig
           if len(l) >= shortest and not l.startswith(("//", "/*", "*", "(gdb)"))]
    return {tuple(sig[i:i + width]) for i in range(len(sig) - width + 1)}


def reference_quotes(tree, bodies, files=None):
    """{region id: [files]}: the files of tree (tracked text, or those named) that hold three
    significant lines of a region's body in a row: a chapter quoting the code, a solution.patch
    with the region as context. bodies: id -> the body's lines."""
    wanted = {rid: quoted_windows(lines) for rid, lines in bodies.items()}
    found = {}
    for rel in files if files is not None else git("ls-files", cwd=tree).splitlines():
        try:
            with open(os.path.join(tree, rel), encoding="utf-8") as f:
                lines = f.read().splitlines()
        except (UnicodeDecodeError, OSError):
            continue  # binary (a fuzz corpus entry) or not a file
        if rel.endswith((".patch", ".diff")):  # a diff's context and added lines
            lines = [l[1:] for l in lines if l[:1] in (" ", "+")]
        have = quoted_windows(lines)
        for rid, windows in wanted.items():
            if windows & have:
                found.setdefault(rid, []).append(rel)
    return found


def cmd_handout(a):
    """A tree without the reference, for a teacher to publish: this clone's HEAD, exported
    (git archive), chapters 1 to N's regions stubbed, committed as the first commit of a new
    repository in --dest. Reports the files that still quote a stubbed region's reference."""
    stage, dest = a.stage, os.path.abspath(a.dest)
    if os.path.exists(dest) and os.listdir(dest):
        raise LabError("%s exists and is not empty: name a new folder" % dest)
    head = git("rev-parse", "--short", "HEAD").strip()
    if git("status", "--porcelain", "--untracked-files=no").strip():
        print("lab handout: note: uncommitted changes are left out (the handout is HEAD, %s)"
              % head)
    os.makedirs(dest, exist_ok=True)
    archive = subprocess.run(["git", "archive", "--format=tar", "HEAD"], cwd=ROOT,
                             capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as t:
        # Python 3.11.4 and later warn without a filter; Debian 12's 3.11.2 knows none.
        t.extractall(dest, **({"filter": "tar"} if hasattr(tarfile, "tar_filter") else {}))
    manifest(dest, stage)
    regions = scan(dest, range(1, stage + 1))
    references = {rid: body(dest, r) for rid, r in regions.items()}
    set_regions(dest, regions, {rid: r.stub() for rid, r in regions.items()})
    git("init", "-q", "-b", "main", cwd=dest)
    git("add", "-A", cwd=dest)
    chapters = "chapter 1" if stage == 1 else "chapters 1 to %d" % stage
    git("-c", "user.name=lab handout", "-c", "user.email=lab@handout.invalid", "commit", "-q",
        "-m", "The course, the lab regions of %s to write (from %s)" % (chapters, head),
        cwd=dest)
    print("lab handout: %s: %d region(s) of %s stubbed, one commit, no history"
          % (dest, len(regions), chapters))
    quotes = reference_quotes(dest, references)
    for rid, files in sorted(quotes.items()):
        print("lab handout: %s's reference is still quoted in %s" % (rid, ", ".join(files)))
    if quotes:
        print("lab handout: edit or delete those files in %s if the reference must stay out of "
              "reach (solutions/ holds the exercises' answers, which also meet lab files)" % dest)
    return 0


def cmd_grade(a):
    regions = scan(ROOT, range(1, a.stage + 1))
    tests = manifest(ROOT, a.stage)
    check_manifest(ROOT, a.stage, tests, regions)
    print("ch%02d lab: graded tests (%s/lab.toml)" % (a.stage, stage_dir(ROOT, a.stage)))
    score, total, results = grade(ROOT, os.path.abspath(a.build), a.stage, jobs=a.jobs)
    todo = [r.id for r in regions.values() if r.stage == a.stage and is_stub(ROOT, r)]
    if todo:
        print("still stubs: %s" % ", ".join(todo))
    print("score: %d/%d" % (score, total))
    # For a teacher's scripts: the same result, machine-readable, beside the tests' logs.
    report = {
        "stage": a.stage, "score": score, "total": total,
        "commit": git("rev-parse", "HEAD", check=False).strip() or None,
        "modified": bool(git("status", "--porcelain", "--untracked-files=no",
                             check=False).strip()),
        "stubs": todo,
        "tests": [{"name": t["name"], "points": t["points"], "regions": t["regions"],
                   "passed": all(ok for _, ok, _ in runs),
                   "failed": [{"test": n, "reason": reason(log) if log else "(build failed)"}
                              for n, ok, log in runs if not ok]}
                  for t, runs in results]}
    path = os.path.join(os.path.abspath(a.build), "lab-grade", "ch%02d" % a.stage, "grade.json")
    with open(path, "w") as f:
        json.dump(report, f, indent=1)
    print("(also in %s)" % os.path.relpath(path))


def cmd_list(a):
    stages = [a.stage] if a.stage else [s for s in range(1, 10) if has_stage(s)]
    for r in scan(ROOT, stages).values():
        print("%-22s %-5s %s:%d  %s" % (r.id, "stub" if is_stub(ROOT, r) else "code", r.path,
                                         r.begin + 1, r.text))


def cmd_verify(a):
    """Fast, no build: the markers of every stage parse (paired, not nested, ids unique and of
    their stage, lines within 100 columns), and every stage's lab.toml grades each of its
    regions and names no region that is not marked; no chapter or book page quotes a region's
    body (three significant lines in a row). A stage that marks regions before it has a lab.toml is reported, not failed: its lab is not offered until the manifest exists."""
    stages = [s for s in range(1, 100) if has_stage(s)]
    regions = scan(ROOT, stages)
    problems = []
    for s in stages:
        mine = [r for r in regions.values() if r.stage == s]
        try:
            tests = manifest(ROOT, s)
        except LabError as e:
            if mine:  # marked before its manifest is written: said, not failed
                print("lab verify: note: %s (it marks %s): make ch%d-grade and the check wait "
                      "for it" % (e, ", ".join(r.id for r in mine), s))
            continue
        try:
            check_manifest(ROOT, s, tests, regions)
        except LabError as e:
            problems.append(str(e))
    # The chapters explain what a region does; they never print its body for the student to
    # copy. (lab.py handout reports any other file that still quotes one.)
    pages = sorted(os.path.relpath(os.path.join(d, f), ROOT)
                   for top in ("chapters", "book")
                   for d, _, names in os.walk(os.path.join(ROOT, top))
                   for f in names if f.endswith(".md"))
    bodies = {rid: body(ROOT, r) for rid, r in regions.items() if not is_stub(ROOT, r)}
    for rid, files in sorted(reference_quotes(ROOT, bodies, pages).items()):
        problems.append("%s quotes region %s's code (three lines or more in a row): describe "
                        "it instead" % (", ".join(files), rid))
    for p in problems:
        print("lab verify: FAIL: %s" % p)
    print("lab verify: %d regions in %d stages, %s" % (len(regions), len(stages),
                                                       "FAIL" if problems else "ok"))
    return 1 if problems else 0


def has_stage(stage):
    try:
        stage_dir(ROOT, stage)
        return True
    except LabError:
        return False


def cmd_check(a):
    """Proves, in a copy of this tree (whatever its bodies): every region's tests fail with the
    region alone stubbed; the student's tree builds; the tree as it is gets full marks."""
    stage = a.stage
    start = time.monotonic()
    regions = scan(ROOT, range(1, stage + 1))
    tests = manifest(ROOT, stage)
    check_manifest(ROOT, stage, tests, regions)
    mine = [r for r in regions.values() if r.stage == stage]
    if not mine:
        raise LabError("stage %d has a lab.toml but marks no region" % stage)
    work = os.path.join(os.path.abspath(a.build), "lab-check", "ch%02d" % stage)
    tree = os.path.join(work, "tree")
    tbuild = os.path.join(tree, "build")
    if a.fresh:
        shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work, exist_ok=True)
    # The copy: refreshed file by file, so that a second run rebuilds only what changed.
    sync_tree(ROOT, tree)
    if not os.path.exists(os.path.join(tbuild, "build.ninja")):
        with open(os.path.join(work, "configure.log"), "w") as f:
            if subprocess.run(["cmake", "-S", tree, "-B", tbuild, "-G", "Ninja"], stdout=f,
                              stderr=subprocess.STDOUT).returncode:
                raise LabError("configure failed: %s" % f.name)
    problems = []
    say = lambda s: print(s, flush=True)  # noqa: E731

    # 1. The tree as it is (the reference, or a student's solved tree) gets full marks.
    say("lab check ch%02d: the tree as it is" % stage)
    score, total, _ = grade(tree, tbuild, stage, jobs=a.jobs)
    say("  score: %d/%d" % (score, total))
    if score != total:
        problems.append("the tree as it is scores %d/%d, not full marks" % (score, total))

    # 2. Each region alone stubbed: at least one of its graded tests fails. The tables are run
    # in the manifest's order (host tests first) and the first failure is enough: a region
    # caught by a host test does not wait for the slow network tests.
    originals = {r.path: read_lines(tree, r.path) for r in regions.values()}
    for r in mine:
        set_regions(tree, regions, {r.id: r.stub()})
        failed = []
        for table in [t for t in tests if r.id in t["regions"]]:
            _, _, results = grade(tree, tbuild, stage, only_tests=[table["name"]], jobs=a.jobs,
                                  quiet=True)
            failed = [name for _, runs in results for name, ok, _ in runs if not ok]
            if failed:
                break
        if failed:
            say("  %s stubbed: fails %s" % (r.id, "; ".join(failed[:3]) +
                                             (" ..." if len(failed) > 3 else "")))
        else:
            problems.append("with %s stubbed, every test that grades it still passes" % r.id)
            say("  %s stubbed: NOTHING FAILS" % r.id)
        restore(tree, originals, [r.path])

    # 3. The student's tree (every region of stages 1..N stubbed: the hardest case) builds:
    # the graded tests' targets, and all that make chN-test builds (chNN-build: the stage's
    # fuzz targets too, which compile stubbed files as well).
    set_regions(tree, regions, {rid: r.stub() for rid, r in regions.items()})
    targets = [x for t in tests for x in t["targets"]] + ["ch%02d-build" % stage]
    log = os.path.join(work, "student-build.log")
    if build(tbuild, targets, log):
        say("  the student's tree (%d regions of stages 1-%d stubbed) builds"
            % (len(regions), stage))
    else:
        problems.append("the student's tree does not build: %s\n%s" % (log, tail(log)))
    restore(tree, originals, originals.keys())

    for p in problems:
        say("lab check ch%02d: FAIL: %s" % (stage, p))
    say("lab check ch%02d: %s in %.0f s" % (stage, "FAIL" if problems else "ok",
                                           time.monotonic() - start))
    return 1 if problems else 0


def restore(tree, originals, paths):
    for rel in paths:
        with open(os.path.join(tree, rel), "w") as f:
            f.writelines(originals[rel])


def sync_tree(src, dst):
    """Copies src to dst (no build directories, no .git), rewriting only files whose content
    differs, and removing files src no longer has."""
    skip = re.compile(r"^(build.*|\.git|__pycache__|compile_commands\.json)$")
    seen = set()
    for dirpath, dirnames, filenames in os.walk(src):
        dirnames[:] = [d for d in dirnames if not skip.match(d)]
        rel_dir = os.path.relpath(dirpath, src)
        os.makedirs(os.path.join(dst, rel_dir), exist_ok=True)
        for name in filenames:
            if skip.match(name):
                continue
            rel = os.path.normpath(os.path.join(rel_dir, name))
            seen.add(rel)
            s, d = os.path.join(src, rel), os.path.join(dst, rel)
            if os.path.islink(s):
                continue
            with open(s, "rb") as f:
                data = f.read()
            if os.path.exists(d):
                with open(d, "rb") as f:
                    if f.read() == data:
                        continue
            with open(d, "wb") as f:
                f.write(data)
            shutil.copymode(s, d)
    for dirpath, dirnames, filenames in os.walk(dst):
        dirnames[:] = [d for d in dirnames if not skip.match(d)]
        for name in filenames:
            rel = os.path.normpath(os.path.join(os.path.relpath(dirpath, dst), name))
            if rel not in seen:
                os.remove(os.path.join(dst, rel))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("new", help="make the student's tree for a chapter (make chN-lab)")
    p.add_argument("--stage", type=int, required=True)
    p.add_argument("--earlier", choices=("keep", "reference", "stub"), default="keep",
                   help="earlier chapters' regions: keep this tree's bodies (your code), take "
                        "the reference's (--ref), or stub them too")
    p.add_argument("--ref", default="main", help="the reference revision (default main)")
    p.add_argument("--branch", help="the branch to create (default lab/chNN)")
    p.add_argument("--here", action="store_true", help="rewrite this tree; make no git branch")
    p = sub.add_parser("grade", help="run the chapter's graded tests: score X/Y")
    p.add_argument("--stage", type=int, required=True)
    p.add_argument("--build", default="build")
    p.add_argument("--jobs", type=int)
    p = sub.add_parser("check", help="prove every region is graded and the tree scores full")
    p.add_argument("--stage", type=int, required=True)
    p.add_argument("--build", default="build")
    p.add_argument("--jobs", type=int)
    p.add_argument("--fresh", action="store_true", help="start from a new copy")
    p = sub.add_parser("handout", help="a new repository without the reference: chapters 1 "
                       "to N's regions stubbed, no history (make handout)")
    p.add_argument("--stage", type=int, required=True)
    p.add_argument("--dest", required=True, help="a new or empty folder")
    sub.add_parser("verify", help="check every stage's markers and lab.toml (no build)")
    p = sub.add_parser("list", help="list the lab regions")
    p.add_argument("--stage", type=int)
    a = ap.parse_args()
    try:
        return {"new": cmd_new, "grade": cmd_grade, "check": cmd_check, "list": cmd_list,
                "verify": cmd_verify, "handout": cmd_handout}[
            a.cmd](a) or 0
    except LabError as e:
        print("lab: %s" % e, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
