// The plan extension: starts `plan lsp` (stdio) for the workspace folder and forwards
// what the server offers (diagnostics, definition, references, hover, completion, code
// actions, document symbols, links, inlay hints) for Markdown files that are plans:
// `**/PLAN.md`, plus the patterns of the `plan.files` setting.
import * as vscode from "vscode";
import {
  DocumentSelector,
  Executable,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;
let output: vscode.OutputChannel | undefined;

// The command line the extension runs (`plan lsp` in the workspace folder).
export function serverCommand(config: vscode.WorkspaceConfiguration, cwd: string | undefined): Executable {
  const command = config.get<string>("path")?.trim() || "plan";
  return { command, args: ["lsp"], transport: TransportKind.stdio, options: { cwd } };
}

// `**/PLAN.md` and each `plan.files` pattern, for Markdown files on disk. VS Code matches a
// pattern against the whole path: one that starts with neither `**/` nor `/` gets `**/`.
export function documentSelector(config: vscode.WorkspaceConfiguration): DocumentSelector {
  const patterns = ["**/PLAN.md", ...(config.get<string[]>("files") ?? [])]
    .map((pattern) => pattern.trim())
    .filter((pattern) => pattern.length > 0)
    .map((pattern) => (pattern.startsWith("**/") || pattern.startsWith("/") ? pattern : `**/${pattern}`));
  return [...new Set(patterns)].map((pattern) => ({ scheme: "file", language: "markdown", pattern }));
}

function workspaceRoot(): string | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder?.uri.scheme === "file" ? folder.uri.fsPath : undefined;
}

async function start(): Promise<void> {
  const config = vscode.workspace.getConfiguration("plan");
  const executable = serverCommand(config, workspaceRoot());
  const serverOptions: ServerOptions = { run: executable, debug: executable };
  output ??= vscode.window.createOutputChannel("plan");
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(config),
    initializationOptions: { inlayHints: config.get<boolean>("inlayHints") ?? false },
    // No `synchronize.fileEvents`: the server watches the tree itself, and the client's
    // events would only repeat its own (a build's output included).
    outputChannel: output,
  };
  client = new LanguageClient("plan", "plan", serverOptions, clientOptions);
  try {
    await client.start();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(
      `plan: could not start \`${executable.command} lsp\` (${message}). Install plan or set "plan.path".`,
    );
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running?.isRunning()) {
    await running.stop();
  }
}

// Starts, stops and restarts run one after the other: a restart never meets a client
// that is still starting, which could not be stopped.
let queue: Promise<void> = Promise.resolve();
function enqueue(step: () => Promise<void>): Promise<void> {
  queue = queue.then(step).catch((error) => output?.appendLine(`plan: ${String(error)}`));
  return queue;
}

const restart = async (): Promise<void> => {
  await stop();
  await start();
};

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand("plan.restartServer", () => enqueue(restart)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("plan")) {
        void enqueue(restart);
      }
    }),
    { dispose: () => output?.dispose() },
  );
  await enqueue(start);
}

export function deactivate(): Promise<void> {
  return enqueue(stop);
}
