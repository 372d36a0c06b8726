#!/usr/bin/env python3
"""tools/docs_check.py DOXYGEN OUTDIR: builds the site from OUTDIR/Doxyfile and fails if
Doxygen wrote any warning (an undocumented public declaration, a broken reference, a bad
command), printing them. Used by `make docs` and by the docs test."""
import os
import subprocess
import sys

doxygen, out = sys.argv[1], sys.argv[2]
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
