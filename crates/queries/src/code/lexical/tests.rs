//! The token reader against the tree walk it stands in for, and the import lines it finds.

use expect_test::{Expect, expect};

use crate::code::analysis::analyze_text;
use crate::code::analysis::partial::analyze_lexically;
use crate::code::lang::LanguageSpec;

/// The references and imports read without a parse, then those the whole parse finds when
/// they differ.
fn check(path: &str, text: &str, expect: Expect) {
    let spec = LanguageSpec::for_path(path).unwrap();
    let show = |analysis: &crate::code::analysis::Analysis| {
        let names: Vec<String> =
            analysis.references.iter().map(|(name, uses)| format!("{name} {uses}")).collect();
        let imports: Vec<String> =
            analysis.facts.imports.iter().map(|fact| format!("{}: {}", fact.line, fact.text)).collect();
        format!("names: {}\nimports: {}", names.join(", "), imports.join(", "))
    };
    let lexical = show(&analyze_lexically(spec, text));
    let parsed = show(&analyze_text(spec, text));
    let shown = if lexical == parsed { lexical } else { format!("{lexical}\nparsed:\n{parsed}") };
    expect.assert_eq(&shown);
}

#[test]
fn rust_raw_strings_lifetimes_chars_and_nested_comments() {
    check(
        "tests/a.rs",
        r####"use crate::store::{
    Store,
    Cache,
};
use std::fmt;
/* outer /* Inner */ Hidden */
fn f<'a>(s: &'a Store) -> Cache {
    let c = '"'; let d = '\''; let r = r#"Quoted "Nope" "#;
    Cache::new(); Variant::A(1); helper(Wrapper(1));
    // `Mentioned` in a comment, English Word not.
}
mod tests {
    use super::Thing;
}
"####,
        expect![[r#"
            names: Cache 3, Mentioned 1, Store 2, Thing 1, Variant 1
            imports: 1: crate::store::{ Store, Cache, }, 5: std::fmt, 13: super::Thing"#]],
    );
}

#[test]
fn go_constructors_raw_strings_and_import_blocks() {
    check(
        "a_test.go",
        "package a\n\nimport (\n\t\"testing\"\n\tstore \"example.com/x/store\"\n)\n\n// Runs the `Store`.\nfunc TestRun(t *testing.T) { s := store.NewStore(); Run(s); _ = `Raw Text`; var c Cache }\n",
        expect![[r#"
            names: Cache 1, Raw 1, Store 2, Text 1
            imports: 4: testing, 5: example.com/x/store
            parsed:
            names: Cache 1, Raw 1, Store 2, TestRun 1, Text 1
            imports: 4: testing, 5: example.com/x/store"#]],
    );
}

#[test]
fn python_triple_quotes_continuations_and_parenthesized_imports() {
    check(
        "tests/test_a.py",
        "from shop.http import (\n    Request,\n    Response,\n)\nimport os, \\\n    sys\n\"\"\"Docs with \"quotes\" and Hidden words.\"\"\"\ndef test_a():\n    import json\n    return Response(Request(\"Literal\"))\n",
        expect![[r#"
            names: Literal 1, Request 2, Response 2
            imports: 1: shop.http, 1: shop.http.Request, 1: shop.http.Response, 5: os, 6: sys, 9: json"#]],
    );
}

#[test]
fn javascript_requires_templates_and_exports() {
    check(
        "test/a.test.js",
        "const { Store } = require('../lib/store');\nimport Cache from \"./cache\";\n// a Comment\ntest('it works', () => { new Store(`Template ${x}`); Cache.get(); });\n",
        expect![[r#"
            names: Cache 2, Store 2, Template 1
            imports: 1: ../lib/store, 2: ./cache
            parsed:
            names: Cache 2, Store 1, Template 1
            imports: 1: ../lib/store, 2: ./cache"#]],
    );
}

#[test]
fn c_includes_and_unterminated_strings_stop_at_the_line() {
    check(
        "tests/a.c",
        "#include \"store.h\"\n#include <stdio.h>\nstatic const char *s = \"open;\nStore *make(Cache c);\n",
        expect![[r#"
            names: Cache 1, Store 1
            imports: 1: store.h, 2: stdio.h
            parsed:
            names: Cache 1
            imports: 1: store.h, 2: stdio.h"#]],
    );
}

#[test]
fn nothing_read_lexically_panics_on_bytes_cut_anywhere() {
    let text = "use a::{B,\n/* é \"unterminated\nr#\"raw 'x' '\\u{1F600}' ``` \"\"\" \\\nfn Ünï(x: Çafé) -> Z { Y(\"";
    for language in ["a.rs", "a.go", "a.py", "a.js", "a.c", "A.java", "a.ts"] {
        let spec = LanguageSpec::for_path(language).unwrap();
        for end in (0..=text.len()).filter(|&end| text.is_char_boundary(end)) {
            analyze_lexically(spec, &text[..end]);
        }
    }
}

#[test]
fn rust_test_module_bodies_skip_braces_in_strings_chars_and_comments() {
    let text = r####"fn product() {}
#[cfg(test)]
#[allow(unused)]
pub(crate) mod tests {
    use super::*;
    const S: &str = "}"; const C: char = '}'; const R: &str = r#"}"#;
    // }
    fn t<'a>(x: &'a str) { if true { } }
}
#[cfg(test)]
fn not_a_module() {}
mod after { fn f() {} }
#[cfg(test)]
mod unclosed {
"####;
    let bodies = super::bodies::test_bodies(&super::RUST, text);
    let shown: Vec<&str> = bodies.iter().map(|body| &text[body.clone()]).collect();
    expect![[r##"
        [
            "\n    use super::*;\n    const S: &str = \"}\"; const C: char = '}'; const R: &str = r#\"}\"#;\n    // }\n    fn t<'a>(x: &'a str) { if true { } }\n",
        ]
    "##]]
    .assert_debug_eq(&shown);
    assert!(super::bodies::test_bodies(&super::GO, text).is_empty());
}

#[test]
fn a_product_file_parses_without_its_test_modules_and_keeps_their_names() {
    let spec = LanguageSpec::for_path("src/a.rs").unwrap();
    let text = "pub struct Store;\n#[cfg(test)]\nmod tests {\n    struct Fixture;\n    fn t(s: Store, c: Cache) {}\n}\npub fn after() {}\n";
    let bodies = super::bodies::test_bodies(spec.lexicon, text);
    let analysis = crate::code::analysis::analyze_text_without(spec, text, &bodies);
    let symbols: Vec<String> = analysis
        .symbols
        .symbols
        .iter()
        .map(|s| format!("{} {}-{}", s.qualified_name, s.start, s.end))
        .collect();
    let names: Vec<String> =
        analysis.references.iter().map(|(name, uses)| format!("{name} {uses}")).collect();
    expect![[r#"
        symbols: Store 1-1, tests 2-6, after 7-7
        names: Cache 1, Fixture 1, Store 2
        errors: []"#]]
    .assert_eq(&format!(
        "symbols: {}\nnames: {}\nerrors: {:?}",
        symbols.join(", "),
        names.join(", "),
        analysis.symbols.syntax_errors
    ));
}

#[test]
fn function_bodies_are_left_out_unless_a_query_can_find_something_in_them() {
    let text = r####"pub trait Store {
    fn get(&self, key: [u8; { 4 }]) -> Option<Vec<u8>>;
    fn put(&mut self) { self.count += 1; }
}
fn callback(f: fn(u32) -> u32) -> u32 { let s = "}"; let c = '}'; f(1) /* } */ }
fn generic<'a, T: Into<&'a str>>(t: T) -> &'a str where T: Copy {
    t.into()
}
fn asserts(x: u32) { assert!(x > 0); }
fn reads() -> String { std::env::var("HOME").unwrap() }
fn config() -> &'static str { "plan.toml" }
fn not_config() -> &'static str { "plan toml" }
fn safety() { // SAFETY: none needed
}
fn nested() { struct Inner; }
fn imports() { use std::fmt; }
fn builder() -> Arg { Arg::new("x").long("x") }
fn lengths(long: u32) { let longest = long; }
macro_rules! m { ($name:ident) => { fn $name() { body() } } }
fn unclosed() {
"####;
    let bodies = super::bodies::function_bodies(&super::RUST, text);
    let shown: Vec<&str> = bodies.iter().map(|body| &text[body.clone()]).collect();
    expect![[r##"
        [
            " self.count += 1; ",
            " let s = \"}\"; let c = '}'; f(1) /* } */ ",
            "\n    t.into()\n",
            " \"plan toml\" ",
            " let longest = long; ",
        ]
    "##]]
    .assert_debug_eq(&shown);
    assert!(super::bodies::function_bodies(&super::GO, text).is_empty());
}

#[test]
fn indented_bodies_are_left_out_from_their_second_statement_unless_it_holds_a_fact() {
    let text = r#"def docstring_first(a):
    """Doc."""
    x = compute(a,
b)
    return x

async def compound_first(a):
    if a:
        return 1
    else:
        return 2
    return 3

def clause_only(a):
    try:
        pass
    except OSError:
        pass

def one_liner(): return 1

class Store:
    @property
    def size(self) -> int:
        first = 1
# a comment at column 0 inside the body
        second = f"{self.dir / 'a.json'}"

    def keeps(self):
        first = 1
        assert first

    def nested(self):
        first = 1
        def inner():
            pass

def constant():
    first = 1
    if first:
        LIMIT = 3
"#;
    let bodies = super::bodies::function_bodies(&super::PYTHON, text);
    let shown: Vec<&str> = bodies.iter().map(|body| &text[body.clone()]).collect();
    expect![[r#"
        [
            "    x = compute(a,\nb)\n    return x\n\n",
            "    return 3\n\n",
        ]
    "#]]
    .assert_debug_eq(&shown);
    let tabs = "def f():\n\tx = 1\n\ty = 2\n";
    assert!(super::bodies::function_bodies(&super::PYTHON, tabs).is_empty());
    // Every body kept (each holds a `def`), each nested one scanned again: the scan stops
    // within its budget rather than reading the file once per level.
    let nested: String =
        (0..2_000).map(|depth| format!("{}def f{depth}():\n", "    ".repeat(depth))).collect();
    assert!(super::bodies::function_bodies(&super::PYTHON, &nested).is_empty());
}

/// On real code (this project's own Rust and Python sources): leaving the fact-free
/// function bodies out of the parse changes no symbol, no import and no fact.
#[test]
fn the_parse_without_fact_free_bodies_finds_what_the_whole_parse_finds_on_real_code() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let rust = ["crates/queries/src", "crates/cli/src", "crates/engine/src"];
    // A third of Rust's bytes; a sixth of Python's, whose bodies keep their first statement.
    for (extension, dirs, share) in [("rs", &rust[..], 3), ("py", &["scripts"][..], 6)] {
        let files: Vec<_> = dirs.iter().flat_map(|dir| source_files(&root.join(dir), extension)).collect();
        assert!(files.len() > 10, "{} .{extension} files", files.len());
        let elided = same_analysis_without_bodies(extension, &files);
        let bytes: usize = files.iter().map(|path| std::fs::metadata(path).unwrap().len() as usize).sum();
        assert!(elided * share > bytes, "only {elided} of {bytes} bytes of .{extension} left out");
    }
}

/// Asserts that `files` analyse the same with and without their fact-free function bodies;
/// returns how many bytes were left out.
fn same_analysis_without_bodies(extension: &str, files: &[std::path::PathBuf]) -> usize {
    use crate::code::analysis::{analyze_text, analyze_text_without};
    let spec = LanguageSpec::for_path(&format!("src/a.{extension}")).unwrap();
    let mut elided = 0;
    for path in files {
        let text = std::fs::read_to_string(path).unwrap();
        let whole = analyze_text_without(spec, &text, &[]);
        let parsed = analyze_text(spec, &text);
        let shown = |analysis: &crate::code::analysis::Analysis| {
            format!("{:?}\n{:?}\n{:?}", analysis.symbols.symbols, analysis.symbols.imports, analysis.facts)
        };
        assert_eq!(shown(&whole), shown(&parsed), "{}", path.display());
        elided += super::bodies::function_bodies(spec.lexicon, &text)
            .iter()
            .map(|range| range.len())
            .sum::<usize>();
    }
    elided
}

fn source_files(dir: &std::path::Path, extension: &str) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(source_files(&path, extension));
        } else if path.extension().is_some_and(|found| found == extension) {
            out.push(path);
        }
    }
    out
}
