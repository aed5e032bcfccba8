#!/usr/bin/env bash
# Builds the VS Code extension (editors/vscode) as a user would: `npm ci` from the
# committed lockfile, then `npm run package` (tsc type-check, esbuild bundle, vsce), and
# checks the .vsix: the bundled entry out/extension.js is inside, holds the language
# client's code, and no node_modules came along; unpacked alone, it loads under Node with
# a stand-in for the `vscode` module (test/load.js). Then, when a plan binary is at hand,
# a headless smoke test (editors/vscode/test/smoke.js, no VS Code download): the command
# line the extension runs, `plan lsp` in a temporary repository's folder, is sent
# `initialize` and a PLAN.md over stdio, and must offer every feature the extension
# forwards and publish diagnostics. Needs Node.js 18+ and npm; run by hand, not by CI.
#
# Usage: scripts/package-vscode.sh [PLAN_BINARY]   (default target/debug/plan, if built)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
plan=${1:-$here/target/debug/plan}
ext=$here/editors/vscode
command -v npm >/dev/null || { echo "npm not found (Node.js 18 or later)" >&2; exit 2; }

cd "$ext"
rm -f ./*.vsix
npm ci --no-audit --no-fund
npm run package
version=$(node -p 'require("./package.json").version')
vsix=$ext/plan-$version.vsix
[ -f "$vsix" ] || { echo "FAIL: $vsix was not written" >&2; exit 1; }

echo "== $(basename "$vsix"): $(stat -c %s "$vsix") bytes"
unzip -l "$vsix"
listing=$(unzip -Z1 "$vsix")
for entry in extension/package.json extension/out/extension.js extension/readme.md; do
  grep -qx "$entry" <<<"$listing" || { echo "FAIL: $entry is not in the vsix" >&2; exit 1; }
done
if grep -q node_modules/ <<<"$listing"; then
  echo "FAIL: node_modules in the vsix (the extension is bundled)" >&2; exit 1
fi
bundle=$(unzip -p "$vsix" extension/out/extension.js)
for marker in "node_modules/vscode-languageclient/lib/node/main.js" \
              "node_modules/vscode-jsonrpc/lib/node/main.js" \
              "plan.restartServer" '"lsp"'; do
  grep -qF "$marker" <<<"$bundle" || { echo "FAIL: out/extension.js lacks $marker" >&2; exit 1; }
done
main=$(unzip -p "$vsix" extension/package.json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).main))')
[ "$main" = ./out/extension.js ] || { echo "FAIL: package.json main is $main" >&2; exit 1; }
echo "vsix: ok (entry out/extension.js with vscode-languageclient bundled, no node_modules)"
# The entry as installed: unpacked alone, it must load (every module bundled) and build `plan lsp`.
unpacked=$(mktemp -d)
unzip -q "$vsix" 'extension/*' -d "$unpacked"
node test/load.js "$unpacked/extension/out/extension.js"
rm -rf "$unpacked"

if [ ! -x "$plan" ]; then
  echo "smoke: skipped ($plan is not built; pass a plan binary)"
  exit 0
fi
plan=$(realpath "$plan")
repo=$(mktemp -d)
trap 'rm -rf "$repo"' EXIT
mkdir -p "$repo/src"
printf 'pub struct Store {\n    items: Vec<u32>,\n}\n' > "$repo/src/store.rs"
printf '[rules]\nmissing-section = "allow"\n' > "$repo/plan.toml"
cat > "$repo/PLAN.md" <<'MD'
# Plan

## B) Repository Recon Summary

- The store keeps its items in a vector: `src/store.rs:1-3`.
- A claim about code that never was: `src/gone.rs:1`.
MD
node test/smoke.js "$plan" "$repo"
