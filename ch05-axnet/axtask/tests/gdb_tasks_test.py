#!/usr/bin/env python3
"""ch05-axnet/axtask/tests/gdb_tasks_test.py: the GDB commands for tasks work (.gdbinit's
ax-tasks and ax-task-bt). Boots the ch05 ktest kernel paused, stops in the ping-pong test's
second task, lists the tasks and prints the backtrace of the blocked main task, then checks
that the real registers were put back. Exit status 0 on success."""
import argparse
import os
import re
import subprocess
import sys

TOOLS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "tools")
sys.path.insert(0, TOOLS)
import axqemu  # noqa: E402
import debug  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", required=True)
    args = ap.parse_args()
    port = axqemu.free_port()
    qemu = subprocess.Popen(axqemu.qemu_command(args.kernel, append="ktest=ping_pong",
                                                serial="null", gdb_port=port, paused=True),
                            stdin=subprocess.DEVNULL)
    try:
        gdb = subprocess.run(debug.gdb_command(args.kernel, port, [
            "hbreak '(anonymous namespace)::pong'", "continue", "ax-tasks", "ax-task-bt 1",
            "echo ---after---\\n", "backtrace 1"]),
            capture_output=True, text=True, timeout=90)
    finally:
        qemu.kill()
        qemu.wait()
    out = gdb.stdout + gdb.stderr
    print(out)
    listing, _, after = out.partition("---after---")
    checks = [
        (listing, r"\n\s+1\s+Blocked\s+main\s+0x[0-9a-f]+ <axtask::detail::schedule\(\)\+\d+>",
         "ax-tasks lists main as Blocked, resuming in schedule()"),
        (listing, r"\n\s+0\s+Ready\s+idle\s+0x[0-9a-f]+ <axtask_task_entry>",
         "ax-tasks lists the idle task, not yet started"),
        (listing, r"\n\s+\d+\s+Running\s+pong\s+\(current: 0x[0-9a-f]+ <.*pong",
         "ax-tasks lists pong as the running task"),
        (listing, r"#\d+\s+0x[0-9a-f]+ in axtask::WaitQueue::wait_until .* at \S+wait_queue\.cpp:\d+",
         "ax-task-bt 1 shows main blocked in WaitQueue::wait_until"),
        (listing, r"#\d+\s+0x[0-9a-f]+ in ktest_fn_axtask_ping_pong_switches",
         "ax-task-bt 1 reaches the test function main runs"),
        (after, r"#0\s+.*pong \(arg=", "the registers were restored after ax-task-bt"),
    ]
    problems = [what for text, pattern, what in checks if not re.search(pattern, text)]
    if problems:
        print("gdb_tasks_test: FAIL\n  - " + "\n  - ".join(problems))
        return 1
    print("gdb_tasks_test: PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
