#!/usr/bin/env python3
"""tools/linux_guest.py: the Linux guest the stage 5 and 6 benchmarks measure our kernels
against. Boots a Debian kernel with a small initramfs (busybox, the NIC's modules and one
static server program) in the same QEMU configuration as the course's kernels
(tools/axqemu.py: q35, TCG, one CPU, the same -m and NIC), brings the network up, starts the
server and reports when it is listening, measured from the start of QEMU.

Nothing of Linux is committed. At bench time the tool fetches with apt, into a cache under the
build tree (build/linux-guest/ by default; --cache to change it):
  - the kernel: the package linux-image-amd64 depends on (bookworm: linux-image-6.1.0-N-amd64;
    not -cloud-amd64, which has no igb), or --kernel-package NAME[=VERSION];
  - busybox-static (sh, mount, insmod, ip, poweroff, usleep).
`apt-get download` checks each .deb against the archive's signed package lists; a cached .deb
is checked again against the SHA256 apt reports for that version before it is used. From the
kernel package only vmlinuz and the modules the NICs need are unpacked: virtio_net and igb and
whatever their `depends=` (read from each module's .modinfo section) names, loaded in that
order by /init. The initramfs is a newc cpio written here.

Command line:
  linux_guest.py [options] BINARY [ARGS...]   boot BINARY (a static program) with ARGS
  linux_guest.py --fetch-only                 fill the cache and exit
  linux_guest.py --selftest                   build a tiny static C HTTP server with the host's
                                              gcc, serve it on virtio-net and igb (user
                                              networking) and over a tap device, fetch a page
                                              with curl each time, print timings
Options:
  --port N          the guest port the server listens on (required with BINARY)
  --proto tcp|udp   what "listening" means: a TCP socket in LISTEN, or a bound UDP socket
  --nic virtio|igb  the NIC (virtio-net-pci or igb, as our kernels get)
  --net user|tap    QEMU user networking with hostfwd 127.0.0.1:HOSTPORT -> guest PORT
                    (guest 10.0.2.15), or a tap device in a network namespace the tool creates
                    and removes (host side 10.0.3.1, guest 10.0.3.15; needs root)
  --memory SIZE     QEMU -m (default 128M, as our kernels)
  --then CMD        once listening, run CMD (through sh) on the host, then stop the guest;
                    {host} and {port} in CMD become where the server is reached (with --net
                    tap CMD runs inside the namespace). The tool exits with CMD's status.
  --append TEXT     extra kernel command line (e.g. mitigations=off)
  --timeout S       give up if the server is not listening after S seconds (default 180)
  --verbose         copy the guest's console to stdout (it is always kept in the cache dir)
Without --then the guest runs until it powers off or Ctrl-C.

From Python (a benchmark script):
    sys.path.insert(0, "<repo>/tools"); import linux_guest
    with linux_guest.LinuxGuest("/path/server", ["8080"], port=8080, nic="virtio",
                                net="tap") as g:
        print(g.listen_ms)                  # ms from QEMU start to listening
        subprocess.run(g.exec_prefix + ["wrk", "http://%s:%d/" % (g.host, g.host_port)])
`exec_prefix` is [] for user networking and ["ip", "netns", "exec", NS] for tap.
With netns=NAME (and net="tap") the guest uses a namespace the caller made and keeps: it must
hold a tap device axtap0 with the address 10.0.3.1/24, up (the benchmarks boot our kernels and
Linux in turn on the same one).

What to state beside a Linux figure: the kernel package and version (printed), that
mitigations are as Debian ships them unless --append says otherwise, and that the program is
the same source built with `gcc -O2 -static` (keep addresses numeric: a static glibc cannot
resolve names without its shared NSS modules, and the guest has no /etc/hosts)."""
import argparse
import io
import json
import lzma
import os
import shlex
import shutil
import socket
import struct
import subprocess
import sys
import tarfile
import tempfile
import threading
import time

TOOLS = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(TOOLS)
sys.path.insert(0, TOOLS)
import axqemu  # noqa: E402

DEFAULT_CACHE = os.path.join(ROOT, "build", "linux-guest")
# Kernel options that shorten a TCG boot without changing what is measured (see the research
# behind the stage 6 benchmark: about 0.1 s of guest time).
BOOT_OPTIONS = ("console=ttyS0 panic=-1 loglevel=3 rdinit=/init edd=off tsc=reliable "
                "no_timer_check i8042.nopnp i8042.noaux i8042.nokbd 8250.nr_uarts=1")
NIC_DEVICE = {"virtio": "virtio-net-pci", "igb": "igb"}
# The modules each NIC needs (their dependencies are found in the modules themselves):
# virtio-net needs the PCI transport too, which virtio_net does not depend on.
NIC_MODULES = {"virtio": ["virtio_pci", "virtio_net"], "igb": ["igb"]}
# Addresses: QEMU user networking's defaults, and the tap network of the benchmarks.
NETWORKS = {"user": ("10.0.2.15", "10.0.2.2"), "tap": ("10.0.3.15", "10.0.3.1")}
MARKER = "linux-guest: listening"


def log(msg):
    print("linux-guest: " + msg, flush=True)


class GuestError(Exception):
    """The guest could not be prepared or did not start serving."""


# --- fetching with apt ------------------------------------------------------------------------

def apt_field(package, version, field):
    """A field of `apt-cache show package=version`."""
    out = subprocess.run(["apt-cache", "show", "%s=%s" % (package, version)],
                         capture_output=True, text=True).stdout
    for line in out.splitlines():
        if line.startswith(field + ":"):
            return line.split(":", 1)[1].strip()
    raise GuestError("apt-cache show %s=%s has no %s field (run apt-get update?)"
                     % (package, version, field))


def candidate(package):
    """The version apt would install of package."""
    out = subprocess.run(["apt-cache", "policy", package], capture_output=True, text=True).stdout
    for line in out.splitlines():
        if line.strip().startswith("Candidate:"):
            v = line.split(":", 1)[1].strip()
            if v != "(none)":
                return v
    raise GuestError("apt knows no candidate for %s (run apt-get update?)" % package)


def kernel_package(spec):
    """(name, version) of the kernel image package: spec NAME[=VERSION], or the package
    linux-image-amd64's candidate depends on."""
    if spec:
        name, _, version = spec.partition("=")
        return name, version or candidate(name)
    meta = candidate("linux-image-amd64")
    dep = apt_field("linux-image-amd64", meta, "Depends").split(",")[0].split()
    return dep[0], dep[2].rstrip(")") if len(dep) >= 3 else candidate(dep[0])


def sha256_of(path):
    import hashlib
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def fetch_deb(cache, name, version):
    """The path of name_version's .deb in cache, downloaded with apt if missing; checked
    against the archive's SHA256 either way."""
    want = apt_field(name, version, "SHA256")
    debs = os.path.join(cache, "debs")
    os.makedirs(debs, exist_ok=True)
    for f in os.listdir(debs):
        path = os.path.join(debs, f)
        if f.startswith(name + "_") and f.endswith(".deb") and sha256_of(path) == want:
            return path
    before = set(os.listdir(debs))
    log("downloading %s %s with apt" % (name, version))
    p = subprocess.run(["apt-get", "download", "-o", "APT::Sandbox::User=root",
                        "%s=%s" % (name, version)], cwd=debs, capture_output=True, text=True)
    if p.returncode != 0:
        raise GuestError("apt-get download %s=%s failed:\n%s" % (name, version, p.stderr))
    new = [f for f in set(os.listdir(debs)) - before if f.endswith(".deb")]
    if len(new) != 1:
        raise GuestError("apt-get download %s left %s" % (name, new))
    path = os.path.join(debs, new[0])
    if sha256_of(path) != want:
        os.remove(path)
        raise GuestError("%s: SHA256 differs from the archive's %s" % (new[0], want))
    return path


def deb_members(deb):
    """Iterates (tarinfo, tarfile) over the data of a .deb, streaming (dpkg-deb)."""
    p = subprocess.Popen(["dpkg-deb", "--fsys-tarfile", deb], stdout=subprocess.PIPE)
    try:
        with tarfile.open(fileobj=p.stdout, mode="r|") as tf:
            for m in tf:
                yield m, tf
    finally:
        p.stdout.close()
        if p.wait() != 0:
            raise GuestError("dpkg-deb --fsys-tarfile %s failed" % deb)


def module_bytes(name, data):
    """The plain ELF of a kernel module (.ko, or .ko.xz)."""
    if name.endswith(".xz"):
        return lzma.decompress(data)
    if name.endswith(".zst"):
        raise GuestError("%s: zstd-compressed modules are not supported" % name)
    return data


def modinfo(data):
    """The .modinfo fields of a module's ELF image: {"name": ..., "depends": ...}."""
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise GuestError("not a little-endian ELF64 module")
    shoff = struct.unpack_from("<Q", data, 0x28)[0]
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)

    def section(i):
        name, _, _, _, off, size = struct.unpack_from("<IIQQQQ", data, shoff + i * shentsize)
        return name, off, size

    _, stroff, _ = section(shstrndx)
    for i in range(shnum):
        name, off, size = section(i)
        end = data.index(b"\0", stroff + name)
        if data[stroff + name:end] == b".modinfo":
            fields = {}
            for item in data[off:off + size].split(b"\0"):
                k, sep, v = item.decode(errors="replace").partition("=")
                if sep and k not in fields:
                    fields[k] = v
            return fields
    raise GuestError("module has no .modinfo section")


def prepare(cache, kernel_spec=None):
    """Fetches and unpacks what the guest needs into cache (once). Returns a dict: kernel
    (vmlinuz path), busybox (path), modules ({name: path}), load_order ({nic: [names]}),
    versions (text)."""
    kname, kver = kernel_package(kernel_spec)
    bver = candidate("busybox-static")
    tag = "%s_%s" % (kname, kver)
    root = os.path.join(cache, tag)
    index_path = os.path.join(root, "index.json")
    if os.path.exists(index_path):
        with open(index_path) as f:
            index = json.load(f)
        if (os.path.exists(index["busybox"]) and index.get("busybox_version") == bver
                and index.get("nic_modules") == NIC_MODULES):
            return index
    kdeb = fetch_deb(cache, kname, kver)
    bdeb = fetch_deb(cache, "busybox-static", bver)
    os.makedirs(os.path.join(root, "modules"), exist_ok=True)

    t0 = time.monotonic()
    # Pass 1 (once per kernel package): vmlinuz, and every module's name, file and
    # dependencies.
    all_path = os.path.join(root, "all-modules.json")
    kernel = None
    mods = {}
    if os.path.exists(all_path):
        with open(all_path) as f:
            saved = json.load(f)
        kernel, mods = saved["kernel"], saved["modules"]
    else:
        for m, tf in deb_members(kdeb):
            base = os.path.basename(m.name)
            if m.isfile() and base.startswith("vmlinuz-") and "/boot/" in m.name:
                kernel = os.path.join(root, base)
                with open(kernel, "wb") as out:
                    shutil.copyfileobj(tf.extractfile(m), out)
            elif m.isfile() and (".ko" in base):
                info = modinfo(module_bytes(base, tf.extractfile(m).read()))
                # The kernel treats - and _ in module names alike; depends= may use either.
                deps = [d.replace("-", "_") for d in info.get("depends", "").split(",") if d]
                name = info.get("name", base.split(".ko")[0]).replace("-", "_")
                mods[name] = {"file": m.name, "depends": deps}
        if not kernel:
            raise GuestError("%s has no /boot/vmlinuz-*" % kdeb)
        with open(all_path, "w") as f:
            json.dump({"kernel": kernel, "modules": mods}, f)

    # Each NIC's modules, dependencies first.
    def order(name, out, path=()):
        if name in out:
            return
        if name not in mods:
            raise GuestError("module %s (needed by %s) is not in %s" % (name, path, kname))
        for d in mods[name]["depends"]:
            order(d, out, path + (name,))
        out.append(name)

    load_order = {}
    for nic, roots in NIC_MODULES.items():
        seq = []
        for r in roots:
            order(r, seq)
        load_order[nic] = seq
    wanted = {mods[n]["file"]: n for seq in load_order.values() for n in seq}

    # Pass 2: only those modules, decompressed.
    paths = {}
    for m, tf in deb_members(kdeb):
        if m.name in wanted:
            name = wanted[m.name]
            paths[name] = os.path.join(root, "modules", name + ".ko")
            with open(paths[name], "wb") as out:
                out.write(module_bytes(m.name, tf.extractfile(m).read()))
    busybox = None
    for m, tf in deb_members(bdeb):
        if m.isfile() and m.name.endswith("/bin/busybox"):
            busybox = os.path.join(root, "busybox")
            with open(busybox, "wb") as out:
                shutil.copyfileobj(tf.extractfile(m), out)
            os.chmod(busybox, 0o755)
    if not busybox:
        raise GuestError("%s has no bin/busybox" % bdeb)
    index = {"kernel": kernel, "busybox": busybox, "modules": paths, "load_order": load_order,
             "busybox_version": bver, "nic_modules": NIC_MODULES,
             "versions": "%s %s, busybox-static %s" % (kname, kver, bver)}
    with open(index_path, "w") as f:
        json.dump(index, f, indent=1)
    log("unpacked %s in %.1f s (%d modules indexed)" % (kname, time.monotonic() - t0, len(mods)))
    return index


# --- the initramfs ----------------------------------------------------------------------------

class Cpio:
    """A newc-format cpio archive (the initramfs format, kernel
    Documentation/driver-api/early-userspace/buffer-format.rst), built in memory."""

    def __init__(self):
        self.out = io.BytesIO()
        self.ino = 1

    def _entry(self, name, mode, data=b"", rdev=(0, 0)):
        name_b = name.encode() + b"\0"
        fields = [self.ino, mode, 0, 0, 1, 0, len(data), 0, 0, rdev[0], rdev[1], len(name_b), 0]
        self.ino += 1
        self.out.write(b"070701" + b"".join(b"%08X" % v for v in fields) + name_b)
        self.out.write(b"\0" * (-self.out.tell() % 4))
        self.out.write(data)
        self.out.write(b"\0" * (-self.out.tell() % 4))

    def dir(self, name):
        self._entry(name, 0o040755)

    def file(self, name, data, mode=0o644):
        self._entry(name, 0o100000 | mode, data)

    def symlink(self, name, target):
        self._entry(name, 0o120777, target.encode())

    def chardev(self, name, major, minor):
        self._entry(name, 0o020600, rdev=(major, minor))

    def finish(self):
        self._entry("TRAILER!!!", 0)
        return self.out.getvalue()


INIT = r"""#!/bin/busybox sh
# /init of the benchmark's Linux guest (written by tools/linux_guest.py). Its loops use shell
# built-ins (read, case, [, kill) and sleep with usleep, so polling costs the guest little; their
# limits are in seconds of guest uptime.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t devtmpfs devtmpfs /dev
mount -t proc proc /proc
mount -t sysfs sysfs /sys
uptime_s() {{ read up rest < /proc/uptime; now=${{up%.*}}; }}
uptime_s
echo "linux-guest: init started (guest uptime $up s)"
for m in {modules}; do
    insmod /lib/modules/$m.ko || echo "linux-guest: insmod $m failed"
done
uptime_s; limit=$((now + 10))
while [ ! -e /sys/class/net/eth0 ]; do
    uptime_s
    if [ $now -ge $limit ]; then echo "linux-guest: no eth0 10 s after loading the modules"; poweroff -f; fi
    usleep 1000
done
ip link set lo up
ip addr add {ip}/24 dev eth0
ip link set eth0 up
ip route add default via {gateway}
# The link comes up after the driver's PHY set-up (igb takes a while): frames sent before
# are lost, so "listening" waits for it.
uptime_s; limit=$((now + 10))
carrier=0
while [ "$carrier" != 1 ]; do
    read carrier < /sys/class/net/eth0/carrier 2>/dev/null
    uptime_s
    if [ $now -ge $limit ]; then echo "linux-guest: eth0 has no link after 10 s"; break; fi
    [ "$carrier" = 1 ] || usleep 1000
done
uptime_s
echo "linux-guest: network up, eth0 {ip} (guest uptime $up s)"
listening() {{
    for f in {proc_files}; do
        [ -r $f ] || continue
        while read -r sl local remote st rest; do
            case "$local $remote $st" in
                *":{hexport} "*":0000 {state}") return 0 ;;
            esac
        done < $f
    done
    return 1
}}
cd /app
{command} &
pid=$!
uptime_s; limit=$((now + 60))
until listening; do
    if ! kill -0 $pid 2>/dev/null; then echo "linux-guest: the server exited"; poweroff -f; fi
    uptime_s
    if [ $now -ge $limit ]; then echo "linux-guest: nothing listens on port {port} after 60 s"; poweroff -f; fi
    usleep 1000
done
uptime_s
echo "{marker} on {proto} port {port} (guest uptime $up s)"
wait $pid
echo "linux-guest: the server exited with status $?"
poweroff -f
"""


def build_initramfs(index, nic, net, binary, args, port, proto):
    """The initramfs (bytes) that loads nic's modules, configures eth0 for net and runs
    binary with args, announcing when port is listening."""
    ip, gateway = NETWORKS[net]
    c = Cpio()
    for d in ["bin", "dev", "proc", "sys", "app", "lib", "lib/modules", "etc"]:
        c.dir(d)
    c.chardev("dev/console", 5, 1)  # the kernel opens it for init's stdio before devtmpfs
    with open(index["busybox"], "rb") as f:
        c.file("bin/busybox", f.read(), 0o755)
    c.symlink("bin/sh", "busybox")
    modules = index["load_order"][nic]
    for name in modules:
        with open(index["modules"][name], "rb") as f:
            c.file("lib/modules/%s.ko" % name, f.read())
    c.file("etc/hosts", b"127.0.0.1 localhost\n")
    prog = os.path.basename(binary)
    with open(binary, "rb") as f:
        c.file("app/" + prog, f.read(), 0o755)
    command = " ".join(shlex.quote(a) for a in ["./" + prog] + list(args))
    tcp = proto == "tcp"
    init = INIT.format(modules=" ".join(modules), ip=ip, gateway=gateway, command=command,
                       hexport="%04X" % port, port=port, proto=proto, marker=MARKER,
                       state="0A" if tcp else "07",
                       proc_files="/proc/net/tcp /proc/net/tcp6" if tcp
                       else "/proc/net/udp /proc/net/udp6")
    c.file("init", init.encode(), 0o755)
    return c.finish()


# --- running it -------------------------------------------------------------------------------

class LinuxGuest:
    """A Linux guest serving one static program; see the module's docstring."""

    def __init__(self, binary, args=(), port=8080, proto="tcp", nic="virtio", net="user",
                 memory="128M", cache=DEFAULT_CACHE, kernel_package=None, append="",
                 timeout=180, verbose=False, netns=None):
        if nic not in NIC_DEVICE or net not in NETWORKS or proto not in ("tcp", "udp"):
            raise GuestError("bad nic/net/proto: %s/%s/%s" % (nic, net, proto))
        self.binary, self.args, self.port, self.proto = binary, list(args), port, proto
        self.nic, self.net, self.memory, self.cache = nic, net, memory, cache
        self.kernel_spec, self.append, self.timeout, self.verbose = (kernel_package, append,
                                                                     timeout, verbose)
        self.qemu = None
        self.netns = None
        self.shared_netns = netns
        self.exec_prefix = []
        self.host, self.host_port = None, None
        self.listen_ms = None
        self.listen_line = None
        self.serial_log = os.path.join(cache, "serial-%s-%s.log" % (nic, net))
        self._lines = []
        self._cond = threading.Condition()

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def _make_netns(self):
        if os.geteuid() != 0 or not shutil.which("ip") or not os.path.exists("/dev/net/tun"):
            raise GuestError("--net tap needs root, iproute2 and /dev/net/tun")
        ns = "axlinux%d" % os.getpid()
        ip = ["ip", "-n", ns]
        subprocess.run(["ip", "netns", "add", ns], check=True)
        self.netns = ns
        for cmd in (["link", "set", "lo", "up"], ["tuntap", "add", "dev", "axtap0", "mode", "tap"],
                    ["addr", "add", NETWORKS["tap"][1] + "/24", "dev", "axtap0"],
                    ["link", "set", "axtap0", "up"]):
            subprocess.run(ip + cmd, check=True)
        self.exec_prefix = ["ip", "netns", "exec", ns]

    def _reader(self, t0):
        with open(self.serial_log, "w") as logf:
            for raw in self.qemu.stdout:
                line = raw.decode(errors="replace").rstrip("\r\n")
                ms = (time.monotonic() - t0) * 1000
                logf.write("[%9.1f ms] %s\n" % (ms, line))
                logf.flush()
                if self.verbose:
                    print("  | " + line, flush=True)
                with self._cond:
                    self._lines.append((ms, line))
                    self._cond.notify_all()
        with self._cond:
            self._lines.append((None, None))  # QEMU's output ended
            self._cond.notify_all()

    def start(self):
        """Prepares and boots the guest; returns once the server listens (listen_ms set).
        Raises GuestError (with the console's last lines) otherwise."""
        index = prepare(self.cache, self.kernel_spec)
        self.versions = index["versions"]
        initrd = os.path.join(self.cache, "initramfs-%s-%s.cpio" % (self.nic, self.net))
        with open(initrd, "wb") as f:
            f.write(build_initramfs(index, self.nic, self.net, self.binary, self.args,
                                    self.port, self.proto))
        if self.net == "user":
            self.host, self.host_port = "127.0.0.1", axqemu.free_port()
            netdev = "user,id=n0,hostfwd=%s:127.0.0.1:%d-:%d" % (self.proto, self.host_port,
                                                                self.port)
        else:
            if self.shared_netns:
                self.exec_prefix = ["ip", "netns", "exec", self.shared_netns]
            else:
                self._make_netns()
            self.host, self.host_port = NETWORKS["tap"][0], self.port
            netdev = "tap,id=n0,ifname=axtap0,script=no,downscript=no"
        append = (BOOT_OPTIONS + " " + self.append).strip()
        cmd = self.exec_prefix + axqemu.qemu_command(
            index["kernel"], append=append, serial="stdio", debug_exit=False,
            memory=self.memory,
            extra=["-initrd", initrd, "-netdev", netdev,
                   "-device", "%s,netdev=n0" % NIC_DEVICE[self.nic]])
        self.command = cmd
        t0 = time.monotonic()
        self.qemu = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        threading.Thread(target=self._reader, args=(t0,), daemon=True).start()
        deadline = t0 + self.timeout
        seen = 0
        with self._cond:
            while True:
                for ms, line in self._lines[seen:]:
                    if line is None:
                        self.stop()
                        raise GuestError("QEMU ended before the server listened:\n" + self.tail())
                    if MARKER in line:
                        self.listen_ms, self.listen_line = ms, line
                        return self
                seen = len(self._lines)
                left = deadline - time.monotonic()
                if left <= 0:
                    self.stop()
                    raise GuestError("not listening after %d s:\n%s" % (self.timeout, self.tail()))
                self._cond.wait(left)

    def tail(self, n=15):
        """The console's last n lines."""
        with self._cond:
            return "\n".join("  | " + l for _, l in self._lines[-n:] if l is not None)

    def stop(self):
        """Stops QEMU and removes the namespace, if any."""
        if self.qemu and self.qemu.poll() is None:
            self.qemu.kill()
        if self.qemu:
            self.qemu.wait()
        if self.netns:
            subprocess.run(["ip", "netns", "del", self.netns])
            self.netns = None


# --- the self-test ----------------------------------------------------------------------------

SELFTEST_SERVER = r"""
/* A tiny HTTP/1.0 server for linux_guest.py --selftest: one reply per connection. */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char** argv) {
    int port = argc > 1 ? atoi(argv[1]) : 8080;
    int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
    if (s < 0 || bind(s, (struct sockaddr*)&a, sizeof a) || listen(s, 16)) {
        perror("selftest server");
        return 1;
    }
    const char* body = "hello from the Linux guest\n";
    for (;;) {
        int c = accept(s, 0, 0);
        if (c < 0) continue;
        char req[2048];
        size_t got = 0;
        while (got < sizeof req - 1) {
            ssize_t n = read(c, req + got, sizeof req - 1 - got);
            if (n <= 0) break;
            got += n;
            req[got] = 0;
            if (strstr(req, "\r\n\r\n")) break;
        }
        char head[128];
        int h = snprintf(head, sizeof head,
                         "HTTP/1.0 200 OK\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n",
                         strlen(body));
        write(c, head, h);
        write(c, body, strlen(body));
        close(c);
    }
}
"""


def selftest(cache):
    t0 = time.monotonic()
    index = prepare(cache)
    log("cache ready in %.1f s: %s" % (time.monotonic() - t0, index["versions"]))
    for nic in NIC_MODULES:
        log("%s modules, in load order: %s" % (nic, " ".join(index["load_order"][nic])))
    src = os.path.join(cache, "selftest_server.c")
    exe = os.path.join(cache, "selftest_server")
    with open(src, "w") as f:
        f.write(SELFTEST_SERVER)
    subprocess.run(["gcc", "-O2", "-static", "-o", exe, src], check=True)
    log("built %s with gcc -O2 -static (%d KiB)" % (exe, os.path.getsize(exe) // 1024))
    runs = [("virtio", "user"), ("igb", "user")]
    if os.geteuid() == 0 and shutil.which("ip") and os.path.exists("/dev/net/tun"):
        runs.append(("virtio", "tap"))
    else:
        log("tap run skipped: needs root, iproute2 and /dev/net/tun")
    failures = 0
    for nic, net in runs:
        try:
            with LinuxGuest(exe, ["8080"], port=8080, nic=nic, net=net, cache=cache) as g:
                url = "http://%s:%d/" % (g.host, g.host_port)
                times, ok = [], True
                for _ in range(2):  # the first fetch also pays for ARP and the first segments
                    t = time.monotonic()
                    p = subprocess.run(g.exec_prefix + ["curl", "-sS", "--max-time", "30", url],
                                       capture_output=True, text=True)
                    times.append((time.monotonic() - t) * 1000)
                    if p.returncode != 0 or p.stdout != "hello from the Linux guest\n":
                        ok = False
                        log("curl %s: %r" % (url, p.stdout + p.stderr))
                log("%-6s %-4s listening %6.0f ms after QEMU start (%s); curl %s: %s, %.0f ms "
                    "then %.0f ms" % (nic, net, g.listen_ms,
                                      g.listen_line.split("(")[-1].rstrip(")"), url,
                                      "ok" if ok else "FAILED", times[0], times[1]))
                failures += 0 if ok else 1
        except GuestError as e:
            log("%s %s: FAILED: %s" % (nic, net, e))
            failures += 1
    log("selftest: %s" % ("PASS" if failures == 0 else "FAIL (%d)" % failures))
    return 0 if failures == 0 else 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("binary", nargs="?")
    ap.add_argument("args", nargs=argparse.REMAINDER)
    ap.add_argument("--port", type=int)
    ap.add_argument("--proto", choices=["tcp", "udp"], default="tcp")
    ap.add_argument("--nic", choices=sorted(NIC_DEVICE), default="virtio")
    ap.add_argument("--net", choices=sorted(NETWORKS), default="user")
    ap.add_argument("--memory", default="128M")
    ap.add_argument("--cache", default=DEFAULT_CACHE)
    ap.add_argument("--kernel-package")
    ap.add_argument("--append", default="")
    ap.add_argument("--then")
    ap.add_argument("--timeout", type=int, default=180)
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--fetch-only", action="store_true")
    ap.add_argument("--selftest", action="store_true")
    a = ap.parse_args()
    os.makedirs(a.cache, exist_ok=True)
    try:
        if a.selftest:
            return selftest(a.cache)
        if a.fetch_only:
            log("cache ready: %s" % prepare(a.cache, a.kernel_package)["versions"])
            return 0
        if not a.binary or not a.port:
            ap.error("BINARY and --port are needed (or --selftest, --fetch-only)")
        g = LinuxGuest(os.path.abspath(a.binary), a.args, port=a.port, proto=a.proto, nic=a.nic,
                       net=a.net, memory=a.memory, cache=a.cache,
                       kernel_package=a.kernel_package, append=a.append, timeout=a.timeout,
                       verbose=a.verbose)
        try:
            g.start()
            log(g.versions)
            log("qemu: %s" % shlex.join(g.command))
            log("listening on %s port %d after %.0f ms from QEMU start (%s); reach it at %s:%d%s"
                % (a.proto, a.port, g.listen_ms, g.listen_line.split("(")[-1].rstrip(")"),
                   g.host, g.host_port, " in netns " + g.netns if g.netns else ""))
            if a.then:
                cmd = a.then.replace("{host}", g.host).replace("{port}", str(g.host_port))
                return subprocess.run(g.exec_prefix + ["sh", "-c", cmd]).returncode
            g.qemu.wait()
            return 0
        except KeyboardInterrupt:
            return 130
        finally:
            g.stop()
    except GuestError as e:
        log("error: %s" % e)
        return 1


if __name__ == "__main__":
    sys.exit(main())
