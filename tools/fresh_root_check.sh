#!/usr/bin/env bash
# tools/fresh_root_check.sh: the maintainers' check of the README's promise. For each Debian
# release named (default: Debian 12 bookworm and Debian 13 trixie) it makes a fresh minimal root
# with debootstrap, installs only git and make in it, clones this repository at its current
# commit, and runs the README's two commands there as a newcomer would:
#   make test   must pass (every CTest test; its summary is kept);
#   make run    must boot the latest stage's application (no keyboard: stdin is /dev/null)
#               until it says it is serving (stage 6's httpserver: "listening on"), with no
#               panic; the check then stops it (a server does not end by itself). A time
#               limit guards the wait.
# Then it prints one summary line per release. Not part of `make test`: it needs root, the
# Debian archive, a few GiB and most of an hour per release.
#
#   sudo tools/fresh_root_check.sh [--work DIR] [--cache DIR] [--keep] [RELEASE...]
#
# --work   where the roots and logs go (default /var/tmp/ax-fresh-roots)
# --cache  where the debootstrapped base roots are kept as tarballs, so a second run skips
#          debootstrap (default: WORK/cache); delete a tarball to take a newer base
# --keep   leave each root in place afterwards (to look around with chroot)
# Commit first: the check sees the repository's HEAD, not uncommitted changes.
set -uo pipefail

MIRROR=${MIRROR:-http://deb.debian.org/debian}
WORK=/var/tmp/ax-fresh-roots
CACHE=""
KEEP=0
RELEASES=()
while [ $# -gt 0 ]; do
    case "$1" in
        --work) WORK=$2; shift 2 ;;
        --cache) CACHE=$2; shift 2 ;;
        --keep) KEEP=1; shift ;;
        -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
        -*) echo "fresh_root_check: unknown option $1" >&2; exit 2 ;;
        *) RELEASES+=("$1"); shift ;;
    esac
done
[ ${#RELEASES[@]} -gt 0 ] || RELEASES=(bookworm trixie)
CACHE=${CACHE:-$WORK/cache}
REPO=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel) || exit 2
COMMIT=$(git -C "$REPO" rev-parse HEAD) || exit 2
TEST_LIMIT=${TEST_LIMIT:-7200}  # seconds for make test (set-up and build included)
RUN_LIMIT=${RUN_LIMIT:-300}     # seconds for make run (its build included)

say() { printf 'fresh_root_check: %s\n' "$*" >&2; }
[ "$(id -u)" -eq 0 ] || { say "must run as root (debootstrap, chroot, mounts)"; exit 2; }
command -v debootstrap >/dev/null || { say "needs debootstrap: apt-get install debootstrap"; exit 2; }
git -C "$REPO" diff --quiet HEAD || say "warning: uncommitted changes are not checked (HEAD is $COMMIT)"
mkdir -p "$WORK" "$CACHE"

MOUNTED=()
unmount_all() {
    local i
    for ((i = ${#MOUNTED[@]} - 1; i >= 0; i--)); do umount -l "${MOUNTED[i]}" 2>/dev/null; done
    MOUNTED=()
}
trap unmount_all EXIT

# The running make, under timeout, which puts it in a process group of its own: stopping this
# script's group would not reach it, and it would go on in the root. Stopping the script
# (Ctrl-C, kill) therefore stops timeout, which passes the signal to make's whole group.
CHILD=""
stop() {
    if [ -n "$CHILD" ]; then
        kill -TERM "$CHILD" 2>/dev/null
        wait "$CHILD" 2>/dev/null
    fi
    say "stopped"
    exit 143
}
trap stop INT TERM

# remove_root DIR: deletes a root left by an earlier run. A run that was killed leaves /dev
# (the host's own device nodes, bound in) and /proc mounted inside it, and a plain rm -rf would
# walk into them: first everything mounted under DIR is unmounted, deepest first, and rm stays
# on DIR's file system whatever happens.
remove_root() {
    local m
    [ -e "$1" ] || return 0
    for m in $(awk -v d="$(realpath "$1")" 'index($2, d "/") == 1 {print $2}' /proc/mounts | sort -r); do
        umount -l "$m" 2>/dev/null
    done
    if awk -v d="$(realpath "$1")" 'index($2, d "/") == 1 {f = 1} END {exit !f}' /proc/mounts; then
        say "$1 still has file systems mounted in it; not removing it"
        return 1
    fi
    rm -rf --one-file-system "$1"
}

# in_root ROOT COMMAND: runs COMMAND with bash in ROOT, as root, with a clean environment.
in_root() {
    chroot "$1" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin /bin/bash -c "$2"
}

# check RELEASE: one fresh root, the README's two commands; sets RESULT to the verdict line.
RESULT=""
check() {
    local rel=$1 root=$WORK/$1 log=$WORK/$1.log base=$CACHE/$1-minbase.tar
    : >"$log"
    if [ ! -f "$base" ]; then
        say "$rel: debootstrap (once; kept in $base)"
        remove_root "$root.base" && mkdir -p "$root.base"
        debootstrap --variant=minbase "$rel" "$root.base" "$MIRROR" >>"$log" 2>&1 ||
            { RESULT="$rel: FAIL debootstrap (see $log)"; return 1; }
        tar -C "$root.base" -cf "$base.tmp" . && mv "$base.tmp" "$base"
        remove_root "$root.base"
    fi
    remove_root "$root" && mkdir -p "$root" && tar -C "$root" -xf "$base" ||
        { RESULT="$rel: FAIL unpacking $base"; return 1; }
    cp /etc/resolv.conf "$root/etc/resolv.conf"
    mount --rbind /dev "$root/dev" && MOUNTED+=("$root/dev")
    mount -t proc proc "$root/proc" && MOUNTED+=("$root/proc")

    say "$rel: installing git and make"
    in_root "$root" 'export DEBIAN_FRONTEND=noninteractive; apt-get update -qq &&
        apt-get install -y -qq --no-install-recommends git make ca-certificates' >>"$log" 2>&1 ||
        { RESULT="$rel: FAIL apt-get install git make (see $log)"; unmount_all; return 1; }
    git clone -q --no-hardlinks "$REPO" "$root/root/course" >>"$log" 2>&1 &&
        git -C "$root/root/course" checkout -q --detach "$COMMIT" ||
        { RESULT="$rel: FAIL git clone"; unmount_all; return 1; }

    local t0 test_rc run_rc summary boot=no
    say "$rel: make test (log: $WORK/$rel-test.log)"
    t0=$(date +%s)
    timeout "$TEST_LIMIT" chroot "$root" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        make -C /root/course test >"$WORK/$rel-test.log" 2>&1 </dev/null &
    CHILD=$!
    wait "$CHILD"
    test_rc=$?
    CHILD=""
    local test_min=$(( ($(date +%s) - t0 + 59) / 60 ))
    summary=$(grep -E 'tests passed, [0-9]+ tests failed out of' "$WORK/$rel-test.log" | tail -n1)

    say "$rel: make run (log: $WORK/$rel-run.log)"
    # In a process group of its own, so that stopping it stops make, the runner and QEMU.
    setsid timeout "$RUN_LIMIT" chroot "$root" /usr/bin/env -i HOME=/root TERM=dumb \
        LANG=C.UTF-8 PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        make -C /root/course run >"$WORK/$rel-run.log" 2>&1 </dev/null &
    local run_pid=$!
    CHILD=$run_pid
    while kill -0 "$run_pid" 2>/dev/null && ! grep -q 'listening on' "$WORK/$rel-run.log"; do
        sleep 2
    done
    if grep -q 'listening on' "$WORK/$rel-run.log" &&
        ! grep -Eq 'KERNEL PANIC|panic at' "$WORK/$rel-run.log"; then
        boot=yes
    fi
    kill -TERM -- "-$run_pid" 2>/dev/null
    wait "$run_pid"
    CHILD=""
    run_rc=0
    [ "$boot" = yes ] || run_rc=1

    local versions
    versions=$(in_root "$root" 'printf "g++ %s, QEMU %s, clang %s" "$(g++ -dumpfullversion)" \
        "$(qemu-system-x86_64 --version | sed -n "s/.*version \([0-9.]*\).*/\1/p")" \
        "$(clang++ -dumpversion)"' 2>/dev/null)
    unmount_all
    [ "$KEEP" = 1 ] || remove_root "$root"

    local verdict=PASS
    [ "$test_rc" -eq 0 ] && [ "$run_rc" -eq 0 ] && [ "$boot" = yes ] || verdict=FAIL
    RESULT="$rel: $verdict  make test: exit $test_rc in ${test_min} min (${summary:-no CTest summary}), make run: serving: $boot  [$versions]"
    [ "$verdict" = PASS ]
}

say "checking commit $COMMIT of $REPO in fresh roots: ${RELEASES[*]}"
results=()
status=0
for rel in "${RELEASES[@]}"; do
    check "$rel" || status=1
    echo "$RESULT"
    results+=("$RESULT")
done
echo
echo "fresh_root_check: summary for commit ${COMMIT:0:12}"
printf '  %s\n' "${results[@]}"
exit $status
