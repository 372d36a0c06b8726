#!/usr/bin/env python3
"""ch03-virtio-net/tests/net_test.py: the stage 3 kernel on QEMU user networking, talking to
real host sockets on 127.0.0.1.

The guest (ch03-virtio-net/app/main.cpp) resolves the gateway 10.0.2.2 by ARP, pings it, sends
--count UDP datagrams to an echo server this script runs on the host (reached from the guest as
10.0.2.2:port) and checks every echo; then it serves UDP echo on its port 5555, which this
script reaches through hostfwd, sending --count datagrams and checking every echo (sequence
number and a checksum of the payload). QEMU's filter-dump records the traffic; every frame of
the capture is checked (Ethernet, ARP, IPv4 header checksum, UDP checksum). Passes only if
nothing is lost or corrupted and the kernel exits with success.

The same script tests stage 4's kernel on QEMU's igb: --nic names the QEMU device model,
--append adds kernel command-line words (msix=0: poll), --expect adds lines the serial log
must hold (the interrupt count, the bring-up line). A panic, or an argument the kernel reports
as unknown, fails the run."""
import argparse
import os
import re
import socket
import struct
import subprocess
import sys
import threading
import time
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools"))
import axqemu  # noqa: E402
import pcap_check  # noqa: E402

GUEST_ECHO_PORT = 5555
WINDOW = 32  # datagrams in flight


def echo_server(sock, stop, counter):
    """Echoes every datagram back to its sender until stop is set."""
    sock.settimeout(0.2)
    while not stop.is_set():
        try:
            data, peer = sock.recvfrom(2048)
        except socket.timeout:
            continue
        sock.sendto(data, peer)
        counter[0] += 1


def datagram(seq):
    body = bytes((seq + i) & 0xff for i in range(64))
    return struct.pack("<II", seq, zlib.crc32(body)) + body


def check_datagram(data):
    if len(data) != 72:
        return None
    seq, crc = struct.unpack("<II", data[:8])
    return seq if zlib.crc32(data[8:]) == crc else None


def drive_guest_echo(port, count, deadline):
    """Sends count datagrams to the guest's echo service with a window; returns problems."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(2.0)
    got, corrupt, next_seq = set(), 0, 0
    while len(got) + corrupt < count and time.monotonic() < deadline:
        while next_seq < count and next_seq - len(got) - corrupt < WINDOW:
            s.sendto(datagram(next_seq), ("127.0.0.1", port))
            next_seq += 1
        try:
            data = s.recv(2048)
        except socket.timeout:
            break
        seq = check_datagram(data)
        if seq is None or seq in got:
            corrupt += 1
        else:
            got.add(seq)
    s.sendto(b"quit", ("127.0.0.1", port))
    s.close()
    problems = []
    if len(got) != count or corrupt:
        problems.append("guest echo service: %d of %d datagrams echoed intact, %d corrupt"
                        % (len(got), count, corrupt))
    return problems, len(got)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--logdir", required=True)
    ap.add_argument("--count", type=int, default=10000)
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--nic", default="virtio-net-pci", help="QEMU NIC model (-device)")
    ap.add_argument("--append", default="", help="more kernel command line")
    ap.add_argument("--expect", action="append", default=[], help="regex the log must hold")
    a = ap.parse_args()
    os.makedirs(a.logdir, exist_ok=True)
    log_path = os.path.join(a.logdir, "net_test.log")
    pcap_path = os.path.join(a.logdir, "net_test.pcap")

    server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    server.bind(("127.0.0.1", 0))
    host_port = server.getsockname()[1]
    stop, served = threading.Event(), [0]
    threading.Thread(target=echo_server, args=(server, stop, served), daemon=True).start()

    fwd_port = axqemu.free_port()
    netdev = "user,id=n0,hostfwd=udp:127.0.0.1:%d-:%d" % (fwd_port, GUEST_ECHO_PORT)
    cmd = axqemu.qemu_command(
        a.kernel, append=("udp_peer=%d udp_count=%d udp_serve=1 %s"
                          % (host_port, a.count, a.append)).strip(),
        extra=["-netdev", netdev, "-device", a.nic + ",netdev=n0",
               "-object", "filter-dump,id=f0,netdev=n0,file=" + pcap_path])
    start = time.monotonic()
    deadline = start + a.timeout
    qemu = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL)
    lines, ready, started = [], threading.Event(), []

    def reader():
        for raw in qemu.stdout:
            text = raw.decode("utf-8", "replace").rstrip("\r\n")
            lines.append(text)
            if "udp echo service: listening" in text:
                started.append(True)
                ready.set()
        ready.set()  # the guest is gone: stop waiting for its echo service

    t = threading.Thread(target=reader, daemon=True)
    t.start()

    problems = []
    ready.wait(timeout=a.timeout)
    if started:
        p, echoed = drive_guest_echo(fwd_port, a.count, deadline)
        problems += p
    elif qemu.poll() is not None or not t.is_alive():
        problems.append("the guest ended before it started its echo service")
    else:
        problems.append("the guest never started its echo service")
    try:
        code = qemu.wait(timeout=max(1, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        qemu.kill()
        code = qemu.wait()
        problems.append("timed out after %g s" % a.timeout)
    t.join(timeout=5)
    stop.set()
    with open(log_path, "w") as f:
        f.write("# %s\n" % " ".join(cmd))
        f.write("\n".join(lines) + "\n")

    if code != axqemu.SUCCESS_EXIT:
        problems.append("QEMU exit status %d: %s" % (code, axqemu.explain_exit(code)))
    for pattern in [r"arp: 10\.0\.2\.2 is at 52:55:0a:00:02:02",
                    r"icmp: reply from 10\.0\.2\.2 seq=\d+",
                    r"udp client: %d sent, %d echoed, 0 lost, 0 corrupt" % (a.count, a.count),
                    r"udp echo service: %d datagrams echoed" % a.count] + a.expect:
        if not any(re.search(pattern, line) for line in lines):
            problems.append("expected output not found: /%s/" % pattern)
    for line in lines:
        # Every argument given must be one the kernel declares (axruntime/cmdline_args.h).
        if re.search(r"panic|unknown kernel argument", line):
            problems.append("guest log: %s" % line)
    if served[0] < a.count:
        problems.append("host echo server saw only %d datagrams" % served[0])
    frames, bad = pcap_check.check_file(pcap_path)
    if bad:
        problems.append("capture %s: %d malformed frames, e.g. %s" % (pcap_path, len(bad), bad[0]))
    if frames < 4 * a.count:
        problems.append("capture %s holds only %d frames" % (pcap_path, frames))

    took = time.monotonic() - start
    if problems:
        print("net_test: FAIL (%.1f s)\n  - %s\n  serial log: %s"
              % (took, "\n  - ".join(problems), log_path))
        for line in lines[-15:]:
            print("    | " + line)
        return 1
    print("net_test: PASS: ARP, ICMP, %d UDP datagrams each way echoed intact; %d frames "
          "captured, all well-formed (%.1f s)" % (a.count, frames, took))
    return 0


if __name__ == "__main__":
    sys.exit(main())
