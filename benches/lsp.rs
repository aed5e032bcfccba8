//! `plan lsp` latency on a generated 10,000-file repository, through stdio as an editor
//! sees it: an edit of the plan (`didChange`) until its diagnostics are published, then
//! `definition` and `hover` on a citation, and `completion` of a path and of a file's
//! symbols. Ends by measuring the server's resident memory before and after many edits
//! (`PLAN_LSP_EDITS`, default 10,000), printed on stderr. Run with `cargo bench --bench lsp`;
//! `PLAN_LSP_REPO=DIR` measures a real repository with a PLAN.md instead (only read).

use std::io::Write;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::{Value, json};

#[allow(dead_code)]
#[path = "../tests/lsp_client.rs"]
mod lsp_client;
#[path = "monorepo.rs"]
mod monorepo;

use lsp_client::{Client, uri};

/// Where the first colon citation of the plan is: its line, the column of its first
/// character and of its colon.
fn first_citation(plan: &str) -> (u32, u32, u32) {
    for (number, line) in plan.lines().enumerate() {
        let Some(open) = line.find('`') else { continue };
        let Some(close) = line[open + 1..].find('`') else { continue };
        let token = &line[open + 1..open + 1 + close];
        if let Some(colon) =
            token.rfind(':').filter(|&colon| token[colon + 1..].starts_with(|c: char| c.is_ascii_digit()))
        {
            let start = u32::try_from(open + 1).unwrap_or(0);
            return (u32::try_from(number).unwrap_or(0), start, start + u32::try_from(colon).unwrap_or(0));
        }
    }
    panic!("the generated plan cites nothing")
}

struct Editor {
    client: Client,
    plan_uri: String,
    version: i32,
}

impl Editor {
    /// Edits the claim on `line` (adding, then removing, one character after its list
    /// marker) and waits for the diagnostics of that version: the section's rules and
    /// citations run again.
    fn edit_and_wait(&mut self, line: u32) {
        self.version += 1;
        let at = json!({"line": line, "character": 2});
        let change = if self.version % 2 == 0 {
            json!({"range": {"start": at, "end": at}, "text": "x"})
        } else {
            json!({"range": {"start": at, "end": {"line": line, "character": 3}}, "text": ""})
        };
        let params = json!({"textDocument": {"uri": self.plan_uri, "version": self.version}, "contentChanges": [change]});
        self.client.notify("textDocument/didChange", params);
        let version = self.version;
        self.client.diagnostics_where(|params| params["version"] == version);
    }

    fn request_at(&mut self, method: &str, line: u32, character: u32) -> Value {
        let params = json!({"textDocument": {"uri": self.plan_uri}, "position": {"line": line, "character": character}});
        self.client.request(method, params)
    }
}

fn resident_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let line = status.lines().find(|line| line.starts_with("VmRSS:")).unwrap_or_default();
    line.split_whitespace().nth(1).and_then(|kib| kib.parse().ok()).unwrap_or(0)
}

fn lsp(c: &mut Criterion) {
    let plan_bin = env!("CARGO_BIN_EXE_plan");
    // A real repository is only read: its plan is edited in the server's buffer.
    let real = std::env::var_os("PLAN_LSP_REPO").map(std::path::PathBuf::from);
    let generated = real.is_none().then(|| monorepo::generate(10_000));
    let root =
        real.unwrap_or_else(|| generated.as_ref().map(|dir| dir.path().to_path_buf()).unwrap_or_default());
    if generated.is_some() {
        let built =
            std::process::Command::new(plan_bin).arg("--root").arg(&root).args(["build", "-q"]).status();
        assert!(built.is_ok(), "plan build runs");
    }
    let plan = std::fs::read_to_string(root.join("PLAN.md")).expect("the repository's plan");
    let mut command = std::process::Command::new(plan_bin);
    command.arg("--root").arg(&root).arg("lsp");
    let mut client = Client::spawn(command);
    client.initialize(&root);
    let plan_uri = uri(&root.join("PLAN.md"));
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": plan_uri, "languageId": "markdown", "version": 1, "text": plan}}),
    );
    client.diagnostics_where(|params| params["version"] == 1);
    let mut editor = Editor { client, plan_uri, version: 1 };
    let (line, start, colon) = first_citation(&plan);
    // Warm: the first edit lowers the plan's durability.
    editor.edit_and_wait(line);

    let mut group =
        c.benchmark_group(if generated.is_some() { "lsp_10k_files" } else { "lsp_real_repository" });
    group.sample_size(30);
    group.bench_function("did_change_to_diagnostics", |bench| {
        bench.iter_custom(|iterations| {
            let started = Instant::now();
            for _ in 0..iterations {
                editor.edit_and_wait(line);
            }
            started.elapsed()
        })
    });
    group.bench_function("definition", |bench| {
        bench.iter(|| editor.request_at("textDocument/definition", line, start + 2))
    });
    group.bench_function("hover", |bench| {
        bench.iter(|| editor.request_at("textDocument/hover", line, start + 2))
    });
    group.bench_function("completion_path", |bench| {
        bench.iter(|| editor.request_at("textDocument/completion", line, start + 3))
    });
    group.bench_function("completion_symbols", |bench| {
        bench.iter(|| editor.request_at("textDocument/completion", line, colon + 1))
    });
    group.finish();

    memory(&mut editor, line);
}

/// Resident memory of the server before and after many edits (each one's diagnostics
/// awaited): flat when the server keeps no per-edit state.
fn memory(editor: &mut Editor, line: u32) {
    let edits: usize =
        std::env::var("PLAN_LSP_EDITS").ok().and_then(|edits| edits.parse().ok()).unwrap_or(10_000);
    let pid = editor.client.pid();
    let before = resident_kib(pid);
    let started = Instant::now();
    let mut samples = Vec::new();
    for edit in 0..edits {
        editor.edit_and_wait(line);
        if edit % (edits / 10).max(1) == 0 {
            samples.push(resident_kib(pid) / 1024);
        }
    }
    let after = resident_kib(pid);
    let took = started.elapsed().max(Duration::from_millis(1));
    let _ = writeln!(
        std::io::stderr().lock(),
        "memory: {} MiB before {edits} edits, {} MiB after (samples {samples:?} MiB); {:.1} ms per edit",
        before / 1024,
        after / 1024,
        took.as_secs_f64() * 1000.0 / edits.max(1) as f64
    );
}

criterion_group!(benches, lsp);
criterion_main!(benches);
