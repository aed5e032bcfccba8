//! `plan check` speed on large plans: a cold check of a 1,000-PR plan (parse, model, DAG,
//! every rule), and a re-check after editing one PR's prose, which per-section queries
//! must keep cheap. Run with `cargo bench --bench check`.

use std::hint::black_box;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use engine::Database;
use queries::{RuleLevels, check_plan};
#[path = "../crates/queries/src/plan/synthetic.rs"]
mod synthetic;

use synthetic::plan_with_prs;

fn check(c: &mut Criterion) {
    let text = plan_with_prs(1000, None);
    let edited = text.replacen("- Motivation: step 500.", "- Motivation: step five hundred, reworded.", 1);
    let levels = RuleLevels::default();
    let mut group = c.benchmark_group("check");
    group.sample_size(20);
    group.bench_function("cold_1000_prs", |bench| {
        bench.iter_batched(
            || {
                let mut db = Database::in_memory();
                let plan = db.set_plan("PLAN.md", &text);
                let lock = db.set_lock("");
                (db, plan, lock)
            },
            |(db, plan, lock)| black_box(check_plan(&db, plan, lock, &levels).len()),
            BatchSize::LargeInput,
        )
    });
    group.bench_function("edit_one_pr_1000_prs", |bench| {
        bench.iter_batched(
            || {
                let mut db = Database::in_memory();
                let plan = db.set_plan("PLAN.md", &text);
                let lock = db.set_lock("");
                check_plan(&db, plan, lock, &levels);
                (db, lock)
            },
            |(mut db, lock)| {
                let plan = db.set_plan("PLAN.md", &edited);
                let found = black_box(check_plan(&db, plan, lock, &levels).len());
                // Returned, so that criterion drops the database outside the measurement:
                // an edit under `plan watch` or the editor server never drops it.
                (found, db)
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, check);
criterion_main!(benches);
