#!/usr/bin/env python3
"""ch06-api/tests/c_net_apps_test.py: the C network apps that talk to the host (name lookups,
an HTTP client, UDP echo, TCP bandwidth), each built for Linux (run here as a process) or for
the kernel (booted under QEMU user networking, virtio-net or igb), against the same peers on
the host. Same source, same test: the checks are about behaviour, not either system's quirks.

  --app getaddrinfo_cases  the program asserts getaddrinfo's answers and errors against a DNS
                           server run here (knows www.axnet.test, not nowhere.axnet.test, and
                           never answers for silent.axnet.test: EAI_AGAIN)
  --app httpclient         resolves www.axnet.test through that DNS server and GETs a 200,000-
                           byte page from an HTTP server here; its size and CRC-32 must match
  --app udpserver          --datagrams datagrams echoed intact (windowed), then sizes 1 to
                           1,472 bytes; the datagram "quit" ends it with status 0
  --app tcpbw              --mib MiB each way, CRC-32 checked by both ends: the program as the
                           sink (a Python sender here), then as the sender (a Python sink here)
  --app tcpbw_exit         the tcpbw program sends 60,000 bytes in one send(), closes and
                           returns from main at once; every byte must still arrive here
                           (CRC-32 checked)

The Linux build resolves through glibc, which asks port 53 of the name servers in
/etc/resolv.conf: for the name cases the test runs itself again in a new network namespace
(unshare; with a user namespace when not root), where loopback is its own, each of those
servers' addresses is made local, and a DNS server listens on each. The host's network and
files are not touched. The kernel build is told the server on its command line
(dns=10.0.2.2:PORT; QEMU's 10.0.2.2 is the host's loopback)."""
import argparse
import fcntl
import functools
import http.server
import os
import random
import re
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "ch05-axnet", "tests"))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tools"))
import axqemu  # noqa: E402
import net_test  # noqa: E402  (stage 5's helpers: the DNS server, the UDP echo check)

NICS = {"virtio": "virtio-net-pci", "igb": "igb"}
NAME, MISSING, SILENT = "www.axnet.test", "nowhere.axnet.test", "silent.axnet.test"
IN_NAMESPACE = "C_NET_APPS_IN_NAMESPACE"
RUNS = []  # every App started, for the failure report


def host_address(a):
    """The host's address as the app sees it: loopback, or QEMU user networking's gateway."""
    return "127.0.0.1" if a.mode == "linux" else "10.0.2.2"


class App(net_test.Run):
    """One run of the app: a host process (Linux build) or QEMU (kernel build). @p env is the
    app's environment (the kernel command line); @p listen = (proto, guest port, env name) has
    the app serve a port: the Linux build is given a free host port, the kernel build its guest
    port, forwarded from a free host port. self.port is where the host reaches it; self.host is
    the host's address as the app sees it. Stage 5's Run collects the output (wait_for).
    """

    def __init__(self, a, env, log_name, listen=None):
        self.mode = a.mode
        self.host = host_address(a)
        self.port = None
        env = dict(env)
        fwd = ""
        if listen:
            proto, guest_port, var = listen
            self.port = net_test.free_udp_port() if proto == "udp" else axqemu.free_port()
            env[var] = str(self.port if a.mode == "linux" else guest_port)
            fwd = ",hostfwd=%s:127.0.0.1:%d-:%d" % (proto, self.port, guest_port)
        if a.mode == "linux":
            cmd = [a.binary]
            penv = dict(os.environ, **env)
        else:
            append = " ".join("%s=%s" % kv for kv in sorted(env.items()))
            cmd = axqemu.qemu_command(a.binary, append=append, extra=[
                "-netdev", "user,id=n0" + fwd, "-device", NICS[a.nic] + ",netdev=n0"])
            penv = None
        log_path = os.path.join(a.logdir, "%s_%s%s_%s.log" % (
            a.app, a.mode, "" if a.mode == "linux" else "_" + a.nic, log_name))
        super().__init__(cmd, log_path, a.timeout, env=penv, kernel=a.mode != "linux")
        RUNS.append(self)

    def finish(self, problems, want_status=0):
        """Waits for the app to end by itself; its exit status must be @p want_status."""
        super().finish(problems, stop=None, want_status=want_status)


# --- The name server ---------------------------------------------------------------------------

def start_dns(a, stop):
    """Runs stage 5's DNS server; returns (what the app's environment needs, NAME's address).
    The Linux build's resolver asks port 53 of the servers in /etc/resolv.conf: inside the
    network namespace (enter_namespaces) those addresses are all local, and one DNS server
    listens on each."""
    addr = host_address(a)
    socks = []
    if a.mode == "linux":
        for server in resolv_conf_servers():
            socks.append(socket.socket(socket.AF_INET, socket.SOCK_DGRAM))
            socks[-1].bind((server, 53))
        env = {}
    else:
        socks.append(socket.socket(socket.AF_INET, socket.SOCK_DGRAM))
        socks[-1].bind(("127.0.0.1", 0))
        env = {"dns": "10.0.2.2:%d" % socks[-1].getsockname()[1]}
    net_test.NAMES[NAME] = addr
    # glibc reads localhost from /etc/hosts, which a bare root (debootstrap) does not have;
    # it then asks the name server, which answers it as RFC 6761 asks, so the Linux run's
    # answer does not depend on the machine. (axlibc answers localhost without asking.)
    net_test.NAMES["localhost"] = "127.0.0.1"
    net_test.NAMES.pop(MISSING, None)
    net_test.NAMES.pop(SILENT, None)
    net_test.SILENT.add(SILENT)
    for dns in socks:
        threading.Thread(target=net_test.dns_server, args=(dns, stop), daemon=True).start()
    return env, addr


def resolv_conf_servers():
    """The IPv4 name servers glibc will ask (resolv.conf(5); none listed means 127.0.0.1)."""
    servers = []
    try:
        with open("/etc/resolv.conf") as f:
            for line in f:
                words = line.split()
                if len(words) >= 2 and words[0] == "nameserver" and "." in words[1]:
                    servers.append(words[1])
    except OSError:
        pass
    return servers[:3] or ["127.0.0.1"]  # glibc asks at most three (MAXNS)


# Linux's interface ioctls (linux/sockios.h) and the layout of struct ifreq on x86_64.
SIOCGIFFLAGS, SIOCSIFFLAGS, SIOCSIFADDR, SIOCSIFNETMASK = 0x8913, 0x8914, 0x8916, 0x891C
IFF_UP = 0x1


def ifreq_addr(name, ip):
    return struct.pack("16sHH4s8x", name, socket.AF_INET, 0, socket.inet_aton(ip))


def configure_namespace():
    """In the new network namespace: loopback up, and each name server's address made local
    (an alias lo:N), so that glibc's queries reach the DNS server here."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        flags = struct.unpack("16sH14x", fcntl.ioctl(s, SIOCGIFFLAGS,
                                                     struct.pack("16sH14x", b"lo", 0)))[1]
        fcntl.ioctl(s, SIOCSIFFLAGS, struct.pack("16sH14x", b"lo", flags | IFF_UP))
        for i, server in enumerate(resolv_conf_servers()):
            if not server.startswith("127."):  # 127.0.0.0/8 is loopback's already
                alias = b"lo:%d" % (i + 1)
                fcntl.ioctl(s, SIOCSIFADDR, ifreq_addr(alias, server))
                fcntl.ioctl(s, SIOCSIFNETMASK, ifreq_addr(alias, "255.255.255.255"))


def enter_namespaces():
    """Runs this script again in a new network namespace (and, when not root, a user namespace
    where it is), then configure_namespace(). Returns the inner run's status, or None inside."""
    if os.environ.get(IN_NAMESPACE):
        configure_namespace()
        return None
    env = dict(os.environ, **{IN_NAMESPACE: "1"})
    user = [] if os.geteuid() == 0 else ["--user", "--map-root-user"]
    return subprocess.run(["unshare"] + user + ["--net", sys.executable] + sys.argv, env=env,
                          check=False).returncode


# --- Cases --------------------------------------------------------------------------------------

def case_getaddrinfo_cases(a, problems):
    stop = threading.Event()
    env, addr = start_dns(a, stop)
    env.update(GAI_NAME=NAME, GAI_ADDR=addr, GAI_MISSING=MISSING, GAI_SILENT=SILENT)
    if a.mode == "linux":  # glibc's wait for SILENT: 1 s per server, not 5 s twice (resolv.conf(5))
        env["RES_OPTIONS"] = "timeout:1 attempts:1"
    app = App(a, env, "run")
    m = app.wait_for(r"getaddrinfo_cases: (\d+) passed, (\d+) failed", 120)
    app.finish(problems)
    stop.set()
    problems.extend(l for l in app.lines if l.startswith("FAIL "))
    if not m or m.group(2) != "0" or int(m.group(1)) < 20:
        problems.append("result: %s" % (m.group(0) if m else "no result line"))
        return ""
    return "%s cases passed" % m.group(1)


def case_httpclient(a, problems):
    body = random.Random(6).randbytes(200000)
    root = tempfile.mkdtemp(prefix="httpclient-")
    with open(os.path.join(root, "index.html"), "wb") as f:
        f.write(body)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    web = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                          functools.partial(Quiet, directory=root))
    threading.Thread(target=web.serve_forever, daemon=True).start()
    stop = threading.Event()
    env, addr = start_dns(a, stop)
    env.update(HTTP_HOST=NAME, HTTP_PORT=str(web.server_address[1]))
    app = App(a, env, "run")
    m = app.wait_for(r"httpclient: body (\d+) bytes, crc32 ([0-9a-f]{8})", 120)
    app.finish(problems)
    stop.set()
    web.shutdown()
    shutil.rmtree(root)
    text = "\n".join(app.lines)
    want = (len(body), "%08x" % zlib.crc32(body))
    if not m or (int(m.group(1)), m.group(2)) != want:
        problems.append("httpclient: %s, want %d bytes crc32 %s"
                        % (m.group(0) if m else "no body line", want[0], want[1]))
    if not re.search(r"httpclient: %s is %s, port %d" % (re.escape(NAME), re.escape(addr),
                                                         web.server_address[1]), text):
        problems.append("httpclient did not resolve %s to %s" % (NAME, addr))
    if not re.search(r"httpclient: HTTP/1\.[01] 200 OK", text):
        problems.append("httpclient printed no 200 status line")
    return "resolved %s to %s, fetched %d bytes intact" % (NAME, addr, want[0])


def case_udpserver(a, problems):
    app = App(a, {}, "run", listen=("udp", 5555, "UDP_PORT"))
    if not app.wait_for(r"udpserver: listening on port", 120):
        problems.append("the app never listened")
        app.finish(problems)
        return ""
    app.udp = app.port
    summary = net_test.case_udp(app, problems, a)
    # Sizes up to the largest that needs no IP fragmentation (chapter 6: lwIP is built
    # without it), each echoed byte for byte.
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(5)
        for size in (1, 100, 512, 1000, 1472):
            msg = random.Random(size).randbytes(size)
            for attempt in range(3):  # UDP may drop; three tries each
                s.sendto(msg, ("127.0.0.1", app.port))
                try:
                    got = s.recv(2048)
                except socket.timeout:
                    continue
                break
            else:
                got = None
            if got != msg:
                problems.append("a %d-byte datagram came back %s" % (
                    size, "not at all" if got is None else "as %d bytes" % len(got)))
        s.sendto(b"quit", ("127.0.0.1", app.port))
    m = app.wait_for(r"udpserver: (\d+) datagrams echoed, (\d+) errors, quitting", 60)
    app.finish(problems)
    if not m or m.group(2) != "0":
        problems.append("end line: %s" % (m.group(0) if m else "none"))
    return summary + "; sizes 1 to 1,472 bytes echoed"


def crc_line(n, crc):
    return b"tcpbw: %d bytes crc32 %08x\n" % (n, crc)


def case_tcpbw(a, problems):
    total = a.mib << 20
    block = random.Random(5).randbytes(1 << 20)
    summary = []
    # Host to app: the app is the sink, this script the sender.
    app = App(a, {"BW_MODE": "sink", "BW_COUNT": "1"}, "sink", listen=("tcp", 5001, "BW_PORT"))
    if app.wait_for(r"tcpbw: sink listening", 120):
        crc, start = 0, time.monotonic()
        with socket.create_connection(("127.0.0.1", app.port), timeout=120) as s:
            for _ in range(a.mib):
                s.sendall(block)
                crc = zlib.crc32(block, crc)
            s.shutdown(socket.SHUT_WR)
            answer = b""
            while True:
                chunk = s.recv(256)
                if not chunk:
                    break
                answer += chunk
        took = time.monotonic() - start
        if answer != crc_line(total, crc):
            problems.append("to the app: sent %d bytes crc32 %08x, the sink answered %r"
                            % (total, crc, answer))
        summary.append("to the app %d MiB in %.1f s" % (a.mib, took))
        if not app.wait_for(r"tcpbw: received %d bytes in \d+ ms, \d+ Mbit/s, crc32 %08x"
                            % (total, crc), 30):
            problems.append("the sink printed no matching result line")
    else:
        problems.append("the sink never listened")
    app.finish(problems)

    # App to host: the app is the sender, this script the sink.
    lst = socket.socket()
    lst.bind(("127.0.0.1", 0))
    lst.listen(1)
    lst.settimeout(120)
    app = App(a, {"BW_MODE": "send", "BW_HOST": host_address(a), "BW_PORT": str(lst.getsockname()[1]),
                  "BW_BYTES": "%dM" % a.mib}, "send")
    tally, start = [0, 0], None
    try:
        conn, _ = lst.accept()
        with conn:
            conn.settimeout(120)
            start = time.monotonic()
            net_test.read_counting(conn, tally)
            conn.sendall(crc_line(*tally))
    except OSError as e:
        problems.append("the sink here: %s" % e)
    lst.close()
    got, crc = tally
    m = app.wait_for(r"tcpbw: sent (\d+) bytes in \d+ ms, \d+ Mbit/s, crc32 ([0-9a-f]{8}), "
                     r"peer agrees", 60)
    app.finish(problems)
    if got != total or not m or (int(m.group(1)), m.group(2)) != (got, "%08x" % crc):
        problems.append("from the app: received %d bytes crc32 %08x, want %d; the sender said %s"
                        % (got, crc, total, m.group(0) if m else "no agreeing result line"))
    if start is not None:
        summary.append("from the app %d MiB in %.1f s" % (a.mib, time.monotonic() - start))
    return ", ".join(summary) + ", CRC-32 checked"


def case_tcpbw_exit(a, problems):
    """The tcpbw program in send-exit mode: connect, one send() of 60,000 bytes, close, return
    from main at once. What send() accepted must all arrive after the program ends (chapter 5,
    4.9, the shutdown flush): the bytes and CRC-32 received here equal what the program says it
    handed to send(). The size makes the check sharp: the whole stream fits lwIP's send buffer
    (64,240 bytes), so send() returns without waiting, and a new connection's congestion window
    lets only three segments out before ACKs that nobody processes unless the stack is still
    polled: without the flush, about 55,000 bytes are lost on every run."""
    total = 60000
    lst = socket.socket()
    lst.bind(("127.0.0.1", 0))
    lst.listen(1)
    lst.settimeout(120)
    app = App(a, {"BW_MODE": "send-exit", "BW_HOST": host_address(a),
                  "BW_PORT": str(lst.getsockname()[1]), "BW_BYTES": str(total)}, "exit")
    tally = [0, 0]
    try:
        conn, _ = lst.accept()
        with conn:
            conn.settimeout(60)
            net_test.read_counting(conn, tally)
    except OSError as e:  # a reset when the machine went away with data unsent
        problems.append("the sink here, after %d bytes: %s" % (tally[0], e))
    lst.close()
    got, crc = tally
    m = app.wait_for(r"tcpbw: handed (\d+) bytes crc32 ([0-9a-f]{8}) to send\(\)", 30)
    app.finish(problems)
    if a.mode == "kernel" and not app.wait_for(r"axnet: shutdown: \d+ bytes on 1 TCP connections "
                                                r"delivered", 1):
        problems.append("the kernel did not report delivering the data at shutdown")
    if not m or (got, "%08x" % crc) != (int(m.group(1)), m.group(2)) or got != total:
        problems.append("received %d bytes crc32 %08x after the program ended, want %d; it "
                        "said %s" % (got, crc, total, m.group(0) if m else "nothing"))
    return "%d bytes handed to send() just before main returned all arrived, CRC-32 checked" % got


CASES = {"getaddrinfo_cases": case_getaddrinfo_cases, "httpclient": case_httpclient,
         "udpserver": case_udpserver, "tcpbw": case_tcpbw, "tcpbw_exit": case_tcpbw_exit}
NEEDS_DNS = ("getaddrinfo_cases", "httpclient")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--binary", required=True, help="the Linux build or the kernel ELF")
    ap.add_argument("--mode", required=True, choices=["linux", "kernel"])
    ap.add_argument("--nic", default="virtio", choices=sorted(NICS))
    ap.add_argument("--app", required=True, choices=sorted(CASES))
    ap.add_argument("--logdir", required=True)
    ap.add_argument("--timeout", type=float, default=240)
    ap.add_argument("--datagrams", type=int, default=10000)
    ap.add_argument("--mib", type=int, default=64)
    a = ap.parse_args()
    if a.mode == "linux" and a.app in NEEDS_DNS:
        code = enter_namespaces()
        if code is not None:
            return code
    os.makedirs(a.logdir, exist_ok=True)
    name = "%s %s%s" % (a.app, a.mode, "" if a.mode == "linux" else " " + a.nic)
    start = time.monotonic()
    problems = []
    try:
        summary = CASES[a.app](a, problems)
    except (OSError, RuntimeError, ValueError) as e:
        problems.append("%s: %s" % (type(e).__name__, e))
        summary = ""
    took = time.monotonic() - start
    if problems:
        print("%s: FAILED after %.1f s (logs in %s)" % (name, took, a.logdir))
        for p in problems:
            print("  " + p)
        for app in RUNS:
            print("  the end of %s:" % app.log_path)
            for line in app.lines[-12:]:
                print("    | " + line)
        return 1
    print("%s: ok in %.1f s: %s" % (name, took, summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
