#!/usr/bin/env python3
"""ch05-axnet/bench/bench.py: the stage 5 kernel beside a Linux guest in the same QEMU
configuration (make ch5-bench). Figures only, never pass/fail on a time.

Both guests boot in turn on one tap device in a network namespace this script creates and
removes (needs root): q35, TCG, one vCPU, -m 128M, virtio-net-pci (tools/axqemu.py). Ours is
the stage 5 demo kernel (HTTP on 8080, TCP echo on 7000); Linux is Debian's kernel with a
busybox initramfs (tools/linux_guest.py, fetched with apt into the build tree) running static
Linux builds of stage 6's C httpserver (port 8080) and of bench/bwpeer.c (echo on 7000): the
closest equivalents of the demo's services. The same host clients measure both:
  start      QEMU start to listening, host wall clock (median of 3 boots); for ours, also
             where it goes: QEMU's own start, the firmware, our kernel
  wrk        requests/s and latency p50/p99 at 1 and 32 connections (after a 1 s warm-up)
  conns      new connections per second (connect, 1-byte echo, close), sequential
  echo       TCP throughput through the echo service, both directions at once (stage 5's
             kernel has no one-way sink or source; make ch6-bench measures each way alone)
  image      our ELF and its loaded size; Linux's vmlinuz plus the initramfs
  memory     the smallest -m at which each still serves the page"""
import argparse
import os
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import benchlib as b  # noqa: E402

READY = "services: tcp echo on"
HTTP = 8080


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kernel", required=True, help="the stage 5 kernel (ch05-kernel.elf)")
    ap.add_argument("--linux-http", required=True, help="static Linux build of httpserver.c")
    ap.add_argument("--linux-peer", required=True, help="static Linux build of bwpeer.c")
    ap.add_argument("--cache", default=b.linux_guest.DEFAULT_CACHE)
    ap.add_argument("--secs", type=int, default=5, help="seconds per wrk run")
    ap.add_argument("--mib", type=int, default=32, help="MiB through the echo service")
    ap.add_argument("--boots", type=int, default=3, help="boots per start-time figure")
    ap.add_argument("--build-type", default="?", help="CMAKE_BUILD_TYPE of our kernel")
    a = ap.parse_args()

    b.say("ch05 benchmark against a Linux guest; machine: " + b.machine_line())
    b.say("our kernel: %s build (%s)" % (a.build_type, a.kernel))
    b.say("Figures are noisy: this machine is shared; compare ratios from one run only.")
    index = b.linux_guest.prepare(a.cache)
    b.say("Linux guest: %s; static programs built with gcc -O2 -static" % index["versions"])
    t = b.Table("ch05: the stage 5 kernel vs Linux, virtio-net, tap device, -m 128M")

    with b.Netns("axbench5_") as ns:
        ns.enter()

        def ours(memory="128M"):
            return b.boot_ours(a.kernel, READY, memory=memory, netns=ns.name)

        def linux(binary, port, memory="128M", timeout=180):
            return b.boot_linux(binary, port, a.cache, ns.name, memory=memory, timeout=timeout)

        # --- ours ---
        parts = [p for p in (b.start_breakdown(b.OurGuest(a.kernel, READY, netns=ns.name))
                             for _ in range(a.boots)) if p]
        if parts:
            b.say("our start taken apart, median of %d (ms): QEMU's own start %.0f, firmware "
                  "(SeaBIOS, PVH option ROM) %.0f, our kernel to listening %.0f" % (
                      len(parts), *(statistics.median(p[k] for p in parts) for k in
                                    ("qemu", "firmware", "kernel"))))
        starts = b.median_start(ours, a.boots)
        b.say("our start to listening (ms): %s" % " ".join("%.0f" % s for s in starts))
        w1 = w32 = conns = echo = None
        g = ours()
        if g:
            url = "http://%s:%d/" % (b.GUEST, HTTP)
            b.wrk(url, 8, 1)  # warm-up: TCG translates the hot paths once
            w1, w32 = b.wrk(url, 1, a.secs), b.wrk(url, 32, a.secs)
            conns = b.conns_per_second(b.GUEST)
            echo = b.echo_both(b.GUEST, a.mib)
            g.stop()
        mem, failed = b.smallest_memory(lambda m: ours(m),
                                        lambda: b.http_ok(b.GUEST, HTTP),
                                        (64, 32, 16, 8, 6, 5, 4, 3, 2))
        b.say("our -m sweep: serves at %s MiB, not at %s MiB" % (mem, failed))

        # --- Linux ---
        lstarts, lw1, lw32, initrd = [], None, None, None
        for i in range(a.boots):
            g = linux(a.linux_http, HTTP)
            if not g:
                continue
            lstarts.append(g.listen_ms)
            b.say("Linux start to listening %.0f ms (%s)" % (
                g.listen_ms, g.listen_line.split("(")[-1].rstrip(")")))
            initrd = os.path.join(a.cache, "initramfs-virtio-tap.cpio")
            initrd = os.path.getsize(initrd) / 1024
            if i == 0:
                url = "http://%s:%d/" % (b.GUEST, HTTP)
                b.wrk(url, 8, 1)
                lw1, lw32 = b.wrk(url, 1, a.secs), b.wrk(url, 32, a.secs)
            g.stop()
        lconns = lecho = None
        g = linux(a.linux_peer, b.ECHO)
        if g:
            lconns = b.conns_per_second(b.GUEST)
            lecho = b.echo_both(b.GUEST, a.mib)
            g.stop()
        lmem, lfailed = b.smallest_memory(lambda m: linux(a.linux_http, HTTP, m, 120),
                                          lambda: b.http_ok(b.GUEST, HTTP),
                                          (96, 88, 80, 72, 64, 48, 32))
        b.say("Linux -m sweep: serves at %s MiB, not at %s MiB" % (lmem, lfailed))

    def f(w, k):
        return w[k] if w else None

    for n, w, lw in ((1, w1, lw1), (32, w32, lw32)):
        t.add("wrk -c%d requests/s" % n, f(w, "rps"), f(lw, "rps"), "", "higher")
        t.add("wrk -c%d latency p50" % n, f(w, "p50"), f(lw, "p50"), "ms", "lower")
        t.add("wrk -c%d latency p99" % n, f(w, "p99"), f(lw, "p99"), "ms", "lower")
        for who, x in (("ours", w), ("Linux", lw)):
            if x and x["errors"]:
                b.say("  wrk -c%d %s: %s" % (n, who, x["errors"]))
    t.add("new connections/s (connect, echo, close)", conns, lconns, "/s", "higher")
    t.add("TCP echo, MiB/s each way (both at once)", echo, lecho, "MiB/s", "higher")
    t.add("QEMU start to listening (median)", statistics.median(starts) if starts else None,
          statistics.median(lstarts) if lstarts else None, "ms", "lower")
    img = b.our_image(a.kernel)
    vmlinuz = os.path.getsize(index["kernel"]) / 1024
    t.add("image: stripped ELF / vmlinuz+initramfs", img["stripped"],
          vmlinuz + initrd if initrd else None, "KiB", "lower")
    t.add("smallest -m that serves the page", mem, lmem, "MiB", "lower")
    t.show()
    b.say("  ours: ELF file %.0f KiB with symbols, %.0f KiB stripped; loaded text %.0f KiB, data "
          "%.0f KiB, bss %.0f KiB (lwIP's heap and pools)" % (img["file"], img["stripped"],
                                                            img["text"], img["data"], img["bss"]))
    if initrd:
        b.say("  Linux: vmlinuz %.0f KiB (compressed), initramfs %.0f KiB (busybox, NIC modules, "
              "the static server)" % (vmlinuz, initrd))
    b.say("  HTTP: ours is the demo's C++ service, Linux runs the C httpserver (one thread per "
          "connection, keep-alive, a page of about the same size)")
    b.say("load average at the end: %.2f %.2f %.2f" % os.getloadavg())
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (RuntimeError, b.linux_guest.GuestError) as e:
        sys.exit("bench: cannot run: %s" % e)
