#!/usr/bin/env python3
"""Import resolution of `plan` against each language's own resolver, on real checkouts.

    scripts/score-imports.py --plan-bin target/debug/plan /tmp/repos/ripgrep /tmp/repos/click ...

For every file, `plan symbols --format json` gives each import with its line and the
files (or directories) `plan` resolved it to. The script asks the language's own tooling
what the import names:

- Rust: `cargo metadata --no-deps` for the crates and their roots, `rustc --emit=dep-info`
  per target for the module tree (the files rustc reads). A `mod x;` is right when it names
  a file of the module tree; a `use crate::`/`self::`/`super::`/workspace-crate path when it
  names a file of the right crate's tree (rustc has no per-item answer without a build).
- Go: `go list -e -json ./...` in each module: import path to package directory.
- Python: `importlib.machinery.PathFinder` over the repository root and `src/` (what an
  editable install puts on `sys.path`), submodule by submodule; relative imports through
  `importlib.util.resolve_name` from the file's package.
- TypeScript/JavaScript: `ts.resolveModuleName` (TypeScript's compiler API, bundler
  resolution, the nearest tsconfig.json's options), needs `npm install typescript` in the
  directory given by --typescript (default /tmp/arch-ts).
- Java: the package each file declares (JLS: a class `a.b.C` is the file declaring
  `package a.b;` named `C.java`), members and nested classes falling back on their class.
- C/C++: `gcc -MM -MG` with the including directory and every `include/` directory and
  the root as include roots.

An import is intra-repository when the tool resolves it to a file of the checkout (not
vendored, not node_modules). Agreement = intra-repository imports that `plan` resolved to
the same file / all intra-repository imports. "false internal" counts imports `plan`
resolved into the repository that the tool resolves elsewhere or not at all.
"""

import argparse
import collections
import importlib.machinery
import importlib.util
import json
import os
import re
import subprocess
import sys

LANGS = {
    ".rs": "rust", ".go": "go", ".py": "python", ".ts": "ts", ".tsx": "ts", ".js": "ts",
    ".jsx": "ts", ".mjs": "ts", ".cjs": "ts", ".mts": "ts", ".cts": "ts", ".java": "java",
    ".c": "c", ".h": "c", ".cc": "c", ".cpp": "c", ".hpp": "c", ".cxx": "c", ".hh": "c",
}


def plan_imports(plan_bin, repo):
    out = subprocess.run([plan_bin, "--root", repo, "symbols", "--format", "json"],
                         capture_output=True, text=True, check=False).stdout
    files = json.loads(out)["files"]
    by_lang = collections.defaultdict(list)
    for entry in files:
        lang = LANGS.get(os.path.splitext(entry["path"])[1].lower())
        if not lang or "/node_modules/" in "/" + entry["path"] or "vendor/" in entry["path"]:
            continue
        for imp in entry.get("resolved_imports", []):
            targets = [t.get("path") if t["kind"] != "external" else None for t in imp["targets"]]
            by_lang[lang].append((entry["path"], imp["line"], imp["text"], targets))
    return by_lang


class Score:
    def __init__(self):
        self.intra = self.agree = self.false_internal = 0
        self.misses = []

    def add(self, truth, plan_targets, where):
        plan = {t for t in plan_targets if t is not None}
        if truth is None:
            if plan:
                self.false_internal += 1
                self.misses.append(f"false internal {where} -> {sorted(plan)}")
            return
        self.intra += 1
        if truth in plan:
            self.agree += 1
        else:
            self.misses.append(f"{where}: tool {truth}, plan {sorted(plan) or 'external'}")

    def line(self):
        pct = 100.0 * self.agree / self.intra if self.intra else float("nan")
        return f"{self.agree}/{self.intra} intra-repository imports agree ({pct:.1f}%), {self.false_internal} false internal"


# --- Rust -------------------------------------------------------------------------------

def rust_trees(repo):
    meta = subprocess.run(["cargo", "metadata", "--no-deps", "--format-version", "1", "--offline"],
                          cwd=repo, capture_output=True, text=True, check=False)
    if meta.returncode != 0:
        return None
    trees = []
    for package in json.loads(meta.stdout)["packages"]:
        features = [f for f in package.get("features", {})]
        for target in package["targets"]:
            root = os.path.relpath(target["src_path"], repo)
            cmd = ["rustc", "--edition", package.get("edition", "2021"), "--crate-type", "lib",
                   "--emit=dep-info=/tmp/score-imports.d", "--cfg", "test", target["src_path"]]
            for feature in features:
                cmd += ["--cfg", f'feature="{feature}"']
            subprocess.run(cmd, cwd=repo, capture_output=True, text=True, check=False)
            try:
                text = open("/tmp/score-imports.d").read()
            except OSError:
                continue
            first = text.split("\n\n")[0]
            files = {os.path.relpath(os.path.join(repo, f), repo) for f in first.split(":", 1)[1].split()
                     if f.endswith(".rs")}
            os.remove("/tmp/score-imports.d")
            trees.append((root, files))
    return trees


def score_rust(repo, imports):
    trees = rust_trees(repo)
    if trees is None:
        return None
    mods, uses = Score(), Score()
    tree_of = {}
    for root, files in trees:
        for f in files:
            tree_of.setdefault(f, files)
    # `#[path]` gives one module several declarations (`mod imp;` and `mod imp @ file.rs`,
    # one per cfg): a module is one import, right when any of its declarations is.
    modules = collections.defaultdict(list)
    for path, line, text, targets in imports:
        if text.startswith("mod ") and path in tree_of:
            modules[(path, text[4:].split(" @ ")[0])].append((line, targets))
    for (path, name), declarations in modules.items():
        files = tree_of[path]
        targets = [t for _, ts in declarations for t in ts]
        right = [t for t in targets if t in files]
        mods.add(right[0] if right else "(in the module tree)", targets, f"{path}:{declarations[0][0]} mod {name}")
    for path, line, text, targets in imports:
        files = tree_of.get(path)
        if files is None:
            continue
        where = f"{path}:{line} {text}"
        if text.startswith("mod "):
            continue
        elif re.match(r"(crate|self|super)::", text):
            right = [t for t in targets if t in files]
            uses.add(right[0] if right else "(a file of the crate)", targets, where)
    # Files rustc reads that no `mod` declaration of `plan` reaches.
    reached = {t for p, _, text, ts in imports if text.startswith("mod ") for t in ts if t}
    roots = {root for root, _ in trees}
    for root, files in trees:
        for f in sorted(files - reached - roots):
            mods.intra += 1
            mods.misses.append(f"{f}: in rustc's module tree, reached by no `mod` of plan")
    return {"mod declarations": mods, "use paths (crate/self/super)": uses}


# --- Go -------------------------------------------------------------------------------

def score_go(repo, imports):
    packages = {}
    for dirpath, dirnames, filenames in os.walk(repo):
        dirnames[:] = [d for d in dirnames if d not in (".git", "vendor", "testdata")]
        if "go.mod" in filenames:
            # An older `go` cannot parse newer `go 1.x.y` lines: list through a copy of go.mod.
            text = open(os.path.join(dirpath, "go.mod")).read()
            text = re.sub(r"(?m)^go [0-9.]+$", "go 1.19", re.sub(r"(?m)^toolchain .*$", "", text))
            with open("/tmp/score-imports.mod", "w") as modfile:
                modfile.write(text)
            out = subprocess.run(["go", "list", "-modfile=/tmp/score-imports.mod", "-e", "-f",
                                  "{{.ImportPath}}\t{{.Dir}}", "./..."], cwd=dirpath, capture_output=True,
                                 text=True, check=False, env={**os.environ, "GOFLAGS": "-mod=mod",
                                                              "GOPROXY": "off", "GOTOOLCHAIN": "local"})
            for row in out.stdout.splitlines():
                import_path, _, directory = row.partition("\t")
                if directory:
                    packages[import_path] = os.path.relpath(directory, repo)
    if not packages:
        return None
    score = Score()
    for path, line, text, targets in imports:
        truth = packages.get(text)
        score.add(None if truth is None else ("" if truth == "." else truth), targets, f"{path}:{line} {text}")
    return {"packages": score}


# --- Python ---------------------------------------------------------------------------

def python_truth(repo, roots, path, text):
    if text.startswith("."):
        module = os.path.splitext(path)[0].replace("/", ".")
        for root in roots:
            rel = os.path.relpath(os.path.join(repo, path), root)
            if not rel.startswith(".."):
                module = os.path.splitext(rel)[0].replace(os.sep, ".")
                break
        package = module if path.endswith("__init__.py") else module.rpartition(".")[0]
        if package.endswith(".__init__"):
            package = package[: -len(".__init__")]
        dots = len(text) - len(text.lstrip("."))
        rest = text[dots:]
        try:
            name = importlib.util.resolve_name("." * dots + rest if rest else "." * dots, package) if package \
                else None
        except (ImportError, ValueError):
            return None
        if name is None:
            return None
    else:
        name = text
    found = None
    search = roots
    parts = name.split(".")
    for index in range(len(parts)):
        spec = importlib.machinery.PathFinder.find_spec(".".join(parts[: index + 1]), search)
        if spec is None:
            break
        if spec.origin and spec.origin not in ("namespace", None):
            found = os.path.relpath(spec.origin, repo)
        elif spec.submodule_search_locations:
            found = os.path.relpath(list(spec.submodule_search_locations)[0], repo)
        if not spec.submodule_search_locations:
            break
        search = list(spec.submodule_search_locations)
    if found is None or found.startswith(".."):
        return None
    return found


def score_python(repo, imports):
    roots = [repo] + [os.path.join(repo, "src")] * os.path.isdir(os.path.join(repo, "src"))
    score = Score()
    for path, line, text, targets in imports:
        truth = python_truth(repo, roots, path, text)
        score.add(truth, targets, f"{path}:{line} {text}")
    return {"modules": score}


# --- TypeScript / JavaScript ------------------------------------------------------------

TS_SCRIPT = r"""
const ts = require(process.argv[1]);
const path = require('path');
const repo = process.argv[2];
const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const cache = new Map();
function options(file) {
  const config = ts.findConfigFile(path.dirname(file), ts.sys.fileExists, 'tsconfig.json');
  const key = config || '';
  if (!cache.has(key)) {
    let opts = {};
    if (config && config.startsWith(repo)) {
      const read = ts.readConfigFile(config, ts.sys.readFile);
      opts = ts.parseJsonConfigFileContent(read.config || {}, ts.sys, path.dirname(config)).options;
    }
    opts = Object.assign({}, opts, {moduleResolution: ts.ModuleResolutionKind.Bundler,
      module: ts.ModuleKind.ESNext, allowJs: true, resolveJsonModule: true});
    cache.set(key, opts);
  }
  return cache.get(key);
}
const out = input.map(([file, spec]) => {
  const abs = path.join(repo, file);
  const r = ts.resolveModuleName(spec, abs, options(abs), ts.sys).resolvedModule;
  return r ? path.relative(repo, r.resolvedFileName) : null;
});
process.stdout.write(JSON.stringify(out));
"""


def score_ts(repo, imports, typescript):
    module = os.path.join(typescript, "node_modules", "typescript")
    if not os.path.isdir(module):
        return None
    pairs = [(path, text) for path, _, text, _ in imports]
    out = subprocess.run(["node", "-e", TS_SCRIPT, module, os.path.abspath(repo)], input=json.dumps(pairs),
                         capture_output=True, text=True, check=False)
    if out.returncode != 0:
        print(out.stderr, file=sys.stderr)
        return None
    score = Score()
    for (path, line, text, targets), truth in zip(imports, json.loads(out.stdout)):
        if truth is not None and (truth.startswith("..") or "node_modules" in truth):
            truth = None
        # A declaration file stands for the JavaScript beside it, which is what runs.
        if truth and truth.endswith(".d.ts"):
            stem = truth[: -len(".d.ts")]
            truth = next((t for t in targets if t and os.path.splitext(t)[0] == stem), truth)
        score.add(truth, targets, f"{path}:{line} {text}")
    return {"modules": score}


# --- Java -----------------------------------------------------------------------------

def score_java(repo, imports):
    classes = collections.defaultdict(list)
    packages = collections.defaultdict(set)
    for dirpath, dirnames, filenames in os.walk(repo):
        dirnames[:] = [d for d in dirnames if d != ".git"]
        for name in filenames:
            if not name.endswith(".java"):
                continue
            full = os.path.join(dirpath, name)
            match = re.search(r"(?m)^\s*package\s+([\w.]+)\s*;", open(full, errors="replace").read())
            package = match.group(1) if match else ""
            rel = os.path.relpath(full, repo)
            classes[f"{package}.{name[:-5]}".lstrip(".")].append(rel)
            packages[package].add(os.path.dirname(rel))
    score = Score()
    for path, line, text, targets in imports:
        parts = text.split(".")
        truth = None
        for length in range(len(parts), 1, -1):
            files = classes.get(".".join(parts[:length]))
            if files:
                truth = files[0] if len(files) == 1 else "(ambiguous: " + ", ".join(files) + ")"
                break
        if truth is None and len(packages.get(text, ())) == 1:
            truth = next(iter(packages[text]))
        score.add(truth, targets, f"{path}:{line} {text}")
    return {"classes": score}


# --- C / C++ --------------------------------------------------------------------------

def score_c(repo, imports):
    include_dirs = ["."]
    for dirpath, dirnames, _ in os.walk(repo):
        dirnames[:] = [d for d in dirnames if d != ".git"]
        if os.path.basename(dirpath) == "include":
            include_dirs.append(os.path.relpath(dirpath, repo))
    by_file = collections.defaultdict(list)
    for item in imports:
        by_file[item[0]].append(item)
    score = Score()
    for path, items in by_file.items():
        flags = ["-iquote", os.path.dirname(path) or "."] + [f"-I{d}" for d in include_dirs]
        for _, line, text, targets in items:
            probe = f'#include "{text}"\n'
            out = subprocess.run(["gcc", "-x", "c++", "-MM", "-MG", *flags, "-"], input=probe, cwd=repo,
                                 capture_output=True, text=True, check=False).stdout
            deps = out.replace("\\\n", " ").split(":", 1)[-1].split()
            truth = None
            for dep in deps:
                if os.path.isfile(os.path.join(repo, dep)) and os.path.normpath(dep).endswith(os.path.normpath(text).lstrip("./")):
                    truth = os.path.normpath(dep)
                    break
            score.add(truth, targets, f"{path}:{line} {text}")
    return {"includes (quoted search)": score}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("repos", nargs="+")
    parser.add_argument("--plan-bin", default="target/debug/plan")
    parser.add_argument("--typescript", default="/tmp/arch-ts")
    parser.add_argument("--details", action="store_true", help="list disagreements (first 15 per repo)")
    args = parser.parse_args()
    scorers = {
        "rust": score_rust, "go": score_go, "python": score_python,
        "ts": lambda repo, imports: score_ts(repo, imports, args.typescript),
        "java": score_java, "c": score_c,
    }
    for repo in args.repos:
        imports = plan_imports(args.plan_bin, repo)
        for lang, items in sorted(imports.items()):
            result = scorers[lang](repo, items)
            if result is None:
                print(f"{os.path.basename(repo)} [{lang}]: tool unavailable")
                continue
            for kind, score in result.items():
                print(f"{os.path.basename(repo)} [{lang}] {kind}: {score.line()}")
                if args.details:
                    for miss in score.misses[:15]:
                        print(f"    {miss}")


if __name__ == "__main__":
    main()
