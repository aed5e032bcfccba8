//! Facts of one file: entry points, command-line flags, environment variables and
//! configuration files read, invariants (assertions, panics, `SAFETY:`/`INVARIANT:`
//! comments) and implementations of traits and interfaces.
//!
//! This module is the model and the text helpers its readers share. The language's
//! `facts.scm` captures candidate nodes; `collect.rs` interprets them, with flag frameworks
//! in `flags/` (chosen by the language's [`FlagStyle`](crate::code::lang::FlagStyle)) and
//! module documentation in `module_doc.rs`.

/// What makes a comment an invariant (`facts.scm` matches the same words).
pub(crate) const INVARIANT_MARKS: [&str; 2] = ["SAFETY:", "INVARIANT:"];

pub(crate) mod collect;
pub(crate) mod config;
mod flags;
pub(crate) mod module_doc;

/// One fact: a line and the text that states it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub(crate) struct Fact {
    pub line: u32,
    pub text: String,
}

/// A command-line flag, names without their dashes.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Flag {
    pub line: u32,
    pub long: Option<String>,
    pub short: Option<String>,
    /// Hidden from the program's help (`hide = true`), though accepted.
    pub hidden: bool,
}

/// `implementor` implements (or extends) `interface`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub(crate) struct Implementation {
    pub line: u32,
    pub interface: String,
    pub implementor: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct FileFacts {
    pub entrypoints: Vec<Fact>,
    pub flags: Vec<Flag>,
    pub env_vars: Vec<Fact>,
    pub config_files: Vec<Fact>,
    pub invariants: Vec<Fact>,
    pub implementations: Vec<Implementation>,
    /// The first sentence of the file's module documentation, with its line.
    pub module_doc: Option<Fact>,
    /// Each import (as in `FileSymbols::imports`) with the line of its first occurrence.
    pub imports: Vec<Fact>,
}

impl Flag {
    /// A flag the framework adds by itself (`--help`).
    pub(crate) fn generated(line: u32, long: &str, short: Option<&str>) -> Flag {
        Flag { line, long: Some(long.to_owned()), short: short.map(str::to_owned), hidden: false }
    }
}

impl FileFacts {
    pub(crate) fn sort_and_dedup(&mut self) {
        for list in [&mut self.entrypoints, &mut self.env_vars, &mut self.config_files, &mut self.invariants]
        {
            list.sort();
            list.dedup();
        }
        self.flags.sort();
        self.flags.dedup();
        self.implementations.sort();
        self.implementations.dedup();
    }
}

pub(crate) fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or("").trim();
    let mut out: String = line.chars().take(120).collect();
    if line.chars().count() > 120 {
        out.push('…');
    }
    out
}

/// The value of a string literal, without quotes, prefixes or raw-string hashes.
pub(crate) fn unquote(text: &str) -> String {
    let text = text.trim();
    let text = text.trim_start_matches(['r', 'b', 'f', 'u', 'R', 'B', 'F', 'U']);
    let text = text.trim_matches('#');
    let text = text.trim_matches(|c| matches!(c, '"' | '\'' | '`'));
    text.to_owned()
}

#[cfg(test)]
mod tests;
