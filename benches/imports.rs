//! The import graph: resolving every import of a generated Rust and Python workspace cold
//! (files already parsed), and after a one-file edit, which re-resolves that file only.
//!
//! Run with `cargo bench --bench imports`; `PLAN_BENCH_FILES=100000` for a large tree.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use engine::{Database, FileContents, RelPath};
use queries::import_graph;

/// `count` files in modules of 50: Rust files `use crate::m{k}::f{j}` and Python files
/// `from pkg.m{k} import f{j}`, each importing three others.
fn generated_files(count: usize) -> Vec<(RelPath, FileContents)> {
    let mut files = vec![
        (RelPath::new("Cargo.toml").unwrap(), FileContents::Text("[package]\nname = \"gen\"\n".into())),
        (RelPath::new("src/lib.rs").unwrap(), FileContents::Text("pub mod m0;\n".into())),
        (RelPath::new("pkg/__init__.py").unwrap(), FileContents::Text("\n".into())),
    ];
    for index in 0..count {
        let (module, file) = (index / 50, index % 50);
        let imports: String = (1..=3)
            .map(|step| {
                let other = (index + step * 7919) % count;
                if index % 2 == 0 {
                    format!("use crate::m{}::f{};\n", other / 50, other % 50)
                } else {
                    format!("from pkg.m{} import f{}\n", other / 50, other % 50)
                }
            })
            .collect();
        let (path, body) = if index % 2 == 0 {
            (format!("src/m{module}/f{file}.rs"), format!("{imports}pub fn f{index}() {{}}\n"))
        } else {
            (format!("pkg/m{module}/f{file}.py"), format!("{imports}def f{index}():\n    pass\n"))
        };
        files.push((RelPath::new(&path).unwrap(), FileContents::Text(body.into())));
    }
    files
}

fn bench(c: &mut Criterion) {
    let count = std::env::var("PLAN_BENCH_FILES").ok().and_then(|n| n.parse().ok()).unwrap_or(5_000);
    let files = generated_files(count);
    let mut group = c.benchmark_group("imports");
    group.sample_size(10);
    group.bench_function(format!("import_graph cold, {count} files"), |b| {
        b.iter_with_setup(
            || {
                let mut db = Database::in_memory();
                db.set_files(files.iter().cloned());
                db
            },
            |db| black_box(import_graph(&db).edges().count()),
        )
    });
    let mut db = Database::in_memory();
    db.set_files(files.iter().cloned());
    import_graph(&db);
    let edited = RelPath::new("src/m0/f0.rs").unwrap();
    let mut toggle = false;
    group.bench_function("import_graph after a one-file edit", |b| {
        b.iter(|| {
            toggle = !toggle;
            let text = if toggle {
                "use crate::m1::f2;\npub fn f0() {}\n"
            } else {
                "use crate::m1::f4;\npub fn f0() {}\n"
            };
            db.set_file(edited.clone(), FileContents::Text(text.into()));
            black_box(import_graph(&db).edges().count())
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
