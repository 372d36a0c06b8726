#!/usr/bin/env python3
"""tools/debug.py: boots a kernel paused under QEMU's gdbstub and attaches GDB (make chN-debug).

GDB loads the kernel's symbols and the repository's .gdbinit, sets a hardware breakpoint at
axhal_entry (the first C++ function) and continues, so you land at the kernel's entry with its
source. A hardware breakpoint is only an address in a debug register, so it works before the
kernel is loaded and paging is on, under TCG and under KVM alike (under KVM a software
breakpoint has to be written into guest memory, which does not exist yet at reset). The serial console goes to build/debug-serial.log; QEMU stops when GDB exits."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import axqemu  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def gdb_command(kernel, port, batch_commands=None):
    """The GDB command line: repository .gdbinit, the kernel's symbols, the remote target."""
    cmd = ["gdb", "-q", "-nx", "-iex", "set auto-load local-gdbinit off",
           "-x", os.path.join(ROOT, ".gdbinit"),
           "-ex", "file %s" % kernel, "-ex", "target remote 127.0.0.1:%d" % port]
    if batch_commands is None:
        return cmd + ["-ex", "hbreak axhal_entry", "-ex", "continue"]
    cmd = ["gdb", "-batch"] + cmd[2:]
    for c in batch_commands:
        cmd += ["-ex", c]
    return cmd


def main():
    args = sys.argv[1:]
    stage = None
    if len(args) >= 2 and args[0] == "--stage":
        stage, args = args[1], args[2:]
    if not args:
        sys.exit("usage: debug.py [--stage chNN] KERNEL.elf [kernel command line...]")
    kernel = os.path.abspath(args[0])
    port = axqemu.free_port()
    log = os.path.join(ROOT, "build", "debug-serial.log")
    qemu = axqemu.qemu_command(kernel, append=" ".join(args[1:]), serial="file:" + log,
                               gdb_port=port, paused=True, stage=stage)
    print("debug: %s\ndebug: serial console -> %s" % (" ".join(qemu), log), flush=True)
    q = subprocess.Popen(qemu, stdin=subprocess.DEVNULL)
    try:
        subprocess.call(gdb_command(kernel, port))
    finally:
        q.kill()
        q.wait()


if __name__ == "__main__":
    main()
