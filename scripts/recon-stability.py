#!/usr/bin/env python3
"""Does adding or removing one ordinary file leave the Markdown recon byte-identical?

Usage:
    scripts/recon-stability.py PLAN_BIN CHECKOUT [CHECKOUT ...] [--trials N] [--seed S]

For each checkout (a plain directory; it is copied, never modified), runs
`PLAN recon --no-cache` once, then N trials of each kind on a fresh copy:

  * add:    a new source file in a random product directory (a small function in the
            language of its neighbours that calls nothing and defines no type);
  * remove: a random product source file that defines no type, is not cited by the
            baseline recon and is not a module's index (`__init__.py`, `mod.rs`,
            `lib.rs`, `main.rs`, `index.ts`: removing one removes a package).

Each trial's Markdown is compared with the baseline's. Prints one line per checkout
and kind with the number of byte-identical trials, and the first differing line of
each failure. Exit status 0 always (it measures; it does not gate).
"""
from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SNIPPETS = {
    ".rs": "pub fn recon_stability_probe() -> usize {\n    42\n}\n",
    ".go": None,  # needs the package clause of its neighbours
    ".py": "def recon_stability_probe():\n    return 42\n",
    ".ts": "export function reconStabilityProbe(): number {\n  return 42;\n}\n",
    ".js": "export function reconStabilityProbe() {\n  return 42;\n}\n",
    ".java": None,
}
PERIPHERAL = re.compile(r"(^|/)(tests?|testdata|test_data|fixtures?|examples?|benches|benchmarks?|vendor|_vendor|third_party|node_modules|docs?|scripts|build|\.github)(/|$)|_test\.|\.test\.|\.spec\.|(^|/)test_")
INDEX_FILES = {"__init__.py", "__main__.py", "mod.rs", "lib.rs", "main.rs", "index.ts", "index.js", "main.go"}
TYPE_DEF = re.compile(r"^\s*(pub(\([^)]*\))?\s+)?(struct|enum|trait|class|interface|type)\s+\w", re.M)


PLAN_WITH_RECON = "# Plan\n\n## B) Repository Recon Summary\n\n<!-- plan:begin recon -->\n<!-- plan:end recon -->\n"
BLOCK = re.compile(r"<!-- plan:begin recon -->(.*?)<!-- plan:end recon -->", re.S)

# --via-build: the recon block of a PLAN.md refreshed by `plan build` (with the hysteresis
# a plan's block has), starting from the baseline's block, instead of `plan recon`.
VIA_BUILD = False
BASELINE_PLAN = ""


def recon(plan: str, root: Path) -> str:
    if not VIA_BUILD:
        out = subprocess.run([plan, "recon", "--no-cache", "-q", "--root", str(root)], capture_output=True, text=True, timeout=600)
        return out.stdout
    plan_path = root / "PLAN.md"
    plan_path.write_text(BASELINE_PLAN or PLAN_WITH_RECON)
    (root / "PLAN.lock").unlink(missing_ok=True)
    subprocess.run([plan, "build", "--no-cache", "-q", "--root", str(root)], capture_output=True, text=True, timeout=600)
    text = plan_path.read_text()
    plan_path.unlink()
    (root / "PLAN.lock").unlink(missing_ok=True)
    match = BLOCK.search(text)
    return match.group(1) if match else text


def sources(root: Path) -> list[Path]:
    found = []
    for path in root.rglob("*"):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and path.suffix in SNIPPETS and not PERIPHERAL.search(rel) and "/." not in "/" + rel:
            found.append(path)
    return sorted(found)


def snippet(path: Path) -> str | None:
    if path.suffix == ".go":
        match = re.search(r"^package\s+(\w+)", path.read_text(errors="replace"), re.M)
        return f"package {match.group(1)}\n\nfunc reconStabilityProbe() int {{\n\treturn 42\n}}\n" if match else None
    return SNIPPETS.get(path.suffix)


def first_difference(a: str, b: str) -> str:
    for left, right in zip(a.splitlines(), b.splitlines()):
        if left != right:
            return f"- {left[:110]}\n      + {right[:110]}"
    return "(one is a prefix of the other)"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("plan")
    parser.add_argument("checkouts", nargs="+")
    parser.add_argument("--trials", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--via-build", action="store_true", help="compare the recon block `plan build` writes into a plan (hysteresis), not `plan recon`")
    args = parser.parse_args()
    global VIA_BUILD, BASELINE_PLAN
    VIA_BUILD = args.via_build
    rng = random.Random(args.seed)
    total = identical = 0
    for checkout in map(Path, args.checkouts):
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / checkout.name
            shutil.copytree(checkout, copy, symlinks=True, ignore=shutil.ignore_patterns(".git", ".plan"))
            BASELINE_PLAN = ""
            baseline = recon(args.plan, copy)
            if VIA_BUILD:
                BASELINE_PLAN = BLOCK.sub(lambda _: "<!-- plan:begin recon -->" + baseline + "<!-- plan:end recon -->", PLAN_WITH_RECON)
            files = sources(copy)
            for kind in ("add", "remove"):
                same, failures = 0, []
                for _ in range(args.trials):
                    if kind == "add":
                        neighbour = rng.choice(files)
                        text = snippet(neighbour)
                        if text is None:
                            continue
                        target = neighbour.with_name("recon_stability_probe" + neighbour.suffix)
                        target.write_text(text)
                        after = recon(args.plan, copy)
                        target.unlink()
                    else:
                        candidates = [f for f in files if f.relative_to(copy).as_posix() not in baseline and f.name not in INDEX_FILES and not TYPE_DEF.search(f.read_text(errors="replace"))]
                        if not candidates:
                            continue
                        victim = rng.choice(candidates)
                        saved = victim.read_bytes()
                        victim.unlink()
                        after = recon(args.plan, copy)
                        victim.write_bytes(saved)
                        neighbour = victim
                    total += 1
                    if after == baseline:
                        same += 1
                        identical += 1
                    else:
                        failures.append(f"{neighbour.relative_to(copy)}: {first_difference(baseline, after)}")
                print(f"{checkout.name:16} {kind:6} identical {same}/{args.trials}")
                for failure in failures[:3]:
                    print(f"    {failure}")
    print(f"TOTAL identical {identical}/{total}")


if __name__ == "__main__":
    sys.exit(main())
