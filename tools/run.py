#!/usr/bin/env python3
"""tools/run.py: boots a kernel with its console on this terminal (make chN-run).
Quit QEMU with Ctrl-A X.
Usage: run.py [--stage chNN] [--pcap FILE] KERNEL.elf [kernel command line...]
--pcap records the traffic of the stage's first network device (netdev n0) with QEMU's
filter-dump, in the classic pcap format Wireshark and tcpdump read."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import axqemu  # noqa: E402

args = sys.argv[1:]
stage, extra = None, []
while len(args) >= 2 and args[0] in ("--stage", "--pcap"):
    if args[0] == "--stage":
        stage = args[1]
    else:
        extra = ["-object", "filter-dump,id=capture,netdev=n0,file=" + args[1]]
        print("run: capturing network traffic to %s" % args[1])
    args = args[2:]
if not args:
    sys.exit(__doc__)
cmd = axqemu.qemu_command(args[0], append=" ".join(args[1:]), serial="mon:stdio",
                          debug_exit=False, stage=stage, extra=extra)
print("run: %s\nrun: quit with Ctrl-A X\n" % " ".join(cmd), flush=True)
os.execvp(cmd[0], cmd)
