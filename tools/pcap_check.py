#!/usr/bin/env python3
"""tools/pcap_check.py FILE.pcap: checks that every frame of a packet capture (classic pcap,
Ethernet link type, as QEMU's filter-dump writes it) is well-formed: Ethernet header, ARP
sizes, IPv4 version/length/header checksum, UDP length and checksum, ICMP checksum.
Python standard library only. Used by the stage 3 network test; usable by hand on any capture."""
import struct
import sys


def csum(data):
    """The internet checksum (RFC 1071) of data."""
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def check_frame(f):
    """None if frame f is well-formed, else what is wrong."""
    if len(f) < 14:
        return "shorter than an Ethernet header"
    ethertype = struct.unpack("!H", f[12:14])[0]
    p = f[14:]
    if ethertype == 0x0806:
        if len(p) < 28 or p[4] != 6 or p[5] != 4:
            return "malformed ARP"
        return None
    if ethertype != 0x0800:
        return None
    if len(p) < 20 or p[0] >> 4 != 4:
        return "IPv4 header too short or wrong version"
    ihl = (p[0] & 0xf) * 4
    total = struct.unpack("!H", p[2:4])[0]
    if ihl < 20 or total < ihl or total > len(p):
        return "IPv4 lengths inconsistent (ihl %d, total %d, frame %d)" % (ihl, total, len(p))
    if csum(p[:ihl]) != 0:
        return "bad IPv4 header checksum"
    proto, body = p[9], p[ihl:total]
    if proto == 17:
        if len(body) < 8 or struct.unpack("!H", body[4:6])[0] != len(body):
            return "UDP length does not match the IPv4 payload"
        if struct.unpack("!H", body[6:8])[0] != 0:
            pseudo = p[12:20] + struct.pack("!BBH", 0, 17, len(body))
            if csum(pseudo + body) != 0:
                return "bad UDP checksum"
    elif proto == 1:
        if len(body) < 8 or csum(body) != 0:
            return "bad ICMP checksum"
    return None


def check_file(path):
    """(number of frames, [descriptions of malformed ones]) for the capture at path."""
    with open(path, "rb") as fh:
        data = fh.read()
    if len(data) < 24:
        return 0, ["no pcap header"]
    magic = struct.unpack("<I", data[:4])[0]
    endian = "<" if magic in (0xa1b2c3d4, 0xa1b23c4d) else ">"
    linktype = struct.unpack(endian + "I", data[20:24])[0]
    if linktype != 1:
        return 0, ["link type %d is not Ethernet" % linktype]
    frames, bad, off = 0, [], 24
    while off + 16 <= len(data):
        incl, orig = struct.unpack(endian + "II", data[off + 8:off + 16])
        frame = data[off + 16:off + 16 + incl]
        off += 16 + incl
        frames += 1
        if incl != orig or len(frame) != incl:
            bad.append("frame %d truncated in the capture" % frames)
            continue
        problem = check_frame(frame)
        if problem:
            bad.append("frame %d: %s" % (frames, problem))
    return frames, bad


if __name__ == "__main__":
    n, problems = check_file(sys.argv[1])
    for p in problems:
        print(p)
    print("%d frames, %d malformed" % (n, len(problems)))
    sys.exit(1 if problems else 0)
