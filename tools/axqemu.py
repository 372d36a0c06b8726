"""tools/axqemu.py: the one place that knows how the course starts QEMU.

Used by run.py (make chN-run), debug.py (make chN-debug), harness.py (boot tests) and
gdb_test.py. The machine: q35, one CPU, 128 MiB, no default devices, the serial port as the
console, the kernel loaded by QEMU's -kernel (PVH entry). TCG unless ACCEL=kvm."""
import os
import socket

# Devices each stage's machine gets besides the console (by stage prefix, e.g. "ch02").
# ch02 enumerates them; ch03 and ch04 drive them. Host ports are forwarded only for the
# interactive runs of ch05 and ch06 (their servers); ch02 to ch04 forward none.
STAGE_DEVICES = {
    "ch02": ["-netdev", "user,id=n0", "-device", "virtio-net-pci,netdev=n0",
             "-netdev", "user,id=n1", "-device", "igb,netdev=n1"],
    "ch03": ["-netdev", "user,id=n0", "-device", "virtio-net-pci,netdev=n0"],
    "ch04": ["-netdev", "user,id=n0", "-device", "igb,netdev=n0"],
    # make ch5-run: the demo's services on fixed host ports (HTTP 5580, TCP echo 5570, UDP
    # echo 5571); the tests forward free ports of their own instead.
    "ch05": ["-netdev", "user,id=n0,hostfwd=tcp:127.0.0.1:5580-:8080,"
             "hostfwd=tcp:127.0.0.1:5570-:7000,hostfwd=udp:127.0.0.1:5571-:7001",
             "-device", "virtio-net-pci,netdev=n0"],
    # make ch6-run APP=...: every application serves on port 5555, forwarded from the host's
    # 5555 (TCP and UDP); the tests forward free ports of their own instead.
    "ch06": ["-netdev", "user,id=n0,hostfwd=tcp:127.0.0.1:5555-:5555,"
             "hostfwd=udp:127.0.0.1:5555-:5555", "-device", "virtio-net-pci,netdev=n0"],
    "ch06-igb": ["-netdev", "user,id=n0,hostfwd=tcp:127.0.0.1:5555-:5555,"
                 "hostfwd=udp:127.0.0.1:5555-:5555", "-device", "igb,netdev=n0"],
}

SUCCESS_EXIT = 85  # isa-debug-exit: (0x2a << 1) | 1, see axhal/power.h
FAILURE_EXIT = 3   # isa-debug-exit: (0x01 << 1) | 1


def accel():
    """The accelerator: ACCEL=kvm opts in; anything else is TCG (see book/design.md, section 4)."""
    return "kvm" if os.environ.get("ACCEL", "tcg") == "kvm" else "tcg"


def qemu_command(kernel, append="", serial="stdio", debug_exit=True, gdb_port=None,
                 paused=False, memory="128M", extra=(), stage=None):
    """The QEMU command line for booting kernel (an ELF path) with stage's devices."""
    kvm = accel() == "kvm"
    cmd = ["qemu-system-x86_64",
           "-machine", "q35", "-accel", accel(), "-cpu", "host" if kvm else "max",
           "-smp", "1", "-m", memory, "-nodefaults", "-display", "none", "-no-reboot",
           "-serial", serial, "-kernel", kernel]
    if append:
        cmd += ["-append", append]
    if debug_exit:
        cmd += ["-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
    if gdb_port is not None:
        cmd += ["-gdb", "tcp:127.0.0.1:%d" % gdb_port]
    if paused:
        cmd += ["-S"]
    return cmd + STAGE_DEVICES.get(stage, []) + list(extra)


def free_port():
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def explain_exit(code):
    """What a QEMU exit status means for a kernel run under isa-debug-exit."""
    if code == SUCCESS_EXIT:
        return "the kernel exited with success"
    if code == FAILURE_EXIT:
        return "the kernel reported failure (a panic or a non-zero status from main)"
    if code == 0:
        return ("QEMU exited normally without isa-debug-exit: the guest reset (a triple fault "
                "under -no-reboot) or powered off without reporting a status")
    if code == 1:
        return "QEMU failed to start the machine (see the messages above)"
    if code < 0:
        return "QEMU was killed by signal %d" % -code
    return "unexpected QEMU exit status %d" % code
