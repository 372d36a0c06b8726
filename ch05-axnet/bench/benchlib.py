"""ch05-axnet/bench/benchlib.py: what the stage 5 and stage 6 benchmarks share (make ch5-bench,
make ch6-bench): one network namespace with a tap device, our kernel and the Linux guest
(tools/linux_guest.py) booted on it in turn in the same QEMU configuration, the host-side
measurements (wrk, TCP throughput, new connections, memory sweep, start time and its parts),
and the table that prints both figures and their ratio. Figures only, never pass/fail.

The namespace: 10.0.3.1/24 on the host side (tap axtap0), 10.0.3.15 for either guest, the
addresses tools/linux_guest.py uses. The benchmark process enters the namespace itself (setns),
so every client it starts (wrk, curl, Python sockets) talks to the guest over the tap device
and nothing else on the machine is reachable or disturbed."""
import ctypes
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import axqemu  # noqa: E402
import linux_guest  # noqa: E402

GUEST, HOST = linux_guest.NETWORKS["tap"]
TAP = "axtap0"
NICS = linux_guest.NIC_DEVICE  # {"virtio": "virtio-net-pci", "igb": "igb"}
ECHO, SINK, SOURCE = 7000, 7002, 7003  # bwpeer.c's ports (stage 5's echo is 7000 too)
CLONE_NEWNET = 0x40000000


def say(msg=""):
    print(msg, flush=True)


def machine_line():
    """The machine and its load: the figures depend on both."""
    qv = subprocess.run(["qemu-system-x86_64", "--version"], capture_output=True,
                        text=True).stdout.split("\n")[0]
    model = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return "%s; %d cores (%s); %s, TCG, 1 vCPU; load average %.2f %.2f %.2f" % (
        os.uname().release, os.cpu_count(), model, qv, *os.getloadavg())


def our_image(kernel):
    """Sizes (KiB) of one of our kernels: the ELF as built (with symbols and debug information),
    the same stripped (what a boot loader needs), and its loaded text, data and bss."""
    stripped = "/tmp/axbench-strip-%d.elf" % os.getpid()
    subprocess.run(["objcopy", "--strip-all", kernel, stripped], check=True)
    size = os.path.getsize(stripped)
    os.unlink(stripped)
    line = subprocess.run(["size", kernel], capture_output=True, text=True).stdout.split("\n")[1]
    text, data, bss = (int(x) for x in line.split()[:3])
    return {"file": os.path.getsize(kernel) / 1024, "stripped": size / 1024, "text": text / 1024,
            "data": data / 1024, "bss": bss / 1024}


# --- the namespace ----------------------------------------------------------------------------

class Netns:
    """A network namespace with tap device axtap0 (10.0.3.1/24), removed on exit. enter()
    moves this process's calling thread (and threads and children it starts later) into it."""

    def __init__(self, tag):
        self.name = "%s%d" % (tag, os.getpid())
        self._home = None

    def __enter__(self):
        if os.geteuid() != 0 or not shutil.which("ip") or not os.path.exists("/dev/net/tun"):
            raise RuntimeError("the benchmark needs root, iproute2 and /dev/net/tun (tap device)")
        subprocess.run(["ip", "netns", "add", self.name], check=True)
        try:
            ip = ["ip", "-n", self.name]
            for cmd in (["link", "set", "lo", "up"],
                        ["tuntap", "add", "dev", TAP, "mode", "tap"],
                        ["addr", "add", HOST + "/24", "dev", TAP],
                        ["link", "set", TAP, "up"]):
                subprocess.run(ip + cmd, check=True)
        except BaseException:
            subprocess.run(["ip", "netns", "del", self.name], check=False)
            raise
        return self

    def enter(self):
        libc = ctypes.CDLL(None, use_errno=True)
        self._home = os.open("/proc/self/ns/net", os.O_RDONLY)
        fd = os.open("/run/netns/" + self.name, os.O_RDONLY)
        try:
            if libc.setns(fd, CLONE_NEWNET) != 0:
                raise OSError(ctypes.get_errno(), "setns into " + self.name)
        finally:
            os.close(fd)

    def __exit__(self, *exc):
        if self._home is not None:
            ctypes.CDLL(None, use_errno=True).setns(self._home, CLONE_NEWNET)
            os.close(self._home)
            self._home = None
        subprocess.run(["ip", "netns", "del", self.name], check=False)


# --- our kernel on the tap device -------------------------------------------------------------

class OurGuest:
    """One of our kernels booted on the namespace's tap device, the same QEMU configuration as
    the Linux guest's (tools/axqemu.py; only -kernel/-append/-initrd differ). Same interface as
    linux_guest.LinuxGuest: listen_ms, host, stop()."""

    def __init__(self, kernel, marker, nic="virtio", memory="128M", append="", timeout=60,
                 netns=None, log_path=None):
        self.kernel, self.marker, self.nic, self.memory = kernel, marker, nic, memory
        self.append = ("ip=%s gw=%s %s" % (GUEST, HOST, append)).strip()
        self.timeout, self.netns = timeout, netns
        self.log_path = log_path or "/tmp/axbench-%d.log" % os.getpid()
        self.host = GUEST
        self.listen_ms = None
        self.qemu = None
        self.lines = []
        self._cond = threading.Condition()

    def command(self, extra=()):
        prefix = ["ip", "netns", "exec", self.netns] if self.netns else []
        return prefix + axqemu.qemu_command(
            self.kernel, append=self.append, memory=self.memory,
            extra=["-netdev", "tap,id=n0,ifname=%s,script=no,downscript=no" % TAP,
                   "-device", "%s,netdev=n0" % NICS[self.nic]] + list(extra))

    def _reader(self, t0):
        with open(self.log_path, "w") as logf:
            for raw in self.qemu.stdout:
                line = raw.decode(errors="replace").rstrip("\r\n")
                ms = (time.monotonic() - t0) * 1000
                logf.write("[%9.1f ms] %s\n" % (ms, line))
                with self._cond:
                    self.lines.append((ms, line))
                    self._cond.notify_all()
        with self._cond:
            self.lines.append((None, None))
            self._cond.notify_all()

    def start(self):
        """Boots; returns self once the marker is on the console, None if it never comes."""
        t0 = time.monotonic()
        self.qemu = subprocess.Popen(self.command(), stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        threading.Thread(target=self._reader, args=(t0,), daemon=True).start()
        deadline, seen = t0 + self.timeout, 0
        with self._cond:
            while True:
                for ms, line in self.lines[seen:]:
                    if line is None:
                        self.stop()
                        return None
                    if self.marker in line:
                        self.listen_ms = ms
                        return self
                seen = len(self.lines)
                left = deadline - time.monotonic()
                if left <= 0:
                    self.stop()
                    return None
                self._cond.wait(left)

    def stop(self):
        if self.qemu and self.qemu.poll() is None:
            self.qemu.kill()
        if self.qemu:
            self.qemu.wait()


def boot_ours(kernel, marker, **kw):
    g = OurGuest(kernel, marker, **kw)
    return g.start()


def boot_linux(binary, port, cache, netns, nic="virtio", memory="128M", timeout=180):
    try:
        return linux_guest.LinuxGuest(binary, port=port, nic=nic, net="tap", memory=memory,
                                      cache=cache, netns=netns, timeout=timeout).start()
    except linux_guest.GuestError as e:
        say("  (Linux guest did not start: %s)" % str(e).split("\n")[0])
        return None


def start_breakdown(guest):
    """Where our kernel's start goes: QEMU's own start (started paused with -S: until its monitor
    has answered the capabilities handshake, which it does once the machine is built and its
    main loop runs), the firmware (from `cont` to the kernel's first console line: SeaBIOS and
    the PVH option ROM; the kernel prints its first line within microseconds of its entry), and
    our kernel (first line to the marker). Milliseconds, host wall clock."""
    sock = "/tmp/axbench-qmp-%d.sock" % os.getpid()
    cmd = guest.command(["-S", "-qmp", "unix:%s,server=on,wait=off" % sock])
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    try:
        s = socket.socket(socket.AF_UNIX)
        while True:
            try:
                s.connect(sock)
                break
            except OSError:
                if p.poll() is not None or time.monotonic() - t0 > 30:
                    return None
                time.sleep(0.001)
        f = s.makefile("rwb")
        f.readline()  # the greeting
        f.write(b'{"execute":"qmp_capabilities"}\n')
        f.flush()
        f.readline()
        t_cont = time.monotonic()
        f.write(b'{"execute":"cont"}\n')
        f.flush()
        first, end = None, t_cont + 30
        for raw in p.stdout:
            if first is None and raw.strip():
                first = time.monotonic()
            if guest.marker.encode() in raw:
                t_end = time.monotonic()
                return {"qemu": (t_cont - t0) * 1000, "firmware": (first - t_cont) * 1000, "kernel": (t_end - first) * 1000,
                        "total": (t_end - t0) * 1000}
            if time.monotonic() > end:
                break
        return None
    finally:
        if p.poll() is None:
            p.kill()
        p.wait()
        if os.path.exists(sock):
            os.unlink(sock)


# --- measurements on the host side -------------------------------------------------------------

def _ms(text):
    m = re.match(r"([\d.]+)(us|ms|s)$", text or "")
    if not m:
        return None
    return float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]


def wrk(url, conns, secs):
    """wrk against url: {"rps", "p50", "p99" (ms), "errors" (text or "")} or None."""
    out = subprocess.run(["wrk", "-t", "1" if conns == 1 else "2", "-c", str(conns), "-d",
                          "%ds" % secs, "--latency", url], capture_output=True, text=True,
                         check=False).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    lat = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.M))
    errors = re.findall(r"Socket errors: .*|Non-2xx.*", out)
    if not rps:
        return None
    return {"rps": float(rps.group(1)), "p50": _ms(lat.get("50")), "p99": _ms(lat.get("99")),
            "errors": "; ".join(errors)}


def _recv_all(s):
    got = 0
    while True:
        chunk = s.recv(1 << 20)
        if not chunk:
            return got
        got += len(chunk)


def _send_then_fin(s, total):
    """Sends total bytes of a fixed pattern on s, then FIN."""
    block = bytes(range(256)) * 4096
    left = total
    while left:
        n = min(left, len(block))
        s.sendall(block[:n])
        left -= n
    s.shutdown(socket.SHUT_WR)


def to_guest(host, mib):
    """MiB/s into bwpeer's sink (the guest answers its byte count after our FIN), or None."""
    total = mib << 20
    try:
        with socket.create_connection((host, SINK), timeout=60) as s:
            t = time.monotonic()
            _send_then_fin(s, total)
            answer = s.makefile().readline().strip()
            took = time.monotonic() - t
    except OSError:
        return None
    return mib / took if answer == str(total) else None


def from_guest(host, mib):
    """MiB/s from bwpeer's source (all bytes counted), or None."""
    total = mib << 20
    try:
        with socket.create_connection((host, SOURCE), timeout=60) as s:
            t = time.monotonic()
            s.sendall(b"%d\n" % total)
            got = _recv_all(s)
            took = time.monotonic() - t
    except OSError:
        return None
    return mib / took if got == total else None


def echo_both(host, mib):
    """MiB/s each way through the echo service, both directions at once, or None."""
    total = mib << 20
    try:
        s = socket.create_connection((host, ECHO), timeout=60)
    except OSError:
        return None
    failed = []

    def sender():
        try:
            _send_then_fin(s, total)
        except OSError as e:
            failed.append(e)

    t = time.monotonic()
    th = threading.Thread(target=sender)
    th.start()
    try:
        got = _recv_all(s)
    except OSError:
        got = -1
    th.join()
    s.close()
    took = time.monotonic() - t
    return mib / took if got == total and not failed else None


def conns_per_second(host, secs=3):
    """Sequential connections per second: connect, 1-byte echo, close."""
    n, start = 0, time.monotonic()
    try:
        while time.monotonic() - start < secs:
            with socket.create_connection((host, ECHO), timeout=30) as s:
                s.sendall(b"x")
                if s.recv(1) != b"x":
                    return None
            n += 1
    except OSError:
        return None
    return n / (time.monotonic() - start)


def http_ok(host, port):
    r = subprocess.run(["curl", "-s", "-m", "10", "-o", "/dev/null", "-w", "%{http_code}",
                        "http://%s:%d/" % (host, port)], capture_output=True, text=True)
    return r.stdout == "200"


def echo_ok(host):
    try:
        with socket.create_connection((host, ECHO), timeout=10) as s:
            s.sendall(b"ping")
            return s.recv(4) == b"ping"
    except OSError:
        return False


def smallest_memory(boot, serves, sizes):
    """The smallest -m (MiB) of sizes (descending) at which boot(mem) comes up and serves();
    stops at the first size that fails. Returns (smallest or None, the first failing size)."""
    smallest = None
    for mib in sizes:
        g = boot("%dM" % mib)
        ok = g is not None and serves()
        if g is not None:
            g.stop()
        if not ok:
            return smallest, mib
        smallest = mib
    return smallest, None


def median_start(boot, n):
    times = []
    for _ in range(n):
        g = boot()
        if g is not None:
            times.append(g.listen_ms)
            g.stop()
    return times


# --- the table --------------------------------------------------------------------------------

class Table:
    """Rows of (figure, ours, Linux, which is better); printed with ours/Linux."""

    def __init__(self, title):
        self.title = title
        self.rows = []

    def add(self, name, ours, linux, unit, better):
        self.rows.append((name, ours, linux, unit, better))

    def show(self):
        say()
        say(self.title)
        say("  %-48s %12s %12s %10s" % ("figure", "ours", "Linux", "ours/Linux"))
        for name, ours, linux, unit, better in self.rows:
            def fmt(v):
                if v is None:
                    return "n/a"
                return ("%.0f" % v if abs(v) >= 100 else "%.2f" % v if abs(v) < 10 else
                        "%.1f" % v) + " " + unit
            ratio = "%.2fx" % (ours / linux) if ours and linux else "n/a"
            say("  %-48s %12s %12s %10s  (%s is better)" % (name, fmt(ours), fmt(linux), ratio,
                                                             better))
