// Loads the bundled extension (out/extension.js) under Node with a stand-in for the
// `vscode` module (VS Code itself is not needed): the bundle must resolve every module it
// requires, and its exported helpers must build the command line and the document
// selector the README describes.
//
// Usage: node test/load.js [EXTENSION_JS]   (default out/extension.js, after `npm run compile`;
// scripts/package-vscode.sh passes the one unpacked from the .vsix, with no node_modules near)
"use strict";
const assert = require("node:assert/strict");
const Module = require("node:module");
const path = require("node:path");

// Any property of the stand-in is another stand-in, callable and extendable.
const stub = () =>
  new Proxy(function () {}, {
    get: (target, key) => (key === "prototype" ? target.prototype : key === Symbol.toPrimitive ? () => "" : stub()),
    construct: () => stub(),
    apply: () => stub(),
  });
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === "vscode" ? "vscode" : resolve.call(this, request, ...rest);
};
require.cache.vscode = { id: "vscode", filename: "vscode", loaded: true, exports: stub() };

const extension = require(path.resolve(process.argv[2] ?? path.join(__dirname, "..", "out", "extension.js")));
for (const name of ["activate", "deactivate", "serverCommand", "documentSelector"]) {
  assert.equal(typeof extension[name], "function", `out/extension.js exports ${name}`);
}
const config = (values) => ({ get: (key) => values[key] });

const defaults = extension.serverCommand(config({}), "/work/repo");
assert.equal(defaults.command, "plan");
assert.deepEqual(defaults.args, ["lsp"]);
assert.equal(defaults.options.cwd, "/work/repo");
assert.equal(extension.serverCommand(config({ path: " /opt/plan/bin/plan " }), undefined).command, "/opt/plan/bin/plan");
assert.equal(extension.serverCommand(config({ path: "" }), undefined).command, "plan");

const patterns = (values) => extension.documentSelector(config(values)).map((filter) => filter.pattern);
assert.deepEqual(patterns({}), ["**/PLAN.md"]);
assert.deepEqual(patterns({ files: ["docs/DESIGN.md", "**/PLAN.md", " ", "/abs/plan.md"] }), [
  "**/PLAN.md",
  "**/docs/DESIGN.md",
  "/abs/plan.md",
]);
for (const filter of extension.documentSelector(config({}))) {
  assert.equal(filter.language, "markdown");
  assert.equal(filter.scheme, "file");
}
console.log("load: ok (out/extension.js loads, exports activate/deactivate, builds `plan lsp` and the selector)");
