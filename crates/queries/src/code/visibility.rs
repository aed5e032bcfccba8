//! How far a definition can be named from, by its language's visibility rules: a Rust item
//! without `pub` only inside its module, a Go identifier in lower case or any type of
//! `package main` only inside its package, a Python class nested in another only through
//! its owner (`Outer.Inner`). The recon credits a type only with references from files
//! that can name it.

use crate::code::lang::LanguageSpec;
use crate::code::symbols::Symbol;

/// Where a definition can be named from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub(crate) enum Reach {
    /// Any file that imports it.
    #[default]
    Anywhere,
    /// Its own file and the files of its module's subtree (a Rust item without `pub`).
    Module,
    /// The files of its own directory (Go: unexported, or in `package main`).
    Package,
    /// Never by its bare name from another file (a Python class nested in a class).
    Owner,
}

/// The reach of each of `symbols` in a file of `spec`'s language with `text`.
pub(crate) fn reaches<'s>(
    spec: &LanguageSpec,
    text: &str,
    symbols: impl Iterator<Item = &'s Symbol>,
) -> Vec<Reach> {
    match spec.id {
        "rust" => {
            let lines: Vec<&str> = text.lines().collect();
            symbols.map(|symbol| rust_reach(&lines, symbol)).collect()
        }
        "go" => {
            let main =
                text.lines().find(|line| line.starts_with("package ")).map(str::trim) == Some("package main");
            symbols
                .map(|symbol| {
                    let exported = symbol.name.starts_with(|char: char| char.is_uppercase());
                    if main || !exported { Reach::Package } else { Reach::Anywhere }
                })
                .collect()
        }
        "python" => symbols
            .map(|symbol| {
                // `Outer.Inner`: a class (or a function's local class) inside another scope.
                if symbol.qualified_name.contains('.') { Reach::Owner } else { Reach::Anywhere }
            })
            .collect(),
        _ => symbols.map(|_| Reach::Anywhere).collect(),
    }
}

/// A Rust item is visible beyond its module when its line starts with `pub` of any kind
/// (`pub`, `pub(crate)`, `pub(super)`, `pub(in …)`).
fn rust_reach(lines: &[&str], symbol: &Symbol) -> Reach {
    let Some(line) = lines.get(symbol.name_line.saturating_sub(1) as usize) else { return Reach::Anywhere };
    let line = line.trim_start();
    let public = line.strip_prefix("pub").is_some_and(|rest| rest.starts_with([' ', '(', '\t']));
    if public { Reach::Anywhere } else { Reach::Module }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::analysis::analyze_text;

    fn check(language: &str, text: &str) -> String {
        let spec = LanguageSpec::by_id(language).unwrap();
        let symbols = analyze_text(spec, text).symbols.symbols;
        let reaches = reaches(spec, text, symbols.iter());
        symbols
            .iter()
            .zip(reaches)
            .map(|(symbol, reach)| format!("{} {:?}", symbol.qualified_name, reach))
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn rust_items_without_pub_stay_in_their_module() {
        let text = "type Result<T> = std::result::Result<T, ()>;\npub struct Real;\npub(crate) enum Mode { A }\n#[derive(Debug)]\nstruct Private;\npub(super) trait Load {}\npubx_macro!();\n";
        expect_test::expect![[r#"
            Result Module
            Real Anywhere
            Mode Anywhere
            Private Module
            Load Anywhere"#]]
        .assert_eq(&check("rust", text));
    }

    #[test]
    fn go_unexported_names_and_package_main_stay_in_their_package() {
        expect_test::expect![[r#"
            Snapshot Anywhere
            overlay Package"#]]
        .assert_eq(&check("go", "package cache\n\ntype Snapshot struct{}\n\ntype overlay struct{}\n"));
        expect_test::expect!["Type Package"]
            .assert_eq(&check("go", "// Package main generates.\npackage main\n\ntype Type struct{}\n"));
    }

    #[test]
    fn python_nested_classes_are_named_through_their_owner() {
        let text = "class GoogleCustomSearchAPI:\n    class Item:\n        pass\n\nclass Item:\n    pass\n";
        expect_test::expect![[r#"
            GoogleCustomSearchAPI Anywhere
            GoogleCustomSearchAPI.Item Owner
            Item Anywhere"#]]
        .assert_eq(&check("python", text));
    }
}
