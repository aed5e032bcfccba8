// Headless smoke test of the server launch the extension makes, without VS Code: runs
// `<plan> lsp` with the workspace folder as working directory (what `serverCommand` builds),
// speaks LSP over stdio with vscode-jsonrpc (the transport under vscode-languageclient),
// sends `initialize` with the extension's initializationOptions, checks that the server
// offers every feature the extension forwards, opens PLAN.md and waits for diagnostics.
//
// Usage: node test/smoke.js PLAN_BINARY REPOSITORY   (REPOSITORY holds a PLAN.md)
"use strict";
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { pathToFileURL } = require("node:url");
const rpc = require("vscode-jsonrpc/node");

const [plan, root] = process.argv.slice(2);
if (!plan || !root) {
  console.error("usage: node test/smoke.js PLAN_BINARY REPOSITORY");
  process.exit(2);
}
const fail = (message) => {
  console.error(`smoke: FAIL: ${message}`);
  process.exit(1);
};
setTimeout(() => fail("no answer within 60 s"), 60000).unref();

const server = spawn(plan, ["lsp"], { cwd: root, stdio: ["pipe", "pipe", "inherit"] });
server.on("error", (error) => fail(`cannot start ${plan} lsp: ${error.message}`));
const connection = rpc.createMessageConnection(
  new rpc.StreamMessageReader(server.stdout),
  new rpc.StreamMessageWriter(server.stdin),
);
const planUri = pathToFileURL(path.join(root, "PLAN.md")).href;
const diagnostics = new Promise((resolve) => {
  connection.onNotification("textDocument/publishDiagnostics", (params) => {
    if (params.uri === planUri && params.diagnostics.length > 0) resolve(params.diagnostics);
  });
});
connection.onRequest(() => null); // registerCapability, workDoneProgress/create, …
connection.listen();

(async () => {
  const result = await connection.sendRequest("initialize", {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    workspaceFolders: [{ uri: pathToFileURL(root).href, name: path.basename(root) }],
    initializationOptions: { inlayHints: true },
    capabilities: {
      textDocument: { publishDiagnostics: {}, hover: { contentFormat: ["markdown", "plaintext"] } },
      workspace: { workspaceFolders: true },
    },
  });
  const caps = result.capabilities;
  const wanted = [
    "definitionProvider",
    "hoverProvider",
    "completionProvider",
    "codeActionProvider",
    "documentSymbolProvider",
    "documentLinkProvider",
    "inlayHintProvider",
  ];
  const missing = wanted.filter((name) => !caps[name]);
  if (missing.length > 0) fail(`the server does not offer ${missing.join(", ")}`);
  console.log(`smoke: initialize: ${result.serverInfo?.name ?? "?"} ${result.serverInfo?.version ?? ""} offers ${wanted.join(", ")}`);
  connection.sendNotification("initialized", {});
  connection.sendNotification("textDocument/didOpen", {
    textDocument: {
      uri: planUri,
      languageId: "markdown",
      version: 1,
      text: fs.readFileSync(path.join(root, "PLAN.md"), "utf8"),
    },
  });
  const found = await diagnostics;
  for (const d of found) {
    console.log(`smoke: PLAN.md:${d.range.start.line + 1} ${d.code ?? ""}: ${d.message.split("\n")[0]}`);
  }
  // Hover and go to definition on the first citation that resolves.
  const text = fs.readFileSync(path.join(root, "PLAN.md"), "utf8").split("\n");
  const line = text.findIndex((l) => l.includes("`src/store.rs:"));
  if (line < 0) fail("PLAN.md cites no src/store.rs line");
  const position = { line, character: text[line].indexOf("`src/store.rs:") + 2 };
  const at = { textDocument: { uri: planUri }, position };
  const hover = await connection.sendRequest("textDocument/hover", at);
  if (!hover) fail(`no hover on the citation at PLAN.md:${line + 1}`);
  const first = String(hover.contents.value ?? hover.contents).split("\n").find((l) => l.trim());
  console.log(`smoke: hover on PLAN.md:${line + 1}: ${first}`);
  const definition = await connection.sendRequest("textDocument/definition", at);
  const target = [definition].flat()[0];
  if (!target) fail(`no definition for the citation at PLAN.md:${line + 1}`);
  const uri = target.uri ?? target.targetUri;
  const range = target.range ?? target.targetSelectionRange;
  console.log(`smoke: definition: ${path.relative(root, new URL(uri).pathname)}:${range.start.line + 1}`);
  await connection.sendRequest("shutdown");
  connection.sendNotification("exit");
  const code = await new Promise((resolve) => server.on("exit", resolve));
  if (code !== 0) fail(`the server exited with ${code}`);
  console.log("smoke: ok");
  process.exit(0);
})().catch((error) => fail(error.message));
