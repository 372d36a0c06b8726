#!/usr/bin/env python3
"""tools/run.py: boots a kernel with its console on this terminal (make chN-run).
Quit QEMU with Ctrl-A X. Extra arguments after the kernel go to the kernel command line."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import axqemu  # noqa: E402

if len(sys.argv) < 2:
    sys.exit("usage: run.py KERNEL.elf [kernel command line...]")
cmd = axqemu.qemu_command(sys.argv[1], append=" ".join(sys.argv[2:]), serial="mon:stdio",
                          debug_exit=False)
print("run: %s\nrun: quit with Ctrl-A X\n" % " ".join(cmd), flush=True)
os.execvp(cmd[0], cmd)
