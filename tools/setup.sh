#!/usr/bin/env bash
# tools/setup.sh: installs and checks what the course needs to build, run, test and document
# the kernels. Called by `make run`, `make test` and every other target that needs a tool.
# Idempotent; when nothing is missing it only checks versions (well under a second).
# Supports Debian 12 (QEMU >= 8 and Catch2 3 come from bookworm-backports) and Debian 13 (both
# in main): tools/fresh_root_check.sh proves it on fresh roots of each.
set -euo pipefail

say() { printf 'setup: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

# version_ge A B: true when version A >= version B (dotted numbers).
version_ge() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }

qemu_version() { qemu-system-x86_64 --version 2>/dev/null | sed -n 's/.*version \([0-9][0-9.]*\).*/\1/p' | head -n1 || true; }
gxx_version() { g++ -dumpfullversion 2>/dev/null || true; }
clang_version() { clang++ -dumpversion 2>/dev/null | cut -d. -f1 || true; }
# The libFuzzer runtime of the installed clang (libclang-rt-dev: the fuzz targets link it).
have_libfuzzer() {
    local dir
    dir=$(clang++ -print-resource-dir 2>/dev/null) || return 1
    compgen -G "$dir/lib/*/libclang_rt.fuzzer*.a" >/dev/null
}
catch2_version() {
    local f
    for f in /usr/lib/*/cmake/Catch2/Catch2ConfigVersion.cmake /usr/lib/cmake/Catch2/Catch2ConfigVersion.cmake \
             /usr/share/cmake/Catch2/Catch2ConfigVersion.cmake /usr/local/lib/cmake/Catch2/Catch2ConfigVersion.cmake; do
        [ -f "$f" ] && { sed -n 's/^set(PACKAGE_VERSION "\([0-9.]*\)").*/\1/p' "$f" | head -n1; return 0; }
    done
    return 0
}

# Commands the build and the tests call, and the Debian package that provides each.
declare -A PKG_OF=(
    [g++]=g++ [make]=make [cmake]=cmake [ninja]=ninja-build [gdb]=gdb [python3]=python3
    [qemu-system-x86_64]=qemu-system-x86 [doxygen]=doxygen [dot]=graphviz [nm]=binutils
    [addr2line]=binutils [patch]=patch [git]=git [ccache]=ccache [curl]=curl [clang++]=clang
    [wrk]=wrk  # stage 6: the HTTP servers under load (bounded runs)
    [xz]=xz-utils  # lwIP's source tarball (tools/fetch_lwip.sh) is .tar.xz
    [ip]=iproute2  # make ch5-bench, ch6-bench: a tap device in a network namespace
)

missing=()
for cmd in "${!PKG_OF[@]}"; do
    command -v "$cmd" >/dev/null 2>&1 || missing+=("${PKG_OF[$cmd]}")
done
qv=$(qemu_version)
if [ -n "$qv" ] && ! version_ge "$qv" 8.0; then missing+=(qemu-system-x86); fi
cv=$(catch2_version)
if [ -z "$cv" ] || ! version_ge "$cv" 3.0; then missing+=(catch2); fi
[ -f /usr/include/benchmark/benchmark.h ] || missing+=(libbenchmark-dev)  # make chN-bench
have_libfuzzer || missing+=(libclang-rt-dev)  # the fuzz targets (cmake/fuzz.cmake)

if [ ${#missing[@]} -eq 0 ]; then
    gv=$(gxx_version)
    version_ge "$gv" 12 || die "g++ $gv is too old: the kernels need g++ >= 12 (C++20). Install g++-12 or newer."
    version_ge "$(clang_version)" 14 || die "clang $(clang_version) is too old: the fuzz targets need clang >= 14"
    exit 0
fi

# Something is missing: install it with apt, as root or through sudo.
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
say "installing: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "not root and no sudo: install as root: apt-get install ${missing[*]}"
    SUDO=sudo
fi
command -v apt-get >/dev/null 2>&1 || die "no apt-get: install by hand: ${missing[*]} (QEMU >= 8.0, g++ >= 12, Catch2 3)"

. /etc/os-release
backports=""
if [ "${ID:-}" = debian ] && [ "${VERSION_CODENAME:-}" = bookworm ]; then
    # Debian 12 ships QEMU 7.2 and Catch2 2: take both from bookworm-backports.
    backports="-t bookworm-backports"
    if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
        say "enabling bookworm-backports"
        echo 'deb http://deb.debian.org/debian bookworm-backports main' |
            $SUDO tee /etc/apt/sources.list.d/bookworm-backports.list >/dev/null
    fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq || say "warning: apt-get update failed; trying with the lists we have"
# shellcheck disable=SC2086  # $backports is empty or two words on purpose
$SUDO apt-get install -y -qq --no-install-recommends $backports "${missing[@]}" >/dev/null ||
    die "apt-get install ${missing[*]} failed (see above)"

# Check again, with what to do when a check still fails.
qv=$(qemu_version)
[ -n "$qv" ] || die "qemu-system-x86_64 is still missing: install qemu-system-x86 (>= 8.0)"
version_ge "$qv" 8.0 || die "QEMU $qv is too old: the course needs QEMU >= 8.0 (Debian 12: apt-get install -t bookworm-backports qemu-system-x86)"
cv=$(catch2_version)
{ [ -n "$cv" ] && version_ge "$cv" 3.0; } || die "Catch2 3 is missing (found '${cv:-none}'): Debian 12: apt-get install -t bookworm-backports catch2"
gv=$(gxx_version)
version_ge "$gv" 12 || die "g++ $gv is too old: the kernels need g++ >= 12"
lv=$(clang_version)
version_ge "${lv:-0}" 14 || die "clang ${lv:-none} is too old or missing: the fuzz targets need clang >= 14 (apt-get install clang)"
have_libfuzzer || die "clang's libFuzzer runtime is missing: apt-get install libclang-rt-dev"
say "ready: QEMU $qv, g++ $gv, Catch2 $cv, clang $lv"
