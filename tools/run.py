#!/usr/bin/env python3
"""tools/run.py: boots a kernel with its console on this terminal (make chN-run).
Quit QEMU with Ctrl-A X. Usage: run.py [--stage chNN] KERNEL.elf [kernel command line...]"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import axqemu  # noqa: E402

args = sys.argv[1:]
stage = None
if len(args) >= 2 and args[0] == "--stage":
    stage, args = args[1], args[2:]
if not args:
    sys.exit(__doc__)
cmd = axqemu.qemu_command(args[0], append=" ".join(args[1:]), serial="mon:stdio",
                          debug_exit=False, stage=stage)
print("run: %s\nrun: quit with Ctrl-A X\n" % " ".join(cmd), flush=True)
os.execvp(cmd[0], cmd)
