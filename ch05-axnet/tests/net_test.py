#!/usr/bin/env python3
"""ch05-axnet/tests/net_test.py: the stage 5 kernel on QEMU user networking, served to and
served by real clients on the host (curl, Python sockets, a Python DNS and HTTP server).

Each --case boots its own guest with the services' ports forwarded to free host ports
(hostfwd), runs its checks, asks the guest to stop (GET /quit) and requires the success exit
status. Cases:
  http     curl fetches the page, then 1,000 requests over one keep-alive connection
  bulk     64 MiB each way through the TCP echo service, CRC-32 checked
  conns    200 concurrent echo connections, then 2,000 sequential ones: lwIP's pools, heap,
           lent buffers and the task count are back at their baseline (GET /stats)
  udp      10,000 datagrams through the UDP echo service, each checked
  client   the guest's TCP client fetches from a host HTTP server; the guest resolves a name
           with a DNS server run here; a refused connect and a timed-out one are errors in
           the guest's log
  dhcp     ip=dhcp: QEMU's DHCP server gives the address; the page is served
  faults   a client that never reads (zero window), one that resets mid-transfer and 150 idle
           connections leave the server serving a new client, and everything is freed after"""
import argparse
import http.server
import os
import random
import re
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools"))
import axqemu  # noqa: E402

HTTP, ECHO, UDP = 8080, 7000, 7001  # the guest's ports (app/services.h)
READY = "services: tcp echo on"


def quit_over_http(run):
    """The stage 5 demo's and the HTTP servers' way to stop: GET /quit."""
    run.get("/quit", timeout=10)


class Run:
    """A program whose output is collected line by line: a kernel under QEMU (cmd from
    axqemu.qemu_command) or, with kernel=False, a host process (a C app's Linux build). The
    process is self.qemu either way; self.http is the host port get() talks to."""

    def __init__(self, cmd, log_path, timeout, env=None, kernel=True):
        self.cmd, self.log_path, self.lines, self.kernel = cmd, log_path, [], kernel
        self.started = time.monotonic()
        self.deadline = self.started + timeout
        self.qemu = subprocess.Popen(self.cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, env=env)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for raw in self.qemu.stdout:
            self.lines.append(raw.decode("utf-8", "replace").rstrip("\r\n"))

    def wait_for(self, pattern, timeout=60):
        end = min(self.deadline, time.monotonic() + timeout)
        while time.monotonic() < end:
            for line in list(self.lines):
                m = re.search(pattern, line)
                if m:
                    return m
            if self.qemu.poll() is not None:
                time.sleep(0.2)  # let the reader take the last lines
                return next((re.search(pattern, l) for l in self.lines if re.search(pattern, l)),
                            None)
            time.sleep(0.05)
        return None

    def get(self, path, timeout=30):
        """One HTTP/1.1 request on a new connection; returns (status, body)."""
        with socket.create_connection(("127.0.0.1", self.http), timeout=timeout) as s:
            s.sendall(("GET %s HTTP/1.1\r\nHost: guest\r\nConnection: close\r\n\r\n" % path).encode())
            data = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        status = int(head.split(b" ")[1]) if head.startswith(b"HTTP/1.1 ") else 0
        return status, body

    def stats(self):
        status, body = self.get("/stats")
        if status != 200:
            raise RuntimeError("GET /stats answered %d" % status)
        return dict((k, int(v)) for k, v in (l.split() for l in body.decode().splitlines()))

    def finish(self, problems, stop=quit_over_http, want_status=0):
        """Stops the program with stop(self) if it still runs (stop=None: waits for it to end
        by itself), keeps its log, and checks how it ended: exit status @p want_status for a
        host process; for a kernel, the isa-debug-exit status of success (want_status 0) or
        failure, and no panic, lwIP assertion or unknown kernel argument in its log (every
        argument a test passes must be one the kernel declares)."""
        if self.qemu.poll() is None and stop is not None:
            try:
                stop(self)
            except OSError as e:
                problems.append("stopping the program failed: %s" % e)
        try:
            code = self.qemu.wait(timeout=max(5, self.deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            self.qemu.kill()
            code = self.qemu.wait()
            problems.append("the program did not stop in time")
        self.reader.join(timeout=5)
        with open(self.log_path, "w") as f:
            f.write("# %s\n" % " ".join(self.cmd))
            f.write("\n".join(self.lines) + "\n")
        if not self.kernel:
            if code != want_status:
                problems.append("exit status %d, want %d" % (code, want_status))
            return
        want = axqemu.SUCCESS_EXIT if want_status == 0 else axqemu.FAILURE_EXIT
        if code != want:
            problems.append("QEMU exit status %d: %s" % (code, axqemu.explain_exit(code)))
        for line in self.lines:
            if re.search(r"panic|lwip: assertion|unknown kernel argument", line):
                problems.append("guest log: %s" % line)


class Guest(Run):
    """A booted ch05 kernel with the services' ports forwarded to free host ports (or the
    given netdev), its serial output collected line by line."""

    def __init__(self, kernel, log_path, append="", timeout=120, memory="128M", netdev=None,
                 prefix=(), device="virtio-net-pci"):
        self.http, self.echo, self.udp = axqemu.free_port(), axqemu.free_port(), free_udp_port()
        netdev = netdev or ("user,id=n0,hostfwd=tcp:127.0.0.1:%d-:%d,hostfwd=tcp:127.0.0.1:%d-:%d,"
                  "hostfwd=udp:127.0.0.1:%d-:%d" % (self.http, HTTP, self.echo, ECHO, self.udp, UDP))
        super().__init__(list(prefix) + axqemu.qemu_command(
            kernel, append=append, memory=memory,
            extra=["-netdev", netdev, "-device", "%s,netdev=n0" % device]), log_path, timeout)


def free_udp_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pattern_block(seed, size=1 << 20):
    return random.Random(seed).randbytes(size)


# --- cases -----------------------------------------------------------------------------------

def case_http(g, problems, a):
    page = subprocess.run(["curl", "-s", "-m", "30", "http://127.0.0.1:%d/" % g.http],
                          capture_output=True, check=False).stdout
    if b"<h1>Hello from axnet</h1>" not in page:
        problems.append("curl did not get the page: %r" % page[:200])
    with tempfile.NamedTemporaryFile("w", suffix=".curl", delete=False) as cfg:
        for _ in range(a.requests):
            cfg.write('url = "http://127.0.0.1:%d/"\noutput = "/dev/null"\n' % g.http)
    out = subprocess.run(["curl", "-s", "-m", "120", "-K", cfg.name, "-w",
                          "%{http_code} %{num_connects}\\n"],
                         capture_output=True, text=True, check=False).stdout.split("\n")
    os.unlink(cfg.name)
    results = [l.split() for l in out if l.strip()]
    ok = sum(1 for r in results if r[0] == "200")
    connects = sum(int(r[1]) for r in results)
    if ok != a.requests:
        problems.append("keep-alive: %d of %d requests answered 200" % (ok, a.requests))
    if connects != 1:
        problems.append("keep-alive: curl opened %d connections for %d requests (want 1)"
                        % (connects, a.requests))
    return "page fetched; %d keep-alive requests on %d connection(s)" % (ok, connects)


def read_counting(conn, tally):
    """Reads @p conn to its end, keeping tally = [bytes, CRC-32] up to date as data comes (a
    reset mid-stream leaves what arrived before it)."""
    while True:
        chunk = conn.recv(1 << 20)
        if not chunk:
            return
        tally[0] += len(chunk)
        tally[1] = zlib.crc32(chunk, tally[1])


def case_bulk(g, problems, a):
    total = a.mib << 20
    block = pattern_block(1)
    s = socket.create_connection(("127.0.0.1", g.echo), timeout=60)
    sent_crc, got = [0], [0, 0]

    def sender():
        crc, left = 0, total
        while left:
            chunk = block[:min(left, len(block))]
            s.sendall(chunk)
            crc = zlib.crc32(chunk, crc)
            left -= len(chunk)
        sent_crc[0] = crc
        s.shutdown(socket.SHUT_WR)

    start = time.monotonic()
    t = threading.Thread(target=sender)
    t.start()
    read_counting(s, got)
    t.join()
    took = time.monotonic() - start
    s.close()
    if got[0] != total or got[1] != sent_crc[0]:
        problems.append("echo: sent %d bytes crc %08x, got back %d bytes crc %08x"
                        % (total, sent_crc[0], got[0], got[1]))
    return "%d MiB each way echoed intact in %.1f s (%.1f MiB/s each way)" % (
        a.mib, took, a.mib / took)


def settled_stats(g, base, keys, timeout=15):
    """GET /stats until the keys match base (closing handshakes take a moment)."""
    end = time.monotonic() + timeout
    while True:
        st = g.stats()
        if all(st[k] == base[k] for k in keys) or time.monotonic() > end:
            return st
        time.sleep(0.2)


POOL_KEYS = ("memp_used", "mem_used", "rx_lent", "live_conns", "tasks")


def baseline(g):
    """/stats once the warm-up connection has finished closing: two readings alike."""
    last = g.stats()
    for _ in range(50):
        time.sleep(0.2)
        st = g.stats()
        if all(st[k] == last[k] for k in POOL_KEYS):
            return st
        last = st
    return last


def check_baseline(g, base, problems, what, timeout=15):
    st = settled_stats(g, base, POOL_KEYS, timeout)
    for k in POOL_KEYS:
        if st[k] != base[k]:
            problems.append("after %s: %s is %d, was %d" % (what, k, st[k], base[k]))


def echo_on(s, msg):
    """Sends msg on s and returns what comes back, up to its length."""
    s.sendall(msg)
    got = b""
    while len(got) < len(msg):
        chunk = s.recv(4096)
        if not chunk:
            break
        got += chunk
    return got


def echo_once(port, msg):
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        return echo_on(s, msg)


def case_conns(g, problems, a):
    echo_once(g.echo, b"warm-up")
    base = baseline(g)
    # One round trip on each before opening the next: QEMU's user network listens with a
    # backlog of 1, so connects opened faster than it accepts wait for the host's SYN
    # retransmission (1 s each). All of them stay open; then each talks again.
    socks = []
    for i in range(a.concurrent):
        socks.append(socket.create_connection(("127.0.0.1", g.echo), timeout=60))
        socks[-1].sendall(b"open %d" % i)
        socks[-1].recv(100)
    bad = sum(echo_on(s, b"connection %d" % i) != b"connection %d" % i for i, s in enumerate(socks))
    most = g.stats()["live_conns"] - 1  # less the /stats connection itself
    for s in socks:
        s.close()
    if bad:
        problems.append("%d of %d concurrent connections got a wrong echo" % (bad, a.concurrent))
    if most != a.concurrent:
        problems.append("the guest served %d connections at once, not %d" % (most, a.concurrent))
    check_baseline(g, base, problems, "%d concurrent connections" % a.concurrent)
    start = time.monotonic()
    wrong = sum(echo_once(g.echo, b"seq %d" % i) != b"seq %d" % i for i in range(a.sequential))
    took = time.monotonic() - start
    if wrong:
        problems.append("%d of %d sequential connections got a wrong echo" % (wrong, a.sequential))
    check_baseline(g, base, problems, "%d sequential connections" % a.sequential)
    return "%d concurrent and %d sequential connections served (%.0f connections/s); pools " \
           "back at baseline" % (a.concurrent, a.sequential, a.sequential / took)


def case_udp(g, problems, a):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(3.0)
    got, corrupt, nxt, window = set(), 0, 0, 32

    def datagram(seq):
        body = bytes((seq + i) & 0xff for i in range(64))
        return struct.pack("<II", seq, zlib.crc32(body)) + body

    while len(got) + corrupt < a.datagrams:
        while nxt < a.datagrams and nxt - len(got) - corrupt < window:
            s.sendto(datagram(nxt), ("127.0.0.1", g.udp))
            nxt += 1
        try:
            data = s.recv(2048)
        except socket.timeout:
            break
        seq = struct.unpack("<I", data[:4])[0] if len(data) == 72 else None
        if seq is None or seq >= a.datagrams or seq in got or data != datagram(seq):
            corrupt += 1
        else:
            got.add(seq)
    s.close()
    if len(got) != a.datagrams or corrupt:
        problems.append("udp echo: %d of %d datagrams echoed intact, %d corrupt"
                        % (len(got), a.datagrams, corrupt))
    return "%d UDP datagrams echoed intact" % len(got)


# A DNS server for the client case: A records for NAMES, no answer at all for SILENT (a server
# that never answers), NXDOMAIN for anything else.
NAMES = {"axnet.test": "10.1.2.3", "www.axnet.test": "192.0.2.80"}
SILENT = set()


def dns_server(sock, stop):
    sock.settimeout(0.2)
    while not stop.is_set():
        try:
            q, peer = sock.recvfrom(512)
        except socket.timeout:
            continue
        if len(q) < 17:
            continue
        labels, i = [], 12
        while i < len(q) and q[i]:
            labels.append(q[i + 1:i + 1 + q[i]].decode("ascii", "replace"))
            i += 1 + q[i]
        question = q[12:i + 5]
        name = ".".join(labels).lower()
        if name in SILENT:
            continue
        ip = NAMES.get(name)
        flags = 0x8180 if ip else 0x8183  # response, recursion; NXDOMAIN when unknown
        head = q[:2] + struct.pack(">HHHHH", flags, 1, 1 if ip else 0, 0, 0)
        answer = b""
        if ip:
            answer = struct.pack(">HHHIH", 0xc00c, 1, 1, 60, 4) + socket.inet_aton(ip)
        sock.sendto(head + question + answer, peer)


def host_web_and_dns(body, stop):
    """The client cases' host peers, on 127.0.0.1 (10.0.2.2 to the guest): an HTTP server that
    answers every GET with body, and dns_server() on a UDP port, until stop is set. Returns
    (HTTP port, DNS port). Stage 6's apps_test.py uses it too."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    web = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=web.serve_forever, daemon=True).start()
    dns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    dns.bind(("127.0.0.1", 0))
    threading.Thread(target=dns_server, args=(dns, stop), daemon=True).start()
    return web.server_address[1], dns.getsockname()[1]


def case_client(g, problems, a):
    lines = "\n".join(g.lines)
    m = re.search(r"fetch: \d+ bytes from 10\.0\.2\.2:\d+, body (\d+) bytes, crc32 ([0-9a-f]{8})", lines)
    want = (len(a.body), "%08x" % zlib.crc32(a.body))
    if not m or (int(m.group(1)), m.group(2)) != want:
        problems.append("the guest's fetch: %s, want body %d bytes crc32 %s"
                        % (m.group(0) if m else "no fetch line", want[0], want[1]))
    for pattern in [r"dns: axnet\.test is 10\.1\.2\.3",
                    r"connect to 10\.0\.2\.2:\d+: ConnectionRefused",
                    r"connect to 10\.0\.2\.99:80: TimedOut after \d+ ms"]:
        if not re.search(pattern, lines):
            problems.append("expected in the guest's log: /%s/" % pattern)
    return "guest fetched %d bytes intact, resolved axnet.test, logged refused and timed-out" \
           % want[0]


def case_dhcp(g, problems, a):
    if not g.wait_for(r"axnet: address 10\.0\.2\.15, gateway 10\.0\.2\.2, dns 10\.0\.2\.3", 1):
        problems.append("no DHCP address line in the guest's log")
    status, body = g.get("/")
    if status != 200 or b"Hello from axnet" not in body:
        problems.append("after DHCP, GET / answered %d" % status)
    return "DHCP gave 10.0.2.15; page served"


def case_faults(g, problems, a):
    echo_once(g.echo, b"warm-up")
    base = baseline(g)
    # A client that never reads: the guest's echo task blocks in send() on a zero window.
    stuck = socket.create_connection(("127.0.0.1", g.echo), timeout=30)
    stuck.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
    stuck.setblocking(False)
    block, pushed = pattern_block(2, 64 << 10), 0
    end = time.monotonic() + 10
    while time.monotonic() < end:
        try:
            pushed += stuck.send(block)
        except BlockingIOError:
            time.sleep(0.1)
            if pushed > (4 << 20):
                break
    # A client that resets mid-transfer.
    rst = socket.create_connection(("127.0.0.1", g.echo), timeout=30)
    rst.sendall(block * 4)
    rst.recv(1000)
    rst.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    rst.close()
    # Idle connections (through QEMU's user network the host cannot send bare SYNs: slirp
    # completes each handshake, so the flood is of connections that never send).
    # Each sends half a request head, so its task blocks in recv() for good; paced, as QEMU's
    # user network accepts with a backlog of 1.
    idle = []
    for _ in range(a.flood):
        idle.append(socket.create_connection(("127.0.0.1", g.http), timeout=30))
        idle[-1].sendall(b"GET / HTTP/1.1\r\n")
        time.sleep(0.01)
    if g.stats()["live_conns"] < a.flood + 2:
        problems.append("the guest did not hold every idle connection open")
    # A new client is served meanwhile.
    if echo_once(g.echo, b"still serving") != b"still serving":
        problems.append("the echo service stopped serving under the faults")
    status, body = g.get("/")
    if status != 200:
        problems.append("the HTTP service stopped serving under the faults (%d)" % status)
    # The idle clients go away abruptly (RST), as crashed clients would. The stuck one starts
    # reading at last: everything it pushed comes back and the guest closes after it. (Had it
    # vanished too, QEMU's user network would go on feeding the guest what it had already
    # taken from that client, megabytes at the zero window's trickle.)
    for s in idle:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        s.close()
    stuck.setblocking(True)
    stuck.settimeout(60)
    stuck.shutdown(socket.SHUT_WR)
    back = 0
    while True:
        chunk = stuck.recv(1 << 20)
        if not chunk:
            break
        back += len(chunk)
    stuck.close()
    if back != pushed:
        problems.append("the zero-window client got back %d of the %d bytes it sent" % (back, pushed))
    check_baseline(g, base, problems, "the faults")
    return "zero-window client (%d KiB pushed), reset mid-transfer and %d idle connections: " \
           "served a new client, everything freed" % (pushed >> 10, a.flood)


CASES = {"http": case_http, "bulk": case_bulk, "conns": case_conns, "udp": case_udp,
         "client": case_client, "dhcp": case_dhcp, "faults": case_faults}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--logdir", required=True)
    ap.add_argument("--case", required=True, choices=sorted(CASES))
    ap.add_argument("--device", default="virtio-net-pci", help="the NIC: virtio-net-pci or igb")
    ap.add_argument("--timeout", type=float, default=240)
    ap.add_argument("--requests", type=int, default=1000)
    ap.add_argument("--mib", type=int, default=64)
    ap.add_argument("--concurrent", type=int, default=200)
    ap.add_argument("--sequential", type=int, default=2000)
    ap.add_argument("--datagrams", type=int, default=10000)
    ap.add_argument("--flood", type=int, default=150)
    a = ap.parse_args()
    os.makedirs(a.logdir, exist_ok=True)
    log_path = os.path.join(a.logdir, "net_%s.log" % a.case)

    append, stop = "", threading.Event()
    if a.case == "client":
        a.body = pattern_block(3, 300000)
        web_port, dns_port = host_web_and_dns(a.body, stop)
        refused = axqemu.free_port()  # nothing listens there
        append = "fetch=%d lookup=axnet.test dns=10.0.2.2:%d refused=%d unreachable=1" % (
            web_port, dns_port, refused)
    elif a.case == "dhcp":
        append = "ip=dhcp"

    start = time.monotonic()
    g = Guest(a.kernel, log_path, append, a.timeout, device=a.device)
    problems, summary = [], ""
    if g.wait_for(READY, a.timeout):
        try:
            summary = CASES[a.case](g, problems, a)
        except (OSError, RuntimeError, ValueError) as e:
            problems.append("%s: %s" % (type(e).__name__, e))
    else:
        problems.append("the guest never started its services")
    g.finish(problems)
    stop.set()
    took = time.monotonic() - start
    if problems:
        print("net_test %s: FAIL (%.1f s)\n  - %s\n  serial log: %s"
              % (a.case, took, "\n  - ".join(problems), log_path))
        for line in g.lines[-15:]:
            print("    | " + line)
        return 1
    print("net_test %s: PASS: %s (%.1f s)" % (a.case, summary, took))
    return 0


if __name__ == "__main__":
    sys.exit(main())
