//! `plan build` over generated monorepos: cold (no `.plan/cache`), warm no-op (the stat
//! index answers), and a one-file edit applied to a live database (what `plan watch`
//! recomputes per change, without the debounce and the write).
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
use queries::build::{BuildOptions, build};

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
        let sources: Vec<engine::SourceFile> = db.workspace().files(&db).to_vec();
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
                db.set_file(path.clone(), FileContents::Text(text.as_str().into()));
                let plan = db.set_plan("PLAN.md", &plan_text);
                let lock = db.set_lock(&lock_text);
                black_box(build(&db, plan, lock, BuildOptions::default()).plan.len())
            })
        });
    }
    group.finish();
}

criterion_group!(build_benches, benches);
criterion_main!(build_benches);
