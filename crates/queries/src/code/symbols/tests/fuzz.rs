//! Fuzzing the extractors: a few lines per language, mutated by `crate::fuzz`, through the
//! extractor (symbols, imports, facts and flags), the recon's partial readings (tokens and
//! import lines, a parse without test modules) and as cited files of a build.

use engine::{Database, FileContents, RelPath};

use crate::build::{BuildOptions, build};
use crate::code::analysis::partial::analyze_lexically;
use crate::code::analysis::{analyze_text_without, extract};
use crate::code::lang::LanguageSpec;
use crate::code::lexical::bodies::recon_elisions;
use crate::fuzz::{Rng, case, first_seed, iterations, mutate};

/// Sources: a few lines per language, mutated, through the extractor (symbols, imports,
/// facts and flags) and as cited files of a build.
#[test]
fn mutated_sources_never_panic() {
    let sources: &[(&str, &str, &str)] = &[
        (
            "rust",
            "a.rs",
            "use std::io;\n#[derive(Parser)]\nstruct Args { #[arg(long)] x: u32 }\nimpl A { fn f(&self) { let v = std::env::var(\"X\"); } }\nmod m { pub const C: u8 = 1; }\n#[cfg(test)]\nmod tests {\n    use super::*;\n    const R: &str = r#\"}\"#; const Q: char = '}';\n    #[test] fn t<'a>() {}\n}\n",
        ),
        (
            "go",
            "a.go",
            "package main\nimport \"flag\"\nvar x = flag.Int(\"n\", 1, \"count\")\ntype T struct{}\nfunc (t *T) M() {}\nfunc main() {}\n",
        ),
        (
            "python",
            "a.py",
            "import argparse\np = argparse.ArgumentParser()\np.add_argument('--x')\nclass A:\n    @property\n    def f(self): pass\n",
        ),
        (
            "javascript",
            "a.js",
            "const { program } = require('commander');\nprogram.option('-x, --xx');\nclass A { m() {} }\nexport function f() {}\n",
        ),
        (
            "typescript",
            "a.ts",
            "import x from 'y';\nnamespace N { export interface I { a: string } }\nexport const f = (a: number) => a;\n",
        ),
        (
            "java",
            "A.java",
            "package p;\nimport a.B;\n@Command class A { @Option(names = \"-x\") int x; void m() {} }\n",
        ),
        (
            "c",
            "a.c",
            "#include <stdio.h>\n#define X 1\nstatic int count;\nint main(int argc, char **argv) { return getopt(argc, argv, \"x\"); }\n",
        ),
        (
            "cpp",
            "a.cpp",
            "#include <vector>\nnamespace n { template <class T> class A { void m(); }; }\nvoid n::A<int>::m() {}\n",
        ),
    ];
    let texts: Vec<&str> = sources.iter().map(|(_, _, text)| *text).collect();
    let start = first_seed();
    for seed in start..start + iterations(40) {
        for (language, path, text) in sources {
            let mut rng = Rng::new(seed);
            let mutated = mutate(&mut rng, text, &texts);
            case(language, seed, || {
                let spec = LanguageSpec::by_id(language).expect("a registered language");
                let _ = extract(spec, &mutated);
                let _ = analyze_lexically(spec, &mutated);
                let _ = analyze_text_without(
                    spec,
                    &mutated,
                    &recon_elisions(spec.lexicon, &mutated).unwrap_or_default(),
                );
                let mut db = Database::in_memory();
                db.set_files([(RelPath::new(path).unwrap(), FileContents::Text(mutated.clone().into()))]);
                let plan =
                    db.set_plan("PLAN.md", &format!("## B) Recon\n\n- `{path}:1-3` and `{path}:2`.\n"));
                let lock = db.set_lock("");
                let _ = build(&db, plan, lock, BuildOptions::default());
            });
        }
    }
}
