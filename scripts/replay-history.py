#!/usr/bin/env python3
"""Replay citations on real history and grade `plan build` against an independent truth.

Usage: scripts/replay-history.py REPO --old REV --new REV [--count 60] [--plan target/release/plan]

1. Checks REPO out at OLD in a scratch worktree, picks COUNT definitions (functions,
   methods, classes/structs, traits/interfaces, enums) with `plan symbols`, half cited as a
   single name line, half as a whole definition (name line to end), and writes a plan
   citing them outside the worktree.
2. Runs `plan build` (anchors), checks out NEW, runs `plan build` again.
3. Establishes the truth without `plan`: git's rename detection (`git diff -M`) finds where
   each file went; git's line mapping (`git diff -w -U0` between the old and new blobs)
   places cited lines that are unchanged; otherwise Universal Ctags at NEW finds the
   definition (same name, same scope) and comparing whitespace-normalized text classifies
   it changed or moved; a definition found nowhere is looked for by its exact text, and
   is stale when absent.
4. Prints, per status, how often plan agreed, and every disagreement.
"""

import argparse
import collections
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

KINDS = {"function", "method", "class", "struct", "trait", "interface", "enum"}


def run(args, cwd=None, check=True):
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=check)


def norm(lines):
    return [" ".join(line.split()) for line in lines]


def read_lines(path):
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read().split("\n")
    except (OSError, UnicodeDecodeError):
        return None


def pick_citations(plan, worktree, count, seed):
    data = json.loads(run([plan, "--root", worktree, "-q", "symbols", "--format", "json"], check=False).stdout)
    candidates = []
    for file in data["files"]:
        if "/test" in "/" + file["path"] or "vendor/" in file["path"]:
            continue
        names = collections.Counter(symbol["qualified_name"] for symbol in file["symbols"])
        for symbol in file["symbols"]:
            # Overloads share a name: the truth could not tell them apart either.
            if symbol["kind"] in KINDS and names[symbol["qualified_name"]] == 1 and symbol["end"] > symbol["name_line"]:
                candidates.append((file["path"], file["language"], symbol))
    rng = random.Random(seed)
    rng.shuffle(candidates)
    chosen = candidates[:count]
    citations = []
    for index, (path, language, symbol) in enumerate(chosen):
        whole = index % 2 == 1
        start = symbol["name_line"]
        end = symbol["end"] if whole else start
        citations.append({"path": path, "language": language, "symbol": symbol, "start": start, "end": end, "whole": whole})
    return citations


def ctags_definitions(worktree, path):
    out = run(["ctags", "--output-format=json", "--fields=+nKlzeZ", "-f", "-", path], cwd=worktree, check=False).stdout
    tags = []
    for line in out.splitlines():
        try:
            tag = json.loads(line)
        except json.JSONDecodeError:
            continue
        if tag.get("_type") == "tag":
            tags.append(tag)
    return tags


def renames(repo, old, new):
    out = run(["git", "diff", "--name-status", "-M", old, new], cwd=repo).stdout
    moved, deleted = {}, set()
    for line in out.splitlines():
        parts = line.split("\t")
        if parts[0].startswith("R"):
            moved[parts[1]] = parts[2]
        elif parts[0] == "D":
            deleted.add(parts[1])
    return moved, deleted


def line_map(repo, old, old_path, new, new_path):
    """Old line → new line for every line git's diff leaves unchanged (whitespace ignored)."""
    out = run(["git", "diff", "-w", "--histogram", "-U0", f"{old}:{old_path}", f"{new}:{new_path}"], cwd=repo, check=False).stdout
    hunks = []
    for line in out.splitlines():
        match = re.match(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@", line)
        if match:
            a, b, c, d = match.group(1), match.group(2), match.group(3), match.group(4)
            hunks.append((int(a), 1 if b is None else int(b), int(c), 1 if d is None else int(d)))
    mapping, offset, cursor = {}, 0, 1
    for old_start, old_count, new_start, new_count in hunks:
        first_changed = old_start if old_count > 0 else old_start + 1
        for line in range(cursor, first_changed):
            mapping[line] = line + offset
        cursor = first_changed + old_count
        offset = (new_start + new_count) - (old_start + old_count) if old_count > 0 else (new_start + new_count) - (old_start + 1)
    return mapping, offset, cursor


def mapped_range(mapping_state, start, end):
    mapping, offset, cursor = mapping_state
    lines = []
    for line in range(start, end + 1):
        if line in mapping:
            lines.append(mapping[line])
        elif line >= cursor:
            lines.append(line + offset)
        else:
            return None
    if lines != list(range(lines[0], lines[0] + len(lines))):
        return None
    return lines[0], lines[-1]


def python_definition(lines, scope, name):
    """The line of `def name` inside `class scope` (dotted for nesting), read by indentation:
    Universal Ctags misses methods in modern Python files."""
    start, end, indent = 0, len(lines), -1
    for part in [p for p in scope.split(".") if p]:
        found = None
        for index in range(start, end):
            line = lines[index]
            stripped = line.lstrip()
            depth = len(line) - len(stripped)
            if depth > indent and re.match(rf"class {re.escape(part)}\b", stripped):
                found = (index, depth)
                break
        if found is None:
            return None
        start, indent = found[0] + 1, found[1]
        for index in range(start, end):
            line = lines[index]
            if line.strip() and len(line) - len(line.lstrip()) <= indent:
                end = index
                break
    matches = [index + 1 for index in range(start, end)
               if re.match(rf"(async\s+)?def {re.escape(name)}\b", lines[index].lstrip())
               and len(lines[index]) - len(lines[index].lstrip()) > indent]
    depth = min((len(lines[m - 1]) - len(lines[m - 1].lstrip()) for m in matches), default=None)
    matches = [m for m in matches if len(lines[m - 1]) - len(lines[m - 1].lstrip()) == depth]
    return matches[0] if len(matches) == 1 else None


def truth_for(citation, worktree, old_lines, moved, deleted, all_files, repo, old, new):
    symbol = citation["symbol"]
    old_text = norm(old_lines[citation["start"] - 1:citation["end"]])
    path = moved.get(citation["path"], citation["path"])
    if citation["path"] not in deleted or citation["path"] in moved:
        mapped = mapped_range(line_map(repo, old, citation["path"], new, path), citation["start"], citation["end"])
        lines = read_lines(os.path.join(worktree, path))
        if mapped and lines is not None and norm(lines[mapped[0] - 1:mapped[1]]) == old_text:
            same_place = path == citation["path"] and mapped == (citation["start"], citation["end"])
            return ("fresh" if same_place else "moved", (path, mapped[0], mapped[1]))
    short_name = symbol["name"]
    scope = symbol["qualified_name"][: -len(short_name)].rstrip(":.")
    if citation["path"] not in deleted or citation["path"] in moved:
        lines = read_lines(os.path.join(worktree, path))
        if lines is not None:
            matches = []
            for tag in ctags_definitions(worktree, path):
                if tag.get("name") != short_name:
                    continue
                tag_scope = tag.get("scope", "")
                segments = lambda text: [part for part in re.split(r"[.:]+", text) if part]
                ours, theirs = segments(scope), segments(tag_scope)
                shared = min(len(ours), len(theirs))
                if scope and (not theirs or ours[-shared:] != theirs[-shared:]):
                    continue
                if tag.get("kind") in ("variable", "field", "member", "local", "parameter", "import", "package", "namespace"):
                    continue
                matches.append(tag)
            if len(matches) == 1:
                tag = matches[0]
                start = tag["line"]
                # Universal Ctags reports no end for some languages (Rust): then the
                # definition is compared over as many lines as were cited.
                known_end = tag.get("end") if citation["whole"] else start
                end = known_end if known_end else start + len(old_text) - 1
                new_text = norm(lines[start - 1:end])
                same_place = path == citation["path"] and start == citation["start"] and end == citation["end"]
                if new_text == old_text:
                    return ("fresh" if same_place else "moved", (path, start, end))
                return ("changed", (path, start, end if known_end else None))
            if len(matches) > 1:
                return ("ambiguous", None)
            if not matches and citation["language"] == "python":
                start = python_definition(lines, scope, short_name)
                if start:
                    end = start + len(old_text) - 1
                    new_text = norm(lines[start - 1:end])
                    if new_text == old_text:
                        same_place = path == citation["path"] and start == citation["start"]
                        return ("fresh" if same_place else "moved", (path, start, end))
                    return ("changed", (path, start, None))
    # Gone from its file: the same text anywhere else?
    found = []
    first = old_text[0]
    for other in all_files:
        lines = read_lines(os.path.join(worktree, other))
        if not lines:
            continue
        normalized = norm(lines)
        for index, line in enumerate(normalized):
            if line == first and normalized[index:index + len(old_text)] == old_text:
                found.append((other, index + 1, index + len(old_text)))
    if len(found) == 1:
        same_place = found[0] == (citation["path"], citation["start"], citation["end"])
        return ("fresh" if same_place else "moved", found[0])
    return ("stale", None)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("repo")
    parser.add_argument("--old", required=True)
    parser.add_argument("--new", required=True)
    parser.add_argument("--count", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--plan", default=os.path.abspath("target/release/plan"))
    args = parser.parse_args()
    repo = os.path.abspath(args.repo)
    old = run(["git", "rev-parse", args.old], cwd=repo).stdout.strip()
    new = run(["git", "rev-parse", args.new], cwd=repo).stdout.strip()
    scratch = tempfile.mkdtemp(prefix="plan-replay-")
    worktree = os.path.join(scratch, "tree")
    run(["git", "worktree", "add", "--detach", worktree, old], cwd=repo)
    try:
        citations = pick_citations(args.plan, worktree, args.count, args.seed)
        old_files = {c["path"]: read_lines(os.path.join(worktree, c["path"])) for c in citations}
        plan_path = os.path.join(scratch, "PLAN.md")
        with open(plan_path, "w", encoding="utf-8") as handle:
            handle.write("# Replay\n\n## B) Repository Recon Summary\n\n")
            for citation in citations:
                location = f"{citation['path']}:{citation['start']}" + (f"-{citation['end']}" if citation["whole"] else "")
                handle.write(f"- `{citation['symbol']['qualified_name']}` (`{location}`)\n")
        build = [args.plan, "--root", worktree, "--plan", plan_path, "build", "--format", "json"]
        first = json.loads(run(build, check=False).stdout)
        assert all(c["status"] == "fresh" for c in first["citations"]), "the first build must anchor everything fresh"
        run(["git", "checkout", "--quiet", "--detach", new], cwd=worktree)
        second = json.loads(run(build, check=False).stdout)
        moved, deleted = renames(repo, old, new)
        all_files = [f for f in run(["git", "ls-files"], cwd=worktree).stdout.splitlines() if os.path.splitext(f)[1] == os.path.splitext(citations[0]["path"])[1] or True]
        language_ext = {os.path.splitext(c["path"])[1] for c in citations}
        all_files = [f for f in all_files if os.path.splitext(f)[1] in language_ext]

        tally = collections.Counter()
        disagreements = []
        for citation, result in zip(citations, second["citations"]):
            truth, location = truth_for(citation, worktree, old_files[citation["path"]], moved, deleted, all_files, repo, old, new)
            status = result["status"]
            resolved = result["resolved"]
            plan_location = (resolved["path"], resolved["start"], resolved["end"]) if resolved else (
                (result["path"], result["start"], result["end"]) if status == "fresh" else None)
            if truth == "ambiguous":
                tally["ambiguous truth (skipped)"] += 1
                continue
            if status == "fresh" and truth == "moved":
                tally["MOVED CALLED FRESH"] += 1
            if location and location[2] is None and plan_location:
                # The truth knows where a changed definition starts, not where it ends.
                plan_location = (plan_location[0], plan_location[1], None)
            correct = status == truth and (truth == "stale" or plan_location == location)
            tally[f"{'correct' if correct else 'wrong'} {truth}"] += 1
            if not correct:
                disagreements.append(f"  {citation['path']}:{citation['start']}-{citation['end']} {citation['symbol']['qualified_name']}: plan {status} {plan_location}, truth {truth} {location}")
        print(f"{os.path.basename(repo)} {old[:8]} → {new[:8]}: {len(citations)} citations ({sum(c['whole'] for c in citations)} whole definitions)")
        for key in sorted(tally):
            print(f"  {key}: {tally[key]}")
        print("\n".join(disagreements))
    finally:
        run(["git", "worktree", "remove", "--force", worktree], cwd=repo, check=False)
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
