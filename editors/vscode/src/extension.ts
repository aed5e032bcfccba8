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
let watcher: vscode.FileSystemWatcher | undefined;

// The command line the extension runs (`plan lsp` in the workspace folder).
export function serverCommand(config: vscode.WorkspaceConfiguration, cwd: string | undefined): Executable {
  const command = config.get<string>("path")?.trim() || "plan";
  return { command, args: ["lsp"], transport: TransportKind.stdio, options: { cwd } };
}

// `**/PLAN.md` and each `plan.files` pattern, for Markdown files on disk and unsaved.
export function documentSelector(config: vscode.WorkspaceConfiguration): DocumentSelector {
  const patterns = ["**/PLAN.md", ...(config.get<string[]>("files") ?? [])];
  const selector: DocumentSelector = [];
  for (const pattern of new Set(patterns)) {
    selector.push({ scheme: "file", language: "markdown", pattern });
    selector.push({ scheme: "untitled", language: "markdown", pattern });
  }
  return selector;
}

function workspaceRoot(): string | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder?.uri.scheme === "file" ? folder.uri.fsPath : undefined;
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const config = vscode.workspace.getConfiguration("plan");
  const root = workspaceRoot();
  const executable = serverCommand(config, root);
  const serverOptions: ServerOptions = { run: executable, debug: executable };
  output ??= vscode.window.createOutputChannel("plan");
  watcher ??= vscode.workspace.createFileSystemWatcher("**/*");
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(config),
    initializationOptions: { inlayHints: config.get<boolean>("inlayHints") ?? false },
    outputChannel: output,
    synchronize: {
      // The server watches the tree itself; these events only make it quicker.
      fileEvents: watcher,
    },
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

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    { dispose: () => void stop() },
    { dispose: () => { watcher?.dispose(); output?.dispose(); } },
    vscode.commands.registerCommand("plan.restartServer", async () => {
      await stop();
      await start(context);
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("plan")) {
        await stop();
        await start(context);
      }
    }),
  );
  await start(context);
}

export function deactivate(): Promise<void> {
  return stop();
}
