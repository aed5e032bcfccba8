//! Symbol extraction throughput: a cold parse of every file, and a warm re-query that
//! must hit salsa's memo.
//!
//! The corpus is generated (files in all nine languages); set `PLAN_BENCH_REPO=/path` to
//! benchmark a real repository instead. Run with `cargo bench --bench symbols`.

use std::hint::black_box;
use std::sync::atomic::AtomicBool;

use criterion::{Criterion, criterion_group, criterion_main};
use engine::{Database, Db, FileContents, LoadConfig, RelPath, SourceFile};
use queries::file_symbols;

const TEMPLATES: &[(&str, &str)] = &[
    (
        "rs",
        "pub struct S{i} {{ v: u32 }}\nimpl S{i} {{\n    pub fn get(&self) -> u32 {{ self.v + {i} }}\n    fn set(&mut self, v: u32) {{ self.v = v; }}\n}}\npub fn f{i}(x: u32) -> u32 {{ x * 2 }}\n",
    ),
    (
        "go",
        "type S{i} struct {{ v int }}\nfunc (s *S{i}) Get() int {{ return s.v + {i} }}\nfunc F{i}(x int) int {{ return x * 2 }}\n",
    ),
    ("py", "class S{i}:\n    def get(self):\n        return {i}\n\n\ndef f{i}(x):\n    return x * 2\n"),
    (
        "js",
        "class S{i} {{\n  get() {{ return {i}; }}\n}}\nfunction f{i}(x) {{ return x * 2; }}\nconst g{i} = (x) => x + 1;\n",
    ),
    (
        "ts",
        "interface I{i} {{ get(): number }}\nclass S{i} implements I{i} {{\n  get(): number {{ return {i}; }}\n}}\nexport type T{i} = string;\n",
    ),
    ("tsx", "export function C{i}(p: {{ n: number }}) {{\n  return <div>{{p.n + {i}}}</div>;\n}}\n"),
    ("java", "class S{i} {{\n    int get() {{ return {i}; }}\n    static final int K{i} = 1;\n}}\n"),
    ("c", "struct s{i} {{ int v; }};\nint f{i}(int x) {{ return x * {i}; }}\n#define M{i} {i}\n"),
    ("cpp", "namespace n{i} {{\nclass S {{\npublic:\n    int get() const {{ return {i}; }}\n}};\n}}\n"),
];

fn generated_files(count: usize) -> Vec<(RelPath, FileContents)> {
    (0..count)
        .map(|index| {
            let (extension, template) = TEMPLATES[index % TEMPLATES.len()];
            // Forty repetitions make files of realistic size (100–250 lines).
            let body: String =
                (0..40).map(|rep| template.replace("{i}", &format!("{index}_{rep}"))).collect();
            let body = body.replace("{{", "{").replace("}}", "}");
            (
                RelPath::new(&format!("src/d{}/f{index}.{extension}", index % 37)).unwrap(),
                FileContents::Text(body.into()),
            )
        })
        .collect()
}

fn database(files: &[(RelPath, FileContents)]) -> (Database, Vec<(SourceFile, queries::PerFile)>) {
    let mut db = Database::in_memory();
    db.set_files(files.iter().cloned());
    let sources = db.workspace().files(&db).iter().map(|&file| (file, queries::PerFile::Symbols)).collect();
    (db, sources)
}

fn symbols(c: &mut Criterion) {
    let files = match std::env::var_os("PLAN_BENCH_REPO") {
        Some(repo) => {
            let db = Database::load(std::path::Path::new(&repo), LoadConfig::default(), &[])
                .expect("a repository");
            db.workspace()
                .files(&db)
                .iter()
                .map(|file| (file.path(&db).clone(), file.contents(&db).clone()))
                .collect()
        }
        None => generated_files(900),
    };
    let never = AtomicBool::new(false);
    let mut group = c.benchmark_group("symbols");
    group.sample_size(10);
    group.bench_function("cold_extract_all", |bench| {
        bench.iter_batched(
            || database(&files),
            |(db, sources)| {
                queries::extract_all(&db, &sources, &never, &|| {}).unwrap();
                black_box(db)
            },
            criterion::BatchSize::LargeInput,
        )
    });
    let (db, sources) = database(&files);
    queries::extract_all(&db, &sources, &never, &|| {}).unwrap();
    group.bench_function("warm_requery", |bench| {
        bench.iter(|| {
            let total: usize = sources.iter().map(|&(file, _)| file_symbols(&db, file).symbols.len()).sum();
            black_box(total)
        })
    });
    group.finish();
}

criterion_group!(benches, symbols);
criterion_main!(benches);
