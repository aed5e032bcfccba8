#!/usr/bin/env bash
# Drives Neovim headless (Debian's `neovim` package, 0.7 or later) against `plan lsp` once,
# as an editor user would: a temporary repository whose plan cites code that then moves,
# the plan opened with the built-in LSP client attached, the diagnostics printed, then a
# go-to-definition on the first citation, printing the file and line it lands on (the
# cited code where it is now). Run by hand, not by CI.
#
# Usage: scripts/nvim-lsp.sh [PLAN_BINARY]   (default target/debug/plan)
set -euo pipefail
plan=$(realpath "${1:-target/debug/plan}")
command -v nvim >/dev/null || { echo "nvim not found (apt-get install -y neovim)" >&2; exit 2; }
repo=$(mktemp -d)
trap 'rm -rf "$repo"' EXIT
mkdir -p "$repo/src"
store='pub struct Store {
    items: Vec<u32>,
}

impl Store {
    pub fn get(&self, index: usize) -> Option<u32> {
        self.items.get(index).copied()
    }
}'
printf '%s\n' "$store" > "$repo/src/store.rs"
printf '[rules]\nmissing-section = "allow"\n' > "$repo/plan.toml"
cat > "$repo/PLAN.md" <<'MD'
# Plan

## B) Repository Recon Summary

- The store keeps its items in a vector: `src/store.rs:1-3`.
- Lookup is by index: `src/store.rs:6-8`.
- A claim about code that never was: `src/gone.rs:1`.
MD
"$plan" --root "$repo" build -q >/dev/null || true
# The code moves down two lines after the build: both citations are now `moved`.
printf '\n\n%s\n' "$store" > "$repo/src/store.rs"

cat > "$repo/drive.lua" <<'LUA'
local out = function(text) io.stdout:write(text .. "\n") end
local bufnr = vim.api.nvim_get_current_buf()
local client = vim.lsp.start_client({
  name = "plan",
  cmd = { os.getenv("PLAN_BIN"), "lsp" },
  root_dir = os.getenv("REPO"),
})
vim.lsp.buf_attach_client(bufnr, client)
if not vim.wait(30000, function() return #vim.diagnostic.get(bufnr) > 0 end, 20) then
  out("no diagnostics within 30 s")
  vim.cmd("cquit 1")
end
out("diagnostics:")
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or ""
  local message = d.message:gsub("\n.*", "")
  out(string.format("  PLAN.md:%d:%d %s %s: %s", d.lnum + 1, d.col + 1,
    vim.diagnostic.severity[d.severity]:lower(), code, message))
end
-- The cursor on the first citation (line 5), then go to its definition.
vim.api.nvim_win_set_cursor(0, { 5, 45 })
local params = vim.lsp.util.make_position_params()
local results = vim.lsp.buf_request_sync(bufnr, "textDocument/definition", params, 10000) or {}
for _, response in pairs(results) do
  if response.result then vim.lsp.util.jump_to_location(response.result, "utf-16") end
end
local cursor = vim.api.nvim_win_get_cursor(0)
out(string.format("definition of `src/store.rs:1-3` lands on %s:%d: %s",
  vim.fn.expand("%:."), cursor[1], vim.api.nvim_get_current_line()))
vim.lsp.stop_client(client)
vim.cmd("qall!")
LUA

cd "$repo"
PLAN_BIN="$plan" REPO="$repo" nvim --headless --clean -n -c "luafile $repo/drive.lua" PLAN.md
