#!/usr/bin/env python3
"""ch06-api/bench/bench.py: whole-system figures of the C++ httpserver (make ch6-bench). Prints
figures; never passes or fails on a time.

  - image size (code, data, zeroed memory; the ELF file)
  - QEMU start to "listening" on the serial console (host wall clock, median of 3 boots)
  - wrk requests/s and latency (p50, p99) at 1 and 32 connections, after a warm-up
  - the smallest -m (MiB) at which the server still answers GET /

QEMU user networking, TCG, one vCPU, as the tests run it."""
import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tools"))
import axqemu  # noqa: E402

PORT = 5555
READY = b"httpserver: listening"


def boot(kernel, memory="128M", timeout=60):
    """Boots the server; returns (process, host port, seconds to the ready line) or None."""
    port = axqemu.free_port()
    cmd = axqemu.qemu_command(kernel, memory=memory, extra=[
        "-netdev", "user,id=n0,hostfwd=tcp:127.0.0.1:%d-:%d" % (port, PORT),
        "-device", "virtio-net-pci,netdev=n0"])
    start = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         stdin=subprocess.DEVNULL)
    end = start + timeout
    for line in p.stdout:
        if READY in line:
            return p, port, time.monotonic() - start
        if time.monotonic() > end:
            break
    stop(p, None)
    return None


def stop(p, port):
    if port is not None:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
                s.sendall(b"GET /quit HTTP/1.1\r\nHost: b\r\n\r\n")
                s.recv(100)
        except OSError:
            pass
    try:
        p.wait(timeout=10)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()


def serves(port):
    r = subprocess.run(["curl", "-s", "-m", "10", "-o", "/dev/null", "-w", "%{http_code}",
                        "http://127.0.0.1:%d/" % port], capture_output=True, text=True, check=False)
    return r.stdout == "200"


def wrk(port, conns, secs):
    out = subprocess.run(["wrk", "-t", "1", "-c", str(conns), "-d", "%ds" % secs, "--latency",
                          "http://127.0.0.1:%d/" % port], capture_output=True, text=True,
                         check=False).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    lat = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.M))
    errors = re.search(r"Socket errors: .*|Non-2xx.*", out)
    return (float(rps.group(1)) if rps else 0.0, lat.get("50", "?"), lat.get("99", "?"),
            errors.group(0) if errors else "no errors")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--secs", type=int, default=5)
    a = ap.parse_args()

    size = subprocess.run(["size", a.kernel], capture_output=True, text=True).stdout.split("\n")[1]
    text, data, bss = (int(x) for x in size.split()[:3])
    print("bench: image: %d KiB code+rodata, %d KiB data, %d KiB zeroed; ELF file %d KiB "
          "(with debug information)" % (text >> 10, data >> 10, bss >> 10,
                                        os.path.getsize(a.kernel) >> 10))

    times = []
    for _ in range(3):
        b = boot(a.kernel)
        if b is None:
            sys.exit("bench: the server did not start")
        times.append(b[2])
        stop(b[0], b[1])
    print("bench: QEMU start to listening: median %.0f ms (%s)"
          % (statistics.median(times) * 1000, ", ".join("%.0f" % (t * 1000) for t in times)))

    p, port, _ = boot(a.kernel)
    wrk(port, 8, 1)  # warm-up: TCG translates the hot paths once
    for conns in (1, 32):
        rps, p50, p99, errors = wrk(port, conns, a.secs)
        print("bench: wrk -c %d -d %ds: %.0f requests/s, latency p50 %s p99 %s, %s"
              % (conns, a.secs, rps, p50, p99, errors))
    stop(p, port)

    smallest = None
    for mib in (16, 8, 6, 5, 4, 3, 2):
        b = boot(a.kernel, memory="%dM" % mib, timeout=30)
        ok = b is not None and serves(b[1])
        if b is not None:
            stop(b[0], b[1])
        print("bench: -m %dM: %s" % (mib, "serves" if ok else "does not serve"))
        if not ok:
            break
        smallest = mib
    print("bench: smallest -m that serves: %s" % ("%d MiB" % smallest if smallest else "above 16 MiB"))


if __name__ == "__main__":
    main()
