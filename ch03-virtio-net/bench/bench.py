#!/usr/bin/env python3
"""ch03-virtio-net/bench/bench.py: whole-system figures of the virtio-net driver (make ch3-bench).
A benchmark, not a test: it prints figures and fails only if it cannot run.

Two networks:
  user  QEMU user networking (slirp), host peer on 127.0.0.1;
  tap   a tap device inside a network namespace this script creates and removes itself
        (needs root and iproute2; skipped with a note otherwise), host peer on 10.0.3.1.
On each: frames per second the driver transmits (60- and 1514-byte frames, for one second
each) and the round-trip time of UDP echoes with one datagram in flight (median, p99)."""
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
    tx, rtt = figures(output)
    if code != axqemu.SUCCESS_EXIT or not tx or not rtt:
        print("%-5s could not run (QEMU status %d); last lines:" % (name, code))
        for line in output.splitlines()[-8:]:
            print("      | " + line)
        return False
    for size, rate in tx:
        print("%-5s transmit %4s-byte frames: %8s frames/s" % (name, size, rate))
    print("%-5s UDP echo round trip, 1 in flight: median %s us, p99 %s us (%s of %s echoed)"
          % (name, rtt.group(4), rtt.group(5), rtt.group(2), rtt.group(1)))
    return True


def bench_user(kernel):
    port = axqemu.free_port()
    threading.Thread(target=echo_forever, args=("127.0.0.1", port), daemon=True).start()
    append = "bench=1 udp_peer=%d udp_count=%d udp_window=1" % (port, ROUND_TRIPS)
    code, out = run_guest(axqemu.qemu_command(kernel, append=append, stage="ch03"))
    return report("user", code, out)


def bench_tap(kernel):
    if os.geteuid() != 0 or not shutil.which("ip") or not os.path.exists("/dev/net/tun"):
        print("tap   skipped: needs root, iproute2 and /dev/net/tun")
        return True
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
                       "-device", "virtio-net-pci,netdev=n0"])
            code, out = run_guest(cmd)
            return report("tap", code, out)
        finally:
            server.kill()
            server.wait()
    finally:
        subprocess.run(["ip", "netns", "del", ns])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel")
    ap.add_argument("--echo-server", nargs=2, metavar=("ADDR", "PORT"))
    a = ap.parse_args()
    if a.echo_server:
        echo_forever(a.echo_server[0], int(a.echo_server[1]))
        return 0
    print("ch03 benchmark: virtio-net under QEMU %s (TCG), %d cores; guest times by its TSC"
          % (subprocess.run(["qemu-system-x86_64", "--version"], capture_output=True,
                            text=True).stdout.split()[3], os.cpu_count()))
    ok = bench_user(a.kernel)
    ok = bench_tap(a.kernel) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
