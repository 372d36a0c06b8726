#!/usr/bin/env python3
"""ch06-api/bench/bench.py: the C apps on this kernel beside the same sources on Linux
(make ch6-bench). Figures only, never pass/fail on a time.

Each C program is one source built twice: for this kernel over axlibc (ch06-c-NAME, and
ch06-bench-bwpeer for ch05-axnet/bench/bwpeer.c) and with gcc -O2 -static for a Linux guest
(Debian's kernel and busybox, tools/linux_guest.py, fetched with apt into the build tree). Both
boot in turn in the same QEMU configuration (q35, TCG, one vCPU, -m 128M, the same NIC) on one
tap device in a network namespace this script creates and removes (needs root), and the same
host clients measure them:
  httpserver, httpserver-epoll   QEMU start to listening (median of 3 boots), wrk requests/s
                                 and latency p50/p99 at 1 and 32 connections (after a 1 s
                                 warm-up), image size, the smallest -m that still serves
  bwpeer                         TCP throughput host to guest (sink) and guest to host (source),
                                 each alone, and new connections per second (1-byte echo)
--nic virtio (default), igb, or both (virtio-net-pci, QEMU's igb)."""
import argparse
import os
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "ch05-axnet", "bench"))
import benchlib as b  # noqa: E402

HTTP = 8080
MARKERS = {"httpserver": "httpserver: listening", "httpserver-epoll": "httpserver-epoll: listening",
           "bwpeer": "bwpeer: listening"}
PORTS = {"httpserver": HTTP, "httpserver-epoll": HTTP, "bwpeer": b.ECHO}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--app", nargs=4, action="append", required=True,
                    metavar=("NAME", "KERNEL_VIRTIO", "KERNEL_IGB", "LINUX_STATIC"))
    ap.add_argument("--cache", default=b.linux_guest.DEFAULT_CACHE)
    ap.add_argument("--nic", choices=("virtio", "igb", "both"),
                    default=os.environ.get("NIC", "virtio"))
    ap.add_argument("--secs", type=int, default=5, help="seconds per wrk run")
    ap.add_argument("--mib", type=int, default=32, help="MiB each way through bwpeer")
    ap.add_argument("--boots", type=int, default=3, help="boots per start-time figure")
    ap.add_argument("--no-memory", action="store_true", help="skip the -m sweeps")
    ap.add_argument("--build-type", default="?", help="CMAKE_BUILD_TYPE of our kernels")
    a = ap.parse_args()
    apps = {name: {"virtio": kv, "igb": ki, "linux": lx} for name, kv, ki, lx in a.app}
    nics = ("virtio", "igb") if a.nic == "both" else (a.nic,)

    b.say("ch06 benchmark against a Linux guest; machine: " + b.machine_line())
    b.say("Figures are noisy: this machine is shared; compare ratios from one run only.")
    b.say("our kernels: %s build" % a.build_type)
    index = b.linux_guest.prepare(a.cache)
    vmlinuz = os.path.getsize(index["kernel"]) / 1024
    b.say("Linux guest: %s; the same C sources built with gcc -O2 -static" % index["versions"])

    tables = []
    with b.Netns("axbench6_") as ns:
        ns.enter()
        for nic in nics:
            t = b.Table("ch06 on %s (tap device, -m 128M): ours / Linux" % nic)
            tables.append(t)
            for name in ("httpserver", "httpserver-epoll"):
                if name not in apps:
                    continue
                kernel, linux_bin = apps[name][nic], apps[name]["linux"]

                def ours(memory="128M", kernel=kernel, name=name):
                    return b.boot_ours(kernel, MARKERS[name], nic=nic, memory=memory,
                                       append="HTTP_PORT=%d" % HTTP, netns=ns.name)

                def linux(memory="128M", timeout=180, linux_bin=linux_bin):
                    return b.boot_linux(linux_bin, HTTP, a.cache, ns.name, nic=nic,
                                        memory=memory, timeout=timeout)

                url = "http://%s:%d/" % (b.GUEST, HTTP)
                parts = [p for p in (b.start_breakdown(b.OurGuest(
                    kernel, MARKERS[name], nic=nic, append="HTTP_PORT=%d" % HTTP,
                    netns=ns.name)) for _ in range(a.boots)) if p]
                if parts:
                    b.say("%s %s ours: start taken apart, median of %d (ms): QEMU's own start "
                          "%.0f, firmware %.0f, our kernel to listening %.0f" % (
                              nic, name, len(parts), *(statistics.median(p[k] for p in parts)
                                                       for k in ("qemu", "firmware", "kernel"))))
                res = {}
                for who, boot in (("ours", ours), ("linux", linux)):
                    starts, w1, w32, initrd = [], None, None, None
                    for i in range(a.boots):
                        g = boot()
                        if not g:
                            continue
                        starts.append(g.listen_ms)
                        if who == "linux":
                            initrd = os.path.getsize(os.path.join(
                                a.cache, "initramfs-%s-tap.cpio" % nic)) / 1024
                        if i == 0:
                            b.wrk(url, 8, 1)  # warm-up: TCG translates the hot paths once
                            w1, w32 = b.wrk(url, 1, a.secs), b.wrk(url, 32, a.secs)
                        g.stop()
                    b.say("%s %s %s: start to listening (ms) %s" % (
                        nic, name, who, " ".join("%.0f" % s for s in starts)))
                    mem = None
                    if not a.no_memory:
                        sizes = ((16, 8, 6, 5, 4, 3, 2) if who == "ours" else
                                 (96, 88, 80, 72, 64, 48, 32))
                        mem, failed = b.smallest_memory(
                            lambda m: boot(m, 120) if who == "linux" else boot(m),
                            lambda: b.http_ok(b.GUEST, HTTP), sizes)
                        b.say("%s %s %s: -m sweep serves at %s MiB, not at %s MiB" % (
                            nic, name, who, mem, failed))
                    for n, w in ((1, w1), (32, w32)):
                        if w and w["errors"]:
                            b.say("%s %s %s: wrk -c%d: %s" % (nic, name, who, n, w["errors"]))
                    res[who] = {"starts": starts, "w1": w1, "w32": w32, "mem": mem,
                                "image": b.our_image(kernel)["stripped"] if who == "ours"
                                else (vmlinuz + initrd if initrd else None)}

                def get(who, k, sub=None):
                    v = res[who][k]
                    if sub:
                        return v[sub] if v else None
                    return v

                for n in (1, 32):
                    w = "w%d" % n
                    t.add("%s wrk -c%d requests/s" % (name, n), get("ours", w, "rps"),
                          get("linux", w, "rps"), "", "higher")
                    t.add("%s wrk -c%d p50" % (name, n), get("ours", w, "p50"),
                          get("linux", w, "p50"), "ms", "lower")
                    t.add("%s wrk -c%d p99" % (name, n), get("ours", w, "p99"),
                          get("linux", w, "p99"), "ms", "lower")
                med = [statistics.median(res[who]["starts"]) if res[who]["starts"] else None
                       for who in ("ours", "linux")]
                t.add("%s start to listening" % name, med[0], med[1], "ms", "lower")
                t.add("%s image (stripped ELF / vmlinuz+initramfs)" % name, res["ours"]["image"],
                      res["linux"]["image"], "KiB", "lower")
                if not a.no_memory:
                    t.add("%s smallest -m that serves" % name, res["ours"]["mem"],
                          res["linux"]["mem"], "MiB", "lower")

            if "bwpeer" in apps:
                figs = {}
                for who in ("ours", "linux"):
                    if who == "ours":
                        g = b.boot_ours(apps["bwpeer"][nic], MARKERS["bwpeer"], nic=nic,
                                        netns=ns.name)
                    else:
                        g = b.boot_linux(apps["bwpeer"]["linux"], b.ECHO, a.cache, ns.name,
                                         nic=nic)
                    if not g:
                        figs[who] = (None, None, None)
                        continue
                    b.to_guest(b.GUEST, 4)  # warm-up
                    figs[who] = (b.to_guest(b.GUEST, a.mib), b.from_guest(b.GUEST, a.mib),
                                 b.conns_per_second(b.GUEST))
                    g.stop()
                t.add("TCP host to guest (bwpeer sink)", figs["ours"][0], figs["linux"][0],
                      "MiB/s", "higher")
                t.add("TCP guest to host (bwpeer source)", figs["ours"][1], figs["linux"][1],
                      "MiB/s", "higher")
                t.add("new connections/s (connect, echo, close)", figs["ours"][2],
                      figs["linux"][2], "/s", "higher")

    for t in tables:
        t.show()
    for name in ("httpserver", "httpserver-epoll"):
        if name in apps:
            img = b.our_image(apps[name]["virtio"])
            b.say("  %s (virtio build): ELF %.0f KiB, stripped %.0f KiB; loaded text %.0f KiB, "
                  "data %.0f KiB, bss %.0f KiB; static Linux build %d KiB" % (
                      name, img["file"], img["stripped"], img["text"], img["data"], img["bss"],
                      os.path.getsize(apps[name]["linux"]) >> 10))
    b.say("  Linux image: vmlinuz %.0f KiB (compressed) + initramfs (busybox, the NIC's modules, "
          "the static program)" % vmlinuz)
    b.say("load average at the end: %.2f %.2f %.2f" % os.getloadavg())
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (RuntimeError, b.linux_guest.GuestError) as e:
        sys.exit("bench: cannot run: %s" % e)
