//! The repository recon on a generated monorepo: loading, parsing every file in parallel
//! and computing the recon, cold (a new database each time).
//!
//! `PLAN_BENCH_FILES` sets the monorepo's size (default 10,000; the target is
//! 100,000, about 30 s an iteration on 2 cores); `PLAN_BENCH_REPO` names a real repository
//! instead. The monorepo comes from `scripts/gen-monorepo.py` (needs python3). Run with
//! `cargo bench --bench recon`.

use std::hint::black_box;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use criterion::{Criterion, criterion_group, criterion_main};
use engine::{Database, Db, FileContents, LoadConfig};

#[path = "monorepo.rs"]
mod monorepo;

fn repository() -> (PathBuf, Option<tempfile::TempDir>) {
    if let Some(repo) = std::env::var_os("PLAN_BENCH_REPO") {
        return (PathBuf::from(repo), None);
    }
    let files: usize =
        std::env::var("PLAN_BENCH_FILES").ok().and_then(|value| value.parse().ok()).unwrap_or(10_000);
    let dir = monorepo::generate(files);
    (dir.path().to_path_buf(), Some(dir))
}

fn recon(c: &mut Criterion) {
    let (root, _keep) = repository();
    let never = AtomicBool::new(false);
    let mut group = c.benchmark_group("recon");
    group.sample_size(10);
    group.bench_function("cold_load_parse_recon", |bench| {
        bench.iter(|| {
            let db = Database::load(&root, LoadConfig::default(), &[]).expect("a repository");
            let sources: Vec<(engine::SourceFile, queries::PerFile)> = db
                .workspace()
                .files(&db)
                .iter()
                .copied()
                .filter(|file| matches!(file.contents(&db), FileContents::Text(_)))
                .map(|file| (file, queries::PerFile::Recon))
                .collect();
            queries::extract_all(&db, &sources, &never, &|| {}).expect("not cancelled");
            let recon = queries::workspace_recon(&db);
            black_box(queries::recon_markdown(&db, recon, 60).len())
        })
    });
    group.finish();
}

criterion_group!(benches, recon);
criterion_main!(benches);
