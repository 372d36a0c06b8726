#!/usr/bin/env bash
# tools/fetch_lwip.sh DEST: fetches lwIP's sources for stage 5 from Debian's source archive,
# checks them against the pinned version and checksum, unpacks them to DEST/lwip-2.1.3 and
# applies the course's patches (ch05-axnet/lwip/patches, each citing the lwIP bug it fixes).
# Called by CMake at configure time (ch05-axnet/lwip/lwip.cmake); does nothing when DEST already
# holds the patched tree. lwIP is never committed to the repository.
set -euo pipefail

VERSION=2.1.3+dfsg1-2                # Debian 12 (bookworm)
ORIG=lwip_2.1.3+dfsg1.orig.tar.xz
SHA256=0a8276d09fc4e97bbba2f953d74af2388fc2195ea156be9d7589e297a68fde24
SUITE=bookworm

say() { printf 'fetch_lwip: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

[ $# -eq 1 ] || die "usage: $0 DEST"
dest=$1
root=$(cd "$(dirname "$0")/.." && pwd)
patches=$root/ch05-axnet/lwip/patches
stamp=$dest/lwip-2.1.3/.ax-patched
# The stamp records the tarball checksum and the patches applied: a changed patch refetches.
want="$SHA256 $(cat "$patches"/*.patch | sha256sum | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then exit 0; fi

mkdir -p "$dest"
tarball=$dest/$ORIG
if ! { [ -f "$tarball" ] && echo "$SHA256  $tarball" | sha256sum -c --quiet - 2>/dev/null; }; then
    command -v apt-get >/dev/null || die "no apt-get: download $ORIG (Debian $VERSION) into $dest by hand"
    # A private deb-src list: the machine's own apt configuration is neither read nor changed.
    apt=$dest/apt
    mkdir -p "$apt/lists/partial"
    echo "deb-src http://deb.debian.org/debian $SUITE main" >"$apt/sources.list"
    opts=(-o "Dir::Etc::SourceList=$apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
          -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache" -o APT::Sandbox::User=root
          -o Debug::NoLocking=1)
    say "fetching lwip $VERSION from Debian's source archive"
    apt-get "${opts[@]}" -qq update || die "apt-get update (deb-src $SUITE) failed"
    (cd "$dest" && apt-get "${opts[@]}" -qq source --download-only "lwip=$VERSION") ||
        die "apt-get source lwip=$VERSION failed"
    echo "$SHA256  $tarball" | sha256sum -c --quiet - || die "$ORIG does not match its pinned checksum"
fi

rm -rf "$dest/lwip-2.1.3"
tar -xf "$tarball" -C "$dest"
cd "$dest/lwip-2.1.3"
# The upstream sources have CRLF line ends; the patches are written with LF.
find src -name '*.[ch]' -exec sed -i 's/\r$//' {} +
for p in "$patches"/*.patch; do
    patch -p1 --quiet --forward <"$p" || die "patch $(basename "$p") does not apply"
done
echo "$want" >"$stamp"
say "lwIP $VERSION ready in $dest/lwip-2.1.3 ($(ls "$patches" | wc -l) patches)"
