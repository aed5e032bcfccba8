#!/usr/bin/env python3
"""Compare `plan symbols` with Universal Ctags on a repository.

Usage: scripts/compare-ctags.py REPO [--plan PATH_TO_PLAN_BINARY] [--show N]

Runs `ctags -R` (JSON output) and `plan symbols --format json` on the same files and
reports, per language and per category (function/method, class/struct, trait/interface,
enum), how many ctags tags plan also finds (recall) and how many of plan's symbols ctags
also finds (precision). A tag matches a symbol with the same path and name (whitespace aside: `operator !=`) whose name line
or start line equals the tag's line. Categories merge kinds because the tools cut them
differently (ctags calls Go methods and C++ member functions `function`, Rust traits
`interface`, C structs `struct` where Python has `class`).
"""

import argparse
import collections
import concurrent.futures
import json
import subprocess
import sys

# ctags language -> {ctags kind: category}
CTAGS_KINDS = {
    "Rust": {"function": "function", "method": "function", "struct": "class", "enum": "enum",
             "interface": "interface"},
    "Go": {"func": "function", "methodSpec": "function", "struct": "class", "interface": "interface"},
    "Python": {"function": "function", "member": "function", "class": "class"},
    "JavaScript": {"function": "function", "method": "function", "generator": "function", "class": "class"},
    "TypeScript": {"function": "function", "method": "function", "class": "class", "interface": "interface",
                   "enum": "enum", "generator": "function"},
    "Java": {"method": "function", "class": "class", "interface": "interface", "enum": "enum",
             "annotation": "interface", "record": "class"},
    "C": {"function": "function", "struct": "class", "union": "class", "enum": "enum"},
    "C++": {"function": "function", "struct": "class", "union": "class", "class": "class", "enum": "enum"},
}
PLAN_KINDS = {"function": "function", "method": "function", "struct": "class", "class": "class",
              "trait": "interface", "interface": "interface", "enum": "enum"}
PLAN_LANGUAGE = {"rust": "Rust", "go": "Go", "python": "Python", "javascript": "JavaScript",
                 "typescript": "TypeScript", "tsx": "TypeScript", "java": "Java", "c": "C", "cpp": "C++"}


def ctags_file(repo, path):
    # One file per ctags run: in recursive mode its C preprocessor carries macro state from
    # file to file and loses most tags of later files (seen on jq: 12 tags of 157).
    out = subprocess.run(
        ["ctags", "--output-format=json", "--fields=+nKlz", "-f", "-", path],
        cwd=repo, capture_output=True, text=True).stdout
    return out.splitlines()


def ctags_tags(repo, paths):
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        outputs = pool.map(lambda path: ctags_file(repo, path), sorted(paths))
        lines = [line for output in outputs for line in output]
    tags = []
    files = set()
    for line in lines:
        try:
            tag = json.loads(line)
        except json.JSONDecodeError:
            continue
        if tag.get("_type") != "tag":
            continue
        language = tag.get("language")
        if language in CTAGS_KINDS:
            files.add(tag["path"])
        category = CTAGS_KINDS.get(language, {}).get(tag.get("kind"))
        # Anonymous functions and classes are not named definitions.
        if category and not tag["name"].startswith(("AnonymousFunction", "__anon")):
            tags.append((language, category, tag["path"], "".join(tag["name"].split()), tag["line"]))
    return tags, files


def plan_symbols(repo, plan):
    out = subprocess.run([plan, "--root", repo, "-q", "symbols", "--format", "json"],
                         capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"plan failed ({out.returncode}): {out.stderr}")
    data = json.loads(out.stdout)
    symbols = []
    for file in data["files"]:
        language = PLAN_LANGUAGE.get(file["language"])
        for symbol in file["symbols"]:
            category = PLAN_KINDS.get(symbol["kind"])
            if category and language:
                symbols.append((language, category, file["path"], "".join(symbol["name"].split()), symbol["name_line"],
                                symbol["start"]))
    return symbols, {file["path"] for file in data["files"]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("repo")
    parser.add_argument("--plan", default="target/release/plan")
    parser.add_argument("--show", type=int, default=0, help="print N misses of each side")
    args = parser.parse_args()

    symbols, plan_files = plan_symbols(args.repo, args.plan)
    # Only files both tools read (plan skips ignored, binary and huge files).
    tags, ctags_files = ctags_tags(args.repo, plan_files)
    # ...and only files ctags parses as a language (it does not read `.pyi` stubs, say).
    symbols = [symbol for symbol in symbols if symbol[2] in ctags_files]

    index = collections.defaultdict(list)
    for symbol in symbols:
        index[(symbol[2], symbol[3])].append(symbol)
    found = collections.Counter()
    total = collections.Counter()
    missed = collections.defaultdict(list)
    matched_symbols = set()
    for language, category, path, name, line in tags:
        key = (language, category)
        total[key] += 1
        hit = next((s for s in index.get((path, name), []) if line in (s[4], s[5])), None)
        if hit:
            found[key] += 1
            matched_symbols.add(hit)
        else:
            missed[key].append(f"{path}:{line} {name}")

    plan_total = collections.Counter((s[0], s[1]) for s in symbols)
    plan_matched = collections.Counter((s[0], s[1]) for s in matched_symbols)
    extra = collections.defaultdict(list)
    for s in symbols:
        if s not in matched_symbols:
            extra[(s[0], s[1])].append(f"{s[2]}:{s[4]} {s[3]}")

    print(f"{'language':<11} {'category':<10} {'ctags':>6} {'found':>6} {'recall':>7} {'plan':>6} {'precision':>9}")
    for key in sorted(set(total) | set(plan_total)):
        recall = found[key] / total[key] if total[key] else float("nan")
        precision = plan_matched[key] / plan_total[key] if plan_total[key] else float("nan")
        print(f"{key[0]:<11} {key[1]:<10} {total[key]:>6} {found[key]:>6} {recall:>7.1%} {plan_total[key]:>6} {precision:>9.1%}")
        if args.show:
            for miss in missed[key][:args.show]:
                print(f"    ctags only: {miss}")
            for miss in extra[key][:args.show]:
                print(f"    plan only:  {miss}")


if __name__ == "__main__":
    main()
