#!/usr/bin/env python3
"""Generate a synthetic monorepo for benchmarks: FILES source files in a mix of languages,
grouped in packages of about 1,000 files with their manifests, importing each other, with
flags, environment reads and assertions here and there, and a PLAN.md (in the seed's
format) that cites CITATIONS definitions and has generated recon and DAG blocks.

Usage: scripts/gen-monorepo.py OUT --files 100000 [--citations 300] [--seed 1]

Deterministic for a given seed. Writes nothing outside OUT.
"""

import argparse
import os
import random

LANGUAGES = ["rs", "go", "py", "ts", "java", "c"]


def rust_file(package, index, rng, dependencies):
    lines = [f"//! Module {index} of `{package}`: stores and serves records.", ""]
    for dependency in dependencies:
        lines.append(f"use {dependency}::Record{rng.randrange(50)};")
    lines += ["", f"pub struct Record{index % 50}V{index} {{", "    pub id: u64,", "    pub name: String,", "}", ""]
    lines += [f"impl Record{index % 50}V{index} {{"]
    for method in range(4):
        lines += [f"    pub fn method{method}(&self, x: u64) -> u64 {{", f"        assert!(x < {1000 + method});", f"        self.id + x * {method}", "    }", ""]
    lines += ["}", ""]
    if index % 97 == 0:
        lines += ["fn configure() -> String {", f'    std::env::var("{package.upper()}_HOME").unwrap_or_default()', "}", ""]
    return lines


def go_file(package, index, rng, dependencies):
    lines = [f"// Package p{index} serves records of {package}.", f"package p{index}", "", "import (", '\t"os"']
    for dependency in dependencies:
        lines.append(f'\t"example.com/{dependency}/p{rng.randrange(50)}"')
    lines += [")", "", f"type Record{index % 50} struct {{", "\tID   int", "\tName string", "}", ""]
    for method in range(4):
        lines += [f"func (r *Record{index % 50}) Method{method}(x int) int {{", f"\treturn r.ID + x*{method}", "}", ""]
    lines += ["func home() string {", f'\treturn os.Getenv("{package.upper()}_TOKEN")', "}", ""]
    return lines


def py_file(package, index, rng, dependencies):
    lines = [f'"""Module {index} of {package}: transforms records."""', "import os"]
    for dependency in dependencies:
        lines.append(f"from {dependency} import record{rng.randrange(50)}")
    lines += ["", "", f"class Record{index % 50}V{index}:", '    """A record."""', ""]
    for method in range(4):
        lines += [f"    def method{method}(self, x):", f"        assert x >= {method}", f"        return x * {method}", ""]
    if index % 89 == 0:
        lines += ["", "def main():", "    import argparse", "    parser = argparse.ArgumentParser()", f'    parser.add_argument("--limit-{index}", "-l")', "    return parser.parse_args()", ""]
    return lines


def ts_file(package, index, rng, dependencies):
    lines = [f"// Module {index} of {package}."]
    for dependency in dependencies:
        lines.append(f'import {{ Record{rng.randrange(50)} }} from "{dependency}";')
    lines += ["", f"export interface Shape{index % 50} {{", "  id: number;", "}", "", f"export class Record{index % 50}V{index} implements Shape{index % 50} {{", "  id = 0;"]
    for method in range(4):
        lines += [f"  method{method}(x: number): number {{", f"    return this.id + x * {method};", "  }"]
    lines += ["}", "", f"export const token{index} = process.env.{package.upper()}_KEY;", ""]
    return lines


def java_file(package, index, rng, dependencies):
    lines = [f"package {package};", ""]
    for dependency in dependencies:
        lines.append(f"import {dependency}.Record{rng.randrange(50)};")
    lines += ["", f"public class Record{index % 50}V{index} {{", "    private final long id = 0;", ""]
    for method in range(4):
        lines += [f"    public long method{method}(long x) {{", f"        assert x >= {method};", f"        return id + x * {method};", "    }", ""]
    lines += ["}", ""]
    return lines


def c_file(package, index, rng, dependencies):
    lines = [f'#include "{package}.h"', "#include <assert.h>", "", f"struct record_{index} {{", "    long id;", "};", ""]
    for method in range(4):
        lines += [f"long record_{index}_method{method}(struct record_{index} *r, long x) {{", f"    assert(x >= {method});", f"    return r->id + x * {method};", "}", ""]
    return lines


WRITERS = {"rs": rust_file, "go": go_file, "py": py_file, "ts": ts_file, "java": java_file, "c": c_file}
MANIFESTS = {
    "rs": lambda name: ("Cargo.toml", f'[package]\nname = "{name}"\ndescription = "The {name} package."\n'),
    "go": lambda name: ("go.mod", f"module example.com/{name}\n\ngo 1.22\n"),
    "py": lambda name: ("pyproject.toml", f'[project]\nname = "{name}"\ndescription = "The {name} package."\n'),
    "ts": lambda name: ("package.json", f'{{\n  "name": "{name}",\n  "description": "The {name} package."\n}}\n'),
    "java": lambda name: ("pom.xml", f"<project><artifactId>{name}</artifactId></project>\n"),
    "c": lambda name: ("Makefile", f"# {name}\nall:\n"),
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--citations", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    packages = max(1, args.files // 1000)
    cited = []
    written = 0
    for package_index in range(packages):
        language = LANGUAGES[package_index % len(LANGUAGES)]
        name = f"pkg{package_index}"
        root = os.path.join(args.out, "packages", name)
        os.makedirs(root, exist_ok=True)
        manifest, text = MANIFESTS[language](name)
        with open(os.path.join(root, manifest), "w") as handle:
            handle.write(text)
        count = args.files // packages + (1 if package_index < args.files % packages else 0)
        neighbours = [f"pkg{(package_index + step) % packages}" for step in (1, 2)] if packages > 1 else []
        for index in range(count):
            directory = os.path.join(root, "src", f"d{index // 100}")
            os.makedirs(directory, exist_ok=True)
            lines = WRITERS[language](name, index, rng, neighbours)
            path = os.path.join(directory, f"m{index}.{language}")
            with open(path, "w") as handle:
                handle.write("\n".join(lines) + "\n")
            written += 1
            if index % max(1, args.files // args.citations) == 0 and len(cited) < args.citations:
                # The definition of the record type: find its line.
                for number, line in enumerate(lines, start=1):
                    if "Record" in line and ("struct" in line or "class" in line) and "import" not in line:
                        cited.append((os.path.relpath(path, args.out), number))
                        break
    claims = "\n".join(f"- Record type {number} (`{path}:{line}`)." for number, (path, line) in enumerate(cited))
    plan = f"""# Plan: a synthetic refactor

## A) Executive Summary

Refactor the records of {packages} packages in three PRs.

## B) Repository Recon Summary

{claims}

<!-- plan:begin recon -->
<!-- plan:end recon -->

## C) High-Level Objectives + Non-Goals

**Objectives**

1. One record type per package.
2. Faster lookups.
3. No behaviour change.

**Non-Goals**

- New storage formats.

## D) Concept Model

**Building Blocks**

- **Store** — owns the records.
- **Index** — finds records by id.
- **Api** — serves records to callers.

## E) Architectural Risk Register

| Decision | Assumption | Validation Method | Cost if Wrong | Gate |
|---|---|---|---|---|
| One index | Lookups dominate | Benchmark in PR0 | PR1 rework | Before PR1 merge |

## F) Architectural Evolution

Store first, then Index, then Api.

## G) Cross-Cutting Infrastructure Plan

- Benchmarks: PR0.

## H) PR Plan

""" + "".join(
        f"""### PR{number} — Step {number}

- Building Block Change: {block}
- Motivation: step {number}.
- Scope: step {number}.
- Behavioral Guarantees:
  - BC-1: step {number} holds.
- Risks: none.
- Cross-Cutting: benchmarks.
- Validation Gate: none.
- Depends on: {"none" if number == 0 else f"PR{number - 1}"}
- Architectural Impact: small.
- API Surface Changes: none.
- CLI Changes: none.
- Test Categories: unit.
- Documentation Updates: none.
- Why Independently Reviewable: small.
- Why No Dead Code: tested.

""" for number, block in enumerate(["Store", "Index", "Api"])) + """## I) Dependency DAG

- PR0 -> PR1
- PR1 -> PR2

<!-- plan:begin dag -->
<!-- plan:end dag -->

## J) Design Bug Prevention Checklist

- Records keep their ids.
"""
    with open(os.path.join(args.out, "PLAN.md"), "w") as handle:
        handle.write(plan)
    print(f"wrote {written} source files in {packages} packages and a plan citing {len(cited)} definitions to {args.out}")


if __name__ == "__main__":
    main()
