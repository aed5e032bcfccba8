//! What a heading says about the section it opens: its label (`A)`, `(A)`, `§ A —`,
//! `A ·`, `Section A:`, a number `3.`, a Roman numeral `IV.`), and the section its name
//! names, by the seed's names and aliases first, then by the words plans use for them
//! (`Goals and non-goals`, `Risks and how we will retire them`, `The pull requests`,
//! `Ordering`, `Checklist`).

use std::sync::LazyLock;

use crate::plan::label::{is_name, normalize_label};

/// A section of the seed's format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SectionId {
    A,
    B,
    C,
    D,
    E,
    F,
    G,
    H,
    I,
    J,
}

impl SectionId {
    pub const ALL: [SectionId; 10] = [
        SectionId::A,
        SectionId::B,
        SectionId::C,
        SectionId::D,
        SectionId::E,
        SectionId::F,
        SectionId::G,
        SectionId::H,
        SectionId::I,
        SectionId::J,
    ];

    pub fn letter(self) -> char {
        (b'A' + self as u8) as char
    }

    pub fn from_letter(letter: char) -> Option<SectionId> {
        let upper = letter.to_ascii_uppercase();
        SectionId::ALL.into_iter().find(|id| id.letter() == upper)
    }

    pub fn name(self) -> &'static str {
        self.names()[0]
    }

    /// The canonical name first, then the accepted aliases.
    pub(crate) fn names(self) -> &'static [&'static str] {
        match self {
            SectionId::A => &["Executive Summary", "Summary"],
            SectionId::B => &["Repository Recon Summary", "Repository Recon", "Recon"],
            SectionId::C => &[
                "High-Level Objectives + Non-Goals",
                "Objectives",
                "High-Level Objectives",
                "Objectives and Non-Goals",
            ],
            SectionId::D => &["Concept Model"],
            SectionId::E => &["Architectural Risk Register", "Risk Register"],
            SectionId::F => &["Architectural Evolution"],
            SectionId::G => &["Cross-Cutting Infrastructure Plan", "Cross-Cutting Infrastructure"],
            SectionId::H => &["PR Plan", "PR Series", "Ordered PR Series"],
            SectionId::I => &["Dependency DAG", "DAG", "PR Dependency DAG"],
            SectionId::J => &["Design Bug Prevention Checklist", "Design Bug Prevention"],
        }
    }
}

/// Each section's [`SectionId::names`], normalized once per process (every heading of a
/// plan is compared with them).
static NORMALIZED_NAMES: LazyLock<[Vec<String>; 10]> =
    LazyLock::new(|| SectionId::ALL.map(|id| id.names().iter().map(|name| normalize_label(name)).collect()));

/// A section's names, canonical first, normalized.
pub(crate) fn normalized_names(id: SectionId) -> &'static [String] {
    &NORMALIZED_NAMES[id as usize]
}

/// What a heading's label says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Label {
    None,
    /// `A)`, `(A)`, `A —`.
    Letter(char),
    /// `1.`, `IV.`: a position, no letter.
    Number(u32),
}

/// A heading classified.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Heading {
    Section { id: SectionId, letter: Option<char>, named: bool },
    Revisions,
    Other,
}

/// `words`: whether a heading may be recognised by its words alone (`Goals and non-goals`);
/// only real headings at the level sections are written at may.
pub(crate) fn classify(heading: &str, words: bool) -> Heading {
    let (label, rest) = split_label(heading);
    let normalized = normalize_label(rest);
    if ["revision notes", "revisions", "revision history", "revision log", "changelog", "change log"]
        .iter()
        .any(|name| is_name(&normalized, name))
    {
        return Heading::Revisions;
    }
    let by_name = SectionId::ALL
        .into_iter()
        .find(|id| normalized_names(*id).iter().any(|name| is_name(&normalized, name)))
        .or_else(|| if words { by_words(&normalized) } else { None });
    let letter = match label {
        Label::Letter(letter) => Some(letter),
        // `I. Executive Summary`: a Roman one, not the letter of section I.
        Label::Number(_) | Label::None => None,
    };
    match (by_name, letter.and_then(SectionId::from_letter)) {
        // `I. Dependency DAG` is section I either way; `I.` before another name is a number.
        (Some(id), _) if letter == Some('I') && id != SectionId::I => {
            Heading::Section { id, letter: None, named: true }
        }
        (Some(id), _) => Heading::Section { id, letter, named: true },
        (None, Some(id)) => Heading::Section { id, letter, named: false },
        (None, None) => Heading::Other,
    }
}

/// Splits a heading's label from its name, dropping decoration: leading symbols and
/// emoji (`§`, `📌`), `Section`/`Part`, trailing emoji and badges.
pub(crate) fn split_label(text: &str) -> (Label, &str) {
    let text = text.trim().trim_start_matches(|c: char| !c.is_alphanumeric() && c != '(').trim_start();
    let text =
        ["Section ", "Part ", "Chapter "].iter().find_map(|word| text.strip_prefix(word)).unwrap_or(text);
    let text = text
        .trim_end_matches(|c: char| !c.is_alphanumeric() && !matches!(c, ')' | '`' | '"' | '\''))
        .trim_end();
    // `(A) Name`.
    if let [b'(', letter, b')', ..] = text.as_bytes()
        && letter.is_ascii_uppercase()
    {
        return (Label::Letter(*letter as char), label_rest(&text[3..]));
    }
    // A Roman numeral: `II.`, `IV —`, `V.` (a lone `I` may be section I's letter).
    let roman = text.bytes().take_while(|b| matches!(b, b'I' | b'V' | b'X')).count();
    if (roman >= 2 || matches!(text.as_bytes().first(), Some(b'V' | b'X')))
        && let Some(value) = roman_value(&text[..roman])
        && let Some(rest) = after_separator(&text[roman..])
    {
        return (Label::Number(value), label_rest(rest));
    }
    let mut chars = text.chars();
    if let Some(first) = chars.next()
        && first.is_ascii_uppercase()
        && let Some(rest) = after_separator(&text[1..])
    {
        return (Label::Letter(first), label_rest(rest));
    }
    // Numbering: `1.`, `2)`, `3 -`, `2.1`, `01`.
    let digits = text.bytes().take_while(|b| b.is_ascii_digit() || *b == b'.').count();
    if digits > 0 && text.as_bytes()[0].is_ascii_digit() {
        let number = text[..digits].split('.').next().and_then(|first| first.parse().ok()).unwrap_or(0);
        return (Label::Number(number), label_rest(&text[digits..]));
    }
    (Label::None, text)
}

fn label_rest(rest: &str) -> &str {
    rest.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '-' | '—' | '–' | ':' | '·' | '|' | '.' | ')')
    })
}

/// The rest after a label's separator: `)`, `.`, `:`, ` -`, ` —`, ` –`, ` ·`, ` |`,
/// followed by a space or nothing.
fn after_separator(after: &str) -> Option<&str> {
    for separator in [")", ".", ":", " -", " —", " –", " ·", " |", " )", "·"] {
        if let Some(rest) = after.strip_prefix(separator)
            && (rest.starts_with(' ') || rest.is_empty())
        {
            return Some(rest);
        }
    }
    None
}

fn roman_value(numeral: &str) -> Option<u32> {
    const NUMERALS: [&str; 10] = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"];
    NUMERALS.iter().position(|candidate| *candidate == numeral).map(|index| index as u32 + 1)
}

/// The words plans use for each section when they do not use the seed's names, in the
/// order they are tried; the phrase found earliest in the heading wins.
const WORDS: [(SectionId, &[&str]); 10] = [
    (
        SectionId::I,
        &[
            "dependency dag",
            "dag",
            "dependency graph",
            "dependencies",
            "dependency",
            "ordering",
            "merge order",
            "sequencing",
            "parallelism",
            "workstreams",
        ],
    ),
    (SectionId::G, &["cross cutting", "shared infrastructure", "infrastructure"]),
    (SectionId::J, &["checklist", "bug prevention", "design bug", "failure modes"]),
    (SectionId::E, &["risk register", "risks", "risk"]),
    (SectionId::C, &["objectives", "goals", "non goals"]),
    (SectionId::D, &["concept model", "conceptual model", "concept", "building blocks", "whiteboard"]),
    (
        SectionId::F,
        &[
            "evolution",
            "architecture changes",
            "how the architecture",
            "architectural changes",
            "target architecture",
            "migration path",
        ],
    ),
    (
        SectionId::H,
        &[
            "pr plan",
            "prs",
            "pr series",
            "pull requests",
            "pr breakdown",
            "pr sequence",
            "implementation plan",
            "delivery plan",
        ],
    ),
    (
        SectionId::B,
        &[
            "recon",
            "reconnaissance",
            "where the code is",
            "current state",
            "current architecture",
            "existing code",
            "the code today",
            "code does today",
            "what exists today",
        ],
    ),
    (SectionId::A, &["executive summary", "summary", "tl dr", "tldr", "overview", "elevator pitch"]),
];

/// The section a heading's words name: the phrase that starts earliest (at word bounds).
fn by_words(normalized: &str) -> Option<SectionId> {
    let padded = format!(" {normalized} ");
    WORDS
        .iter()
        .flat_map(|(id, phrases)| phrases.iter().map(move |phrase| (id, phrase)))
        .filter_map(|(id, phrase)| padded.find(&format!(" {phrase} ")).map(|at| (at, *id)))
        .min_by_key(|(at, _)| *at)
        .map(|(_, id)| id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(heading: &str) -> String {
        match classify(heading, true) {
            Heading::Section { id, letter, named } => format!("{:?} letter={letter:?} named={named}", id),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn headings_of_every_style() {
        let cases = [
            "A) Executive Summary",
            "(A) Executive Summary",
            "A · Executive Summary 📌",
            "§ A — Executive Summary",
            "Section A — Executive Summary",
            "I. Executive Summary",
            "I. Dependency DAG",
            "IV. Concept Model",
            "V. Architectural Risk Register",
            "1. Executive Summary",
            "2. Where the code is today",
            "3. Goals and non-goals",
            "5. Risks and how we will retire them",
            "6. How the architecture changes",
            "7. Cross-cutting work",
            "8. The pull requests",
            "Ordering",
            "Checklist",
            "Recon: what the code does today",
            "PR dependency graph",
            "Revision log",
            "Appendix",
            "Remote imports for justfiles",
            "H) The PRs",
        ];
        let found: Vec<String> = cases.iter().map(|case| format!("{case} => {}", section(case))).collect();
        expect_test::expect![[r#"
            A) Executive Summary => A letter=Some('A') named=true
            (A) Executive Summary => A letter=Some('A') named=true
            A · Executive Summary 📌 => A letter=Some('A') named=true
            § A — Executive Summary => A letter=Some('A') named=true
            Section A — Executive Summary => A letter=Some('A') named=true
            I. Executive Summary => A letter=None named=true
            I. Dependency DAG => I letter=Some('I') named=true
            IV. Concept Model => D letter=None named=true
            V. Architectural Risk Register => E letter=None named=true
            1. Executive Summary => A letter=None named=true
            2. Where the code is today => B letter=None named=true
            3. Goals and non-goals => C letter=None named=true
            5. Risks and how we will retire them => E letter=None named=true
            6. How the architecture changes => F letter=None named=true
            7. Cross-cutting work => G letter=None named=true
            8. The pull requests => H letter=None named=true
            Ordering => I letter=None named=true
            Checklist => J letter=None named=true
            Recon: what the code does today => B letter=None named=true
            PR dependency graph => I letter=None named=true
            Revision log => Revisions
            Appendix => Other
            Remote imports for justfiles => Other
            H) The PRs => H letter=Some('H') named=true"#]]
        .assert_eq(&found.join("\n"));
    }
}
