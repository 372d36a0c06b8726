#!/usr/bin/env python3
"""ch05-axnet/bench/bench.py: whole-system figures of the stage 5 kernel (make ch5-bench).
Figures only, never pass/fail:
  image      the kernel ELF's size, and its loaded text+data+bss
  start      QEMU start to the services listening (median of 5 boots)
  memory     the smallest -m (MiB) at which the kernel still serves the page
  user       over QEMU user networking: wrk at 1 and 32 connections (requests/s, p50, p99),
             new connections per second, TCP echo throughput (both directions at once)
  tap        the same wrk and echo figures over a tap device in a network namespace this script
             creates and removes (root only)
No Linux guest is measured beside them yet (chapter 5, section 9)."""
import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tools"))
import net_test  # noqa: E402

LOG = "/tmp/ch05-bench-%d.log" % os.getpid()


def wrk(url, conns, prefix=()):
    out = subprocess.run(list(prefix) + ["wrk", "-t", "1" if conns == 1 else "2", "-c", str(conns),
                                         "-d", "5s", "--latency", url],
                         capture_output=True, text=True, check=False).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p50 = re.search(r"\s50%\s+([\d.]+\w+)", out)
    p99 = re.search(r"\s99%\s+([\d.]+\w+)", out)
    if not rps:
        return "wrk failed"
    return "%8.0f req/s  p50 %-8s p99 %s" % (float(rps.group(1)), p50.group(1) if p50 else "?",
                                             p99.group(1) if p99 else "?")


def echo_throughput(host, port, mib):
    """Pushes mib MiB through the echo service and reads them back at once; MiB/s each way."""
    s = socket.create_connection((host, port), timeout=60)
    block = bytes(range(256)) * 4096
    total = mib << 20

    def sender():
        left = total
        while left:
            n = min(left, len(block))
            s.sendall(block[:n])
            left -= n
        s.shutdown(socket.SHUT_WR)

    start = time.monotonic()
    t = threading.Thread(target=sender)
    t.start()
    got = 0
    while True:
        chunk = s.recv(1 << 20)
        if not chunk:
            break
        got += len(chunk)
    t.join()
    s.close()
    took = time.monotonic() - start
    return "%.1f MiB/s each way (%d MiB, %s)" % (mib / took, mib, "intact" if got == total else
                                                "got %d bytes" % got)


def conns_per_second(host, port, seconds=3):
    end, n = time.monotonic() + seconds, 0
    start = time.monotonic()
    while time.monotonic() < end:
        with socket.create_connection((host, port), timeout=30) as s:
            s.sendall(b"x")
            s.recv(1)
        n += 1
    return "%.0f connections/s (connect, 1-byte echo, close)" % (n / (time.monotonic() - start))


def client_main(args):
    """Runs inside the namespace for the tap figures."""
    host, http, echo = args[0], int(args[1]), int(args[2])
    print("tap   wrk  1 conn    %s" % wrk("http://%s:%d/" % (host, http), 1))
    print("tap   wrk 32 conns   %s" % wrk("http://%s:%d/" % (host, http), 32))
    print("tap   new conns      %s" % conns_per_second(host, echo))
    print("tap   tcp echo       %s" % echo_throughput(host, echo, 64))


def boot(kernel, **kw):
    g = net_test.Guest(kernel, LOG, **kw)
    ok = g.wait_for(net_test.READY, 60) is not None
    return g, ok


def stop(g):
    if g.qemu.poll() is None:
        g.qemu.kill()
    g.qemu.wait()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel")
    ap.add_argument("--client", nargs=3)
    a = ap.parse_args()
    if a.client:
        client_main(a.client)
        return 0
    qv = subprocess.run(["qemu-system-x86_64", "--version"], capture_output=True, text=True).stdout
    print("ch05 benchmark: %s, TCG, %d cores" % (qv.split("\n")[0], os.cpu_count()))
    sizes = subprocess.run(["size", a.kernel], capture_output=True, text=True).stdout.split("\n")[1]
    text, data, bss = (int(x) for x in sizes.split()[:3])
    print("image file %d KiB; text %d KiB, data %d KiB, bss %d KiB" % (
        os.path.getsize(a.kernel) >> 10, text >> 10, data >> 10, bss >> 10))

    starts = []
    for _ in range(5):
        g, ok = boot(a.kernel)
        if ok:
            starts.append((time.monotonic() - g.started) * 1000)
        stop(g)
    if starts:
        print("start to listening: median %.0f ms (%s)" % (statistics.median(starts),
                                                        " ".join("%.0f" % s for s in starts)))

    smallest = None
    for mib in (64, 32, 16, 12, 8, 6, 4, 3, 2):
        g, ok = boot(a.kernel, memory="%dM" % mib, timeout=30)
        if ok:
            try:
                ok = g.get("/", timeout=10)[0] == 200
            except OSError:
                ok = False
        stop(g)
        if not ok:
            break
        smallest = mib
    print("smallest -m that serves the page: %s MiB" % smallest)

    g, ok = boot(a.kernel)
    if ok:
        print("user  wrk  1 conn    %s" % wrk("http://127.0.0.1:%d/" % g.http, 1))
        print("user  wrk 32 conns   %s" % wrk("http://127.0.0.1:%d/" % g.http, 32))
        print("user  new conns      %s" % conns_per_second("127.0.0.1", g.echo))
        print("user  tcp echo       %s" % echo_throughput("127.0.0.1", g.echo, 64))
    stop(g)

    if os.geteuid() != 0 or not shutil.which("ip") or not os.path.exists("/dev/net/tun"):
        print("tap   skipped: needs root, iproute2 and /dev/net/tun")
        return 0
    ns = "axbench5_%d" % os.getpid()
    ip = ["ip", "-n", ns]
    try:
        subprocess.run(["ip", "netns", "add", ns], check=True)
        subprocess.run(ip + ["link", "set", "lo", "up"], check=True)
        subprocess.run(ip + ["tuntap", "add", "dev", "axtap5", "mode", "tap"], check=True)
        subprocess.run(ip + ["addr", "add", "10.0.5.1/24", "dev", "axtap5"], check=True)
        subprocess.run(ip + ["link", "set", "axtap5", "up"], check=True)
        g, ok = boot(a.kernel, append="ip=10.0.5.15 gw=10.0.5.1",
                     netdev="tap,id=n0,ifname=axtap5,script=no,downscript=no",
                     prefix=["ip", "netns", "exec", ns])
        if ok:
            subprocess.run(["ip", "netns", "exec", ns, sys.executable, os.path.abspath(__file__),
                            "--client", "10.0.5.15", str(net_test.HTTP), str(net_test.ECHO)],
                           check=False)
        stop(g)
    finally:
        subprocess.run(["ip", "netns", "del", ns], check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
