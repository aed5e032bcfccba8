#!/usr/bin/env python3
"""Measures the cliffs of `plan watch` on a large tree: what one rebuild costs, from the
batch arriving to the write (the milliseconds each `[watch]` summary line states), for

  1. the first edit of a file the plan does not cite (then three more edits of it),
  2. adding a new source file beside it, then removing it again (TRIALS times each),
  3. an edit of a manifest the recon reads (a line added at its end, then removed).

Every change is undone at the end; the watch runs with the default settings (or the
arguments in WATCH_ARGS; WATCH_LOG=PATH keeps its stderr). Prints one line per step and a
summary with medians.

Usage: scripts/watch-cliffs.py REPO UNCITED_FILE MANIFEST [PLAN_BINARY] [--trials N] [--pause S]
  e.g. scripts/watch-cliffs.py /tmp/arch-mono100k packages/pkg5/src/d3/m17.rs \
           packages/pkg5/package.json target/release/plan
"""

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time

from watch_proc import wait_for, write


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("repo")
    parser.add_argument("uncited")
    parser.add_argument("manifest")
    parser.add_argument("plan", nargs="?", default="target/release/plan")
    parser.add_argument("--trials", type=int, default=5)
    parser.add_argument(
        "--pause",
        type=float,
        default=0.3,
        help="seconds between steps: short, the next change cancels the recon pass; long (3), it finishes",
    )
    args = parser.parse_args()
    repo = os.path.abspath(args.repo)
    plan = os.path.abspath(args.plan)
    uncited = os.path.join(repo, args.uncited)
    manifest = os.path.join(repo, args.manifest)
    originals = {path: open(path, "rb").read() for path in (uncited, manifest)}
    added = os.path.join(os.path.dirname(uncited), "watch_cliffs_added" + os.path.splitext(uncited)[1])
    subprocess.run([plan, "--root", repo, "build", "-q"], stdout=subprocess.DEVNULL, check=False)
    log = tempfile.NamedTemporaryFile("w+", delete=False)
    watch = subprocess.Popen(
        [plan, "--root", repo, "watch", *shlex.split(os.environ.get("WATCH_ARGS", ""))],
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    results: dict[str, list[int]] = {}
    try:
        wait_for(log.name, lambda lines: any("initial build" in line for line in lines), 600)

        def step(what: str, change) -> None:
            seen = len(summaries(log.name))
            change()
            lines = wait_for(log.name, lambda _: len(summaries(log.name)) > seen, 60)
            line = summaries(log.name)[seen] if lines else None
            if line is None:
                print(f"{what}: no summary line within 60 s", file=sys.stderr)
                return
            ms = int(line.rsplit("; ", 1)[1].split()[0])
            results.setdefault(what, []).append(ms)
            print(f"{what}: {ms} ms  ({line.strip()})")
            time.sleep(args.pause)

        text = originals[uncited]
        comment = b"# edit\n" if uncited.endswith((".py", ".toml", ".sh", ".rb")) else b"// edit\n"
        for index in range(4):
            what = "first edit of an uncited file" if index == 0 else "next edits of it"
            step(what, lambda index=index: write(uncited, text + (comment if index % 2 == 0 else b"")))
        write(uncited, text)
        time.sleep(0.5)
        body = BODIES.get(os.path.splitext(uncited)[1], b"")
        for _ in range(args.trials):
            step("add a file", lambda: write(added, body))
            step("remove a file", lambda: os.remove(added))
        manifest_text = originals[manifest]
        for index in range(args.trials):
            step("edit a manifest", lambda index=index: write(manifest, manifest_text + b"\n" if index % 2 == 0 else manifest_text))
    finally:
        watch.terminate()
        watch.wait(timeout=30)
        for path, content in originals.items():
            write(path, content)
        if os.path.exists(added):
            os.remove(added)
        if os.environ.get("WATCH_LOG"):
            # Keep the watch's stderr (with PLAN_LOG set: its spans) for a closer look.
            os.replace(log.name, os.environ["WATCH_LOG"])
        else:
            os.unlink(log.name)
    print()
    for what, values in results.items():
        print(f"{what}: median {statistics.median(values):.0f} ms, max {max(values)} ms, n={len(values)}")
    return 0


# An ordinary file of the edited file's language, with one function.
BODIES = {
    ".rs": b"pub fn watch_cliffs_added() -> u32 {\n    7\n}\n",
    ".py": b"def watch_cliffs_added():\n    return 7\n",
    ".go": b"package added\n\nfunc WatchCliffsAdded() int { return 7 }\n",
    ".ts": b"export function watchCliffsAdded(): number {\n  return 7;\n}\n",
    ".js": b"export function watchCliffsAdded() {\n  return 7;\n}\n",
    ".c": b"int watch_cliffs_added(void) { return 7; }\n",
    ".java": b"class WatchCliffsAdded { int added() { return 7; } }\n",
}


def summaries(log: str) -> list[str]:
    with open(log) as lines:
        return [line for line in lines if line.startswith("[watch]") and "initial build" not in line and " ms" in line]


if __name__ == "__main__":
    sys.exit(main())
