#!/usr/bin/env python3
"""`plan watch` under stress (issue 17), measured, not asserted.

1. A storm: EVENTS file writes (default 10,000) spread over FILES files within about two
   seconds. Reports how many rebuilds (`[watch]` summary lines) they caused and the watch's
   peak RSS over the storm.
2. A session: EDITS edits (default 10,000) of a cited file, each moving the cited code (so
   each rebuild rewrites the plan's citations), one every PAUSE seconds. Reports the
   peak RSS over the first and over the last WINDOW edits (the peak is reset between them
   through /proc/PID/clear_refs), and the RSS at the start and at the end: flat memory
   means the last window's peak is not above the first's by more than noise.

Linux only (reads /proc). Usage:
    scripts/watch-stress.py [--plan target/release/plan] [--events 10000] [--files 1000]
                            [--edits 10000] [--window 1000] [--pause 0.002]
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time

from watch_proc import reset_peak, status

CODE = "pub struct Store;\n\npub fn get() -> u32 {\n    1\n}\n"


def summaries(log):
    with open(log) as log_file:
        return sum(1 for line in log_file if line.startswith("[watch]"))


def wait_quiet(log, quiet=3.0, limit=120.0):
    """Waits until the log has not grown for `quiet` seconds."""
    start = time.time()
    size, since = os.path.getsize(log), time.time()
    while time.time() - since < quiet and time.time() - start < limit:
        time.sleep(0.1)
        now = os.path.getsize(log)
        if now != size:
            size, since = now, time.time()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--plan", default="target/release/plan")
    parser.add_argument("--events", type=int, default=10000)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=10000)
    parser.add_argument("--window", type=int, default=1000)
    parser.add_argument("--pause", type=float, default=0.002)
    args = parser.parse_args()
    plan = os.path.realpath(args.plan)
    work = tempfile.mkdtemp(prefix="watch-stress-")
    os.makedirs(f"{work}/src/many")
    with open(f"{work}/plan.toml", "w") as config:
        config.write('[rules]\nmissing-section = "allow"\n')
    with open(f"{work}/src/lib.rs", "w") as code:
        code.write(CODE)
    for index in range(args.files):
        with open(f"{work}/src/many/m{index}.rs", "w") as source:
            source.write(f"pub fn f{index}() -> u32 {{ {index} }}\n")
    with open(f"{work}/PLAN.md", "w") as plan_file:
        plan_file.write(
            "# Plan\n\n## B) Repository Recon Summary\n\n- The store `src/lib.rs:1`.\n"
            "- Reading `src/lib.rs:3-5`.\n- One of many `src/many/m1.rs:1`.\n"
        )
    subprocess.run([plan, "--root", work, "build", "-q"], check=False)
    # Outside the root: a log the watch sees grow would rebuild it for every line.
    log = tempfile.mkstemp(prefix="watch-stress-", suffix=".log")[1]
    with open(log, "w") as log_file:
        watch = subprocess.Popen([plan, "--root", work, "watch"], stdout=subprocess.DEVNULL, stderr=log_file)
    try:
        while summaries(log) == 0:
            time.sleep(0.05)
        wait_quiet(log, 1.0)
        start_rss = status(watch.pid, "VmRSS")
        print(f"after the initial build: RSS {start_rss / 1024:.1f} MiB, peak {status(watch.pid, 'VmHWM') / 1024:.1f} MiB")

        # 1. The storm.
        reset_peak(watch.pid)
        before = summaries(log)
        began = time.time()
        for event in range(args.events):
            index = event % args.files
            with open(f"{work}/src/many/m{index}.rs", "w") as source:
                source.write(f"pub fn f{index}() -> u32 {{ {event} }}\n")
        took = time.time() - began
        wait_quiet(log)
        print(
            f"storm: {args.events} writes to {args.files} files in {took:.2f} s -> "
            f"{summaries(log) - before} rebuilds; peak RSS over it {status(watch.pid, 'VmHWM') / 1024:.1f} MiB, "
            f"RSS after {status(watch.pid, 'VmRSS') / 1024:.1f} MiB"
        )

        # 2. The session.
        before = summaries(log)
        peaks = []
        began = time.time()
        for edit in range(args.edits):
            if edit == 0 or edit == args.edits - args.window:
                reset_peak(watch.pid)
            with open(f"{work}/src/lib.rs", "w") as code:
                code.write("\n" * (edit % 5) + CODE)
            time.sleep(args.pause)
            if edit == args.window - 1 or edit == args.edits - 1:
                peaks.append((status(watch.pid, "VmHWM"), status(watch.pid, "VmRSS")))
        took = time.time() - began
        wait_quiet(log)
        end_rss = status(watch.pid, "VmRSS")
        print(f"session: {args.edits} edits in {took:.1f} s -> {summaries(log) - before} rebuilds")
        for name, (peak, rss) in zip(("first", "last"), peaks):
            print(f"  {name} {args.window} edits: peak RSS {peak / 1024:.1f} MiB, RSS at their end {rss / 1024:.1f} MiB")
        print(f"RSS at the start {start_rss / 1024:.1f} MiB, at the end {end_rss / 1024:.1f} MiB")
    finally:
        watch.send_signal(2)
        watch.wait(timeout=30)
        subprocess.run(["rm", "-rf", work, log], check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
