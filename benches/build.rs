//! `plan build` over generated monorepos: cold (no `.plan/cache`), warm no-op (the stat
//! index answers), a one-file edit applied to a live database (what `plan watch`
//! recomputes per change, without the debounce and the write), and the watch latency: a
//! running `plan watch`, from an edit written to PLAN.md rewritten.
//!
//! `PLAN_BENCH_FILES` lists the sizes (default `1000,10000`; the largest is
//! 100000, minutes per sample on 2 cores); `PLAN_BENCH_REPO` names a real repository with a
//! PLAN.md instead. The monorepos come from `scripts/gen-monorepo.py` (needs python3).
//! Run with `cargo bench --bench build`; compare with `git status` and `ctags -R` on the
//! same tree with `scripts/bench-compare.sh`.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use engine::{Database, Db, FileContents, LoadConfig, RelPath};
use queries::{BuildOptions, build};

#[path = "monorepo.rs"]
mod monorepo;

fn repositories() -> Vec<(String, PathBuf, Option<tempfile::TempDir>)> {
    if let Some(repo) = std::env::var_os("PLAN_BENCH_REPO") {
        return vec![("repo".to_owned(), PathBuf::from(repo), None)];
    }
    let sizes = std::env::var("PLAN_BENCH_FILES").unwrap_or_else(|_| "1000,10000".to_owned());
    sizes
        .split(',')
        .filter_map(|size| size.trim().parse::<usize>().ok())
        .map(|files| {
            let dir = monorepo::generate(files);
            (format!("{files}_files"), dir.path().to_path_buf(), Some(dir))
        })
        .collect()
}

fn plan_build(root: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_plan"))
        .arg("--root")
        .arg(root)
        .args(["build", "-q"])
        .stdout(std::process::Stdio::null())
        .status()
        .expect("plan runs");
    // Exit 1 is a plan with rule errors, which the generated plans may have.
    assert!(matches!(status.code(), Some(0 | 1)), "plan build failed: {status}");
}

/// The first cited file of the plan, for the edit.
fn cited_file(plan: &str) -> RelPath {
    let start = plan.find("`packages/").or_else(|| plan.find('`')).expect("a citation") + 1;
    let end = start + plan[start..].find(':').expect("a citation with a line");
    RelPath::new(&plan[start..end]).expect("a relative path")
}

fn benches(c: &mut Criterion) {
    let repos = repositories();
    let mut group = c.benchmark_group("build");
    group.sample_size(10);
    for (name, root, _keep) in &repos {
        group.bench_with_input(BenchmarkId::new("cold", name), root, |bench, root| {
            bench.iter_batched(
                || {
                    let _ = std::fs::remove_dir_all(root.join(".plan"));
                },
                |()| plan_build(root),
                BatchSize::PerIteration,
            )
        });

        // Settle the plan, then let every file age past the racy window once.
        plan_build(root);
        std::thread::sleep(Duration::from_millis(2_100));
        plan_build(root);
        group.bench_with_input(BenchmarkId::new("warm_noop", name), root, |bench, root| {
            bench.iter(|| plan_build(root))
        });

        let plan_text = std::fs::read_to_string(root.join("PLAN.md")).expect("a PLAN.md");
        let lock_text = std::fs::read_to_string(root.join("PLAN.lock")).unwrap_or_default();
        let mut db = Database::load(root, LoadConfig::default(), &[]).expect("a repository");
        let sources: Vec<(engine::SourceFile, queries::PerFile)> =
            db.workspace().files(&db).iter().map(|&file| (file, queries::PerFile::Recon)).collect();
        queries::extract_all(&db, &sources, &AtomicBool::new(false), &|| {}).expect("not cancelled");
        let path = cited_file(&plan_text);
        let original = match db.file(&path).map(|file| file.contents(&db).clone()) {
            Some(FileContents::Text(text)) => text.to_string(),
            _ => panic!("{path} is not a text file of the repository"),
        };
        let moved = format!("\n{original}");
        let mut toggle = false;
        group.bench_function(BenchmarkId::new("one_file_edit", name), |bench| {
            bench.iter(|| {
                toggle = !toggle;
                let text = if toggle { &moved } else { &original };
                db.set_edited_files([(path.clone(), FileContents::Text(text.as_str().into()))]);
                let plan = db.set_plan("PLAN.md", &plan_text);
                let lock = db.set_lock(&lock_text);
                black_box(build(&db, plan, lock, BuildOptions::default()).plan.len())
            })
        });
        drop(db);

        let mut session = WatchSession::start(root, &path, &original);
        group.bench_function(BenchmarkId::new("watch_latency", name), |bench| {
            bench.iter_custom(|iterations| (0..iterations).map(|_| session.edit()).sum())
        });
        drop(session);
    }
    group.finish();
}

/// Debounce of the watch in [`WatchSession`], included in what it measures.
const WATCH_DEBOUNCE_MS: u64 = 10;

/// A running `plan watch` on a repository, and a cited file to edit.
struct WatchSession {
    watch: std::process::Child,
    summaries: std::sync::mpsc::Receiver<String>,
    file: PathBuf,
    plan_path: PathBuf,
    original: String,
    moved: String,
    edits: u64,
}

impl WatchSession {
    /// Starts `plan watch` on `root` and waits for its initial build, then makes one
    /// untimed edit of `path`: the first edit of a file lowers its durability, which later
    /// edits do not pay again.
    fn start(root: &Path, path: &RelPath, original: &str) -> WatchSession {
        use std::io::BufRead;

        let mut watch = Command::new(env!("CARGO_BIN_EXE_plan"))
            .arg("--root")
            .arg(root)
            .args(["watch", "--debounce", &WATCH_DEBOUNCE_MS.to_string()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("plan watch starts");
        // One summary line per rebuild, read on a thread so that the pipe never fills.
        let (lines, summaries) = std::sync::mpsc::channel::<String>();
        let stderr = watch.stderr.take().expect("piped stderr");
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stderr).lines().map_while(Result::ok) {
                if line.starts_with("[watch]") && lines.send(line).is_err() {
                    break;
                }
            }
        });
        let mut session = WatchSession {
            watch,
            summaries,
            file: root.join(path.as_str()),
            plan_path: root.join("PLAN.md"),
            original: original.to_owned(),
            moved: format!("\n{original}"),
            edits: 0,
        };
        let initial = session.next_summary();
        assert!(initial.contains("initial build"), "{initial}");
        session.edit();
        session
    }

    fn next_summary(&self) -> String {
        self.summaries.recv_timeout(Duration::from_secs(300)).expect("a rebuild summary")
    }

    /// Moves the file's code down a line, or back, and returns the time from the write to
    /// PLAN.md rewritten: the debounce, the rebuild and the atomic write.
    fn edit(&mut self) -> Duration {
        let before = std::fs::read_to_string(&self.plan_path).expect("a PLAN.md");
        self.edits += 1;
        let text = if self.edits % 2 == 1 { &self.moved } else { &self.original };
        let started = std::time::Instant::now();
        std::fs::write(&self.file, text).expect("the edit is written");
        let deadline = started + Duration::from_secs(300);
        while std::fs::read_to_string(&self.plan_path).is_ok_and(|now| now == before) {
            assert!(std::time::Instant::now() < deadline, "plan watch did not rewrite PLAN.md");
            std::thread::sleep(Duration::from_micros(200));
        }
        let took = started.elapsed();
        // The rebuild is over (the lock written too) before the next edit.
        self.next_summary();
        took
    }
}

impl Drop for WatchSession {
    fn drop(&mut self) {
        let _ = self.watch.kill();
        let _ = self.watch.wait();
        let _ = std::fs::write(&self.file, &self.original);
    }
}

criterion_group!(build_benches, benches);
criterion_main!(build_benches);
