#!/usr/bin/env python3
"""tools/fuzz.py: one bounded run of a libFuzzer target (cmake/fuzz.cmake), and its verdict.

The target first runs every input of the committed seed corpus, then generates new inputs for
--seconds (the FUZZ_SECONDS environment variable overrides it: `make fuzz`). New interesting
inputs go to a scratch corpus under --work, never into the repository; a crash, a leak, a
sanitizer report or a hung input (over 10 s) fails the run, and its input is kept in --work with
the command that replays it. Prints the executions made, the edges covered and the corpus size.
Exit status: 0 no finding, 1 a finding (or the target would not run).

  fuzz.py --target build/.../minnet_frame_fuzz --corpus ch03-virtio-net/minnet/fuzz/corpus/... \
          --work build/.../fuzz/minnet_frame_fuzz --seconds 5
"""
import argparse
import os
import re
import subprocess
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--target", required=True, help="the libFuzzer program")
    ap.add_argument("--corpus", required=True, help="the committed seed corpus (read only)")
    ap.add_argument("--work", required=True, help="scratch directory: new inputs, findings")
    ap.add_argument("--seconds", type=int, default=5, help="seconds of new inputs")
    args = ap.parse_args()
    seconds = int(os.environ.get("FUZZ_SECONDS", args.seconds))

    scratch = os.path.join(args.work, "corpus")
    os.makedirs(scratch, exist_ok=True)
    name = os.path.basename(args.target)
    # The first corpus directory receives the new inputs: the scratch one, not the seeds.
    cmd = [args.target, scratch, args.corpus, f"-max_total_time={seconds}", "-timeout=10",
           "-rss_limit_mb=2048", "-print_final_stats=1",
           f"-artifact_prefix={os.path.join(args.work, '')}"]
    print(f"fuzz: {name}: {seconds} s after the seeds in {args.corpus}", flush=True)
    try:
        # A hung target is killed a minute after its time is up: the run must end.
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              errors="replace", timeout=seconds + 60)
    except subprocess.TimeoutExpired as e:
        out = e.stdout if isinstance(e.stdout, str) else (e.stdout or b"").decode(errors="replace")
        print(out[-4000:])
        print(f"fuzz: {name}: FAILED: still running {seconds + 60} s after its time was up")
        return 1
    out = proc.stdout

    stats = dict(re.findall(r"^stat::(\w+):\s*(\d+)", out, re.M))
    cov = re.findall(r"\bcov: (\d+)", out)
    corpus_now = len(os.listdir(scratch))
    summary = (f"{stats.get('number_of_executed_units', '?')} executions "
               f"({stats.get('average_exec_per_sec', '?')}/s), {cov[-1] if cov else '?'} edges "
               f"covered, {corpus_now} new inputs kept in {scratch}")
    findings = re.findall(r"^(?:artifact_prefix=.*?; )?Test unit written to (\S+)", out, re.M)
    if proc.returncode != 0 or findings:
        # The report: the sanitizer's or libFuzzer's lines, not the whole progress log.
        marks = [out.find(m) for m in ("==ERROR", "runtime error:", "invariant broken", "ERROR:")]
        marks = [m for m in marks if m >= 0]
        start = out.rfind("\n", 0, min(marks)) + 1 if marks else max(0, len(out) - 6000)
        print(out[start:start + 8000])
        print(f"fuzz: {name}: FAILED (exit {proc.returncode}) after {summary}")
        for f in findings:
            print(f"fuzz: replay with: {args.target} {f}")
        return 1
    print(f"fuzz: {name}: no finding: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
