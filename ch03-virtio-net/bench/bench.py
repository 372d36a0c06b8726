#!/usr/bin/env python3
"""ch03-virtio-net/bench/bench.py: whole-system figures of the virtio-net driver (make ch3-bench).
A benchmark, not a test: it prints figures and fails only if it cannot run.

Two networks:
  user  QEMU user networking (slirp), host peer on 127.0.0.1;
  tap   a tap device inside a network namespace this script creates and removes itself
        (needs root and iproute2; skipped with a note otherwise), host peer on 10.0.3.1.
On each: frames per second the driver transmits (60- and 1514-byte frames, for one second
each) and the round-trip time of UDP echoes with one datagram in flight (median, p99).

Stage 4 runs it with --nic NAME=QEMU_DEVICE=KERNEL once per NIC (virtio-net against igb) and
gets every figure side by side with the ratio of the second NIC to the first."""
import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import threading

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools"))
import axqemu  # noqa: E402

ROUND_TRIPS = 2000


def echo_forever(addr, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, port))
    while True:
        data, peer = s.recvfrom(2048)
        s.sendto(data, peer)


def run_guest(cmd, timeout=120):
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                       stdin=subprocess.DEVNULL)
    return p.returncode, p.stdout + p.stderr


def figures(output):
    tx = re.findall(r"bench: transmit (\d+)-byte frames: (\d+) frames/s", output)
    rtt = re.search(r"udp client: (\d+) sent, (\d+) echoed, (\d+) lost.*median (\d+) us, p99 (\d+) us",
                    output)
    return tx, rtt


def report(name, code, output):
    """Prints the figures of one run; returns them as {label: number}, or None."""
    tx, rtt = figures(output)
    if code != axqemu.SUCCESS_EXIT or not tx or not rtt:
        print("%-5s could not run (QEMU status %d); last lines:" % (name, code))
        for line in output.splitlines()[-8:]:
            print("      | " + line)
        return None
    got = {}
    for size, rate in tx:
        print("%-5s transmit %4s-byte frames: %8s frames/s" % (name, size, rate))
        got["%s transmit %s B (frames/s)" % (name, size)] = int(rate)
    print("%-5s UDP echo round trip, 1 in flight: median %s us, p99 %s us (%s of %s echoed)"
          % (name, rtt.group(4), rtt.group(5), rtt.group(2), rtt.group(1)))
    got["%s echo median (us)" % name] = int(rtt.group(4))
    got["%s echo p99 (us)" % name] = int(rtt.group(5))
    return got


def bench_user(kernel, nic):
    port = axqemu.free_port()
    threading.Thread(target=echo_forever, args=("127.0.0.1", port), daemon=True).start()
    append = "bench=1 udp_peer=%d udp_count=%d udp_window=1" % (port, ROUND_TRIPS)
    code, out = run_guest(axqemu.qemu_command(
        kernel, append=append, extra=["-netdev", "user,id=n0", "-device", nic + ",netdev=n0"]))
    return report("user", code, out)


def bench_tap(kernel, nic):
    if os.geteuid() != 0 or not shutil.which("ip") or not os.path.exists("/dev/net/tun"):
        print("tap   skipped: needs root, iproute2 and /dev/net/tun")
        return {}
    ns = "axbench%d" % os.getpid()
    ip = ["ip", "-n", ns]
    try:
        subprocess.run(["ip", "netns", "add", ns], check=True)
        subprocess.run(ip + ["link", "set", "lo", "up"], check=True)
        subprocess.run(ip + ["tuntap", "add", "dev", "axtap0", "mode", "tap"], check=True)
        subprocess.run(ip + ["addr", "add", "10.0.3.1/24", "dev", "axtap0"], check=True)
        subprocess.run(ip + ["link", "set", "axtap0", "up"], check=True)
        port = 7777
        server = subprocess.Popen(["ip", "netns", "exec", ns, sys.executable,
                                   os.path.abspath(__file__), "--echo-server", "10.0.3.1",
                                   str(port)])
        try:
            append = ("ip=10.0.3.15 gw=10.0.3.1 bench=1 udp_peer=%d udp_count=%d udp_window=1"
                      % (port, ROUND_TRIPS))
            cmd = ["ip", "netns", "exec", ns] + axqemu.qemu_command(
                kernel, append=append,
                extra=["-netdev", "tap,id=n0,ifname=axtap0,script=no,downscript=no",
                       "-device", nic + ",netdev=n0"])
            code, out = run_guest(cmd)
            return report("tap", code, out)
        finally:
            server.kill()
            server.wait()
    finally:
        subprocess.run(["ip", "netns", "del", ns])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", help="a stage 3 kernel: virtio-net alone")
    ap.add_argument("--nic", action="append", default=[], metavar="NAME=DEVICE=KERNEL",
                    help="a NIC to measure (repeatable); the first is the ratios' baseline")
    ap.add_argument("--echo-server", nargs=2, metavar=("ADDR", "PORT"))
    a = ap.parse_args()
    if a.echo_server:
        echo_forever(a.echo_server[0], int(a.echo_server[1]))
        return 0
    nics = [n.split("=", 2) for n in a.nic]
    if a.kernel:
        nics.insert(0, ["virtio-net", "virtio-net-pci", a.kernel])
    print("benchmark: %s under QEMU %s (TCG), %d cores; guest times by its TSC"
          % (" against ".join(n[0] for n in nics),
             subprocess.run(["qemu-system-x86_64", "--version"], capture_output=True,
                            text=True).stdout.split()[3], os.cpu_count()))
    results, ok = [], True
    for name, device, kernel in nics:
        print("--- %s (-device %s)" % (name, device))
        user, tap = bench_user(kernel, device), bench_tap(kernel, device)
        ok = ok and user is not None and tap is not None
        results.append({**(user or {}), **(tap or {})})
    if len(nics) > 1:
        base = results[0]
        for (name, _, _), got in zip(nics[1:], results[1:]):
            print("--- %s / %s" % (name, nics[0][0]))
            for label, value in got.items():
                if base.get(label):
                    print("%-34s %10s %10s   ratio %.2f"
                          % (label, base[label], value, value / base[label]))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
