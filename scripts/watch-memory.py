#!/usr/bin/env python3
"""Peak memory of a long `plan watch` session on a real or generated tree (issue 18:
"peak memory at 100k files stays under 1 GiB ... a watch session after 1,000 edits").

Starts `plan watch` on REPO with the default settings, waits for the initial build, then
makes EDITS changes in rotation, each answered (a `[watch]` summary line) before the next:

  1. three blank lines inserted at the top of CITED, a file the plan cites (the citations
     move, PLAN.md is rewritten), then removed again on the next turn;
  2. an edit of UNCITED (a comment line appended, then dropped);
  3. a new source file beside UNCITED added, then removed.

Reports the peak RSS (VmHWM) of the initial build, over the first and the last WINDOW
edits (the peak is reset between them through /proc/PID/clear_refs), the peak over the
whole session, and the RSS at the start and at the end. Every file, PLAN.md and PLAN.lock
included, is restored at the end. Linux only (reads /proc).

Usage: scripts/watch-memory.py REPO CITED UNCITED [PLAN_BINARY] [--edits N] [--window N]
  e.g. scripts/watch-memory.py /tmp/arch-mono100k packages/pkg0/src/d0/m0.rs \
           packages/pkg5/src/d3/m17.rs target/release/plan
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

from watch_proc import reset_peak, status, wait_for, write


def is_summary(line: str) -> bool:
    return line.startswith("[watch]") and " ms" in line


def summaries(log: str) -> int:
    with open(log) as lines:
        return sum(1 for line in lines if is_summary(line))


def wait_summaries(log: str, count: int, seconds: float) -> bool:
    """Waits until the log holds `count` summary lines, at most `seconds`."""
    return wait_for(log, lambda lines: sum(1 for line in lines if is_summary(line)) >= count, seconds)


def mib(kib: int) -> str:
    return f"{kib / 1024:.0f} MiB"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("repo")
    parser.add_argument("cited")
    parser.add_argument("uncited")
    parser.add_argument("plan", nargs="?", default="target/release/plan")
    parser.add_argument("--edits", type=int, default=1000)
    parser.add_argument("--window", type=int, default=100)
    args = parser.parse_args()
    repo, plan = os.path.abspath(args.repo), os.path.abspath(args.plan)
    cited, uncited = os.path.join(repo, args.cited), os.path.join(repo, args.uncited)
    added = os.path.join(os.path.dirname(uncited), "watch_memory_added" + os.path.splitext(uncited)[1])
    kept = [cited, uncited, os.path.join(repo, "PLAN.md"), os.path.join(repo, "PLAN.lock")]
    originals = {path: open(path, "rb").read() for path in kept if os.path.exists(path)}
    log = tempfile.NamedTemporaryFile("w+", delete=False, suffix=".log")
    watch = subprocess.Popen([plan, "--root", repo, "watch"], stdout=subprocess.DEVNULL, stderr=log)
    latencies, slow = [], 0
    try:
        if not wait_summaries(log.name, 1, 900):
            print("no initial build within 900 s", file=sys.stderr)
            return 1
        time.sleep(3)  # the initial recon pass
        initial_peak, start_rss = status(watch.pid, "VmHWM"), status(watch.pid, "VmRSS")
        windows, session_peak = [], initial_peak
        for edit in range(args.edits):
            if edit in (0, args.edits - args.window):
                reset_peak(watch.pid)
            seen = summaries(log.name)
            turn, kind = divmod(edit, 3)
            if kind == 0:
                body = originals[cited]
                write(cited, body if turn % 2 else b"\n\n\n" + body)
            elif kind == 1:
                body = originals[uncited]
                write(uncited, body if turn % 2 else body + b"\n// watch-memory\n")
            elif turn % 2:
                os.remove(added)
            else:
                write(added, b"// watch-memory\n" + originals[uncited])
            began = time.time()
            if wait_summaries(log.name, seen + 1, 10):
                latencies.append((time.time() - began) * 1000)
            else:
                slow += 1
            session_peak = max(session_peak, status(watch.pid, "VmHWM"))
            if edit in (args.window - 1, args.edits - 1):
                windows.append((status(watch.pid, "VmHWM"), status(watch.pid, "VmRSS")))
        time.sleep(3)
        end_rss = status(watch.pid, "VmRSS")
        session_peak = max(session_peak, status(watch.pid, "VmHWM"))
    finally:
        watch.send_signal(2)
        watch.wait(timeout=60)
        if os.path.exists(added):
            os.remove(added)
        for path, body in originals.items():
            write(path, body)
        os.unlink(log.name)
    print(f"initial build: peak RSS {mib(initial_peak)}, RSS after it {mib(start_rss)}")
    for name, (peak, rss) in zip(("first", "last"), windows):
        print(f"{name} {args.window} edits: peak RSS {mib(peak)}, RSS at their end {mib(rss)}")
    print(f"{args.edits} edits: peak RSS over the session {mib(session_peak)}; RSS at the start {mib(start_rss)}, at the end {mib(end_rss)}")
    if latencies:
        print(f"answered: {len(latencies)} (median {statistics.median(latencies):.0f} ms), not answered within 10 s: {slow}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
