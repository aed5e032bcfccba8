//! PR headings as agents write them: `### PR3 — Title`, `### PR-3: Title`, `### PR #3 · Title`,
//! `### ✅ PR3 — Title (Status: merged)`, `### Step 1 · PR3 — Title`, `**PR3 — Title**`,
//! `- **PR3: Title**` with its fields nested below.

use crate::plan::markdown::{Block, BlockKind};
use crate::plan::refs::pr_mentions;

/// A heading that opens a PR.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PrHeading {
    pub(crate) number: u32,
    pub(crate) title: String,
    /// A status the heading states: `(Status: merged)`, `[in progress]`, `— merged`.
    pub(crate) status: Option<String>,
    /// The heading level; 7 for a bold line, 8 for a list item.
    pub(crate) level: u8,
}

/// Words that may come before the PR id in a heading: `Step 1 ·`, `Phase 2 —`.
const PREFIX_WORDS: &[&str] =
    &["step", "phase", "wave", "stage", "milestone", "part", "pr", "pull", "request"];

/// The statuses a heading may state, in their canonical words.
const STATUSES: &[(&str, &str)] = &[
    ("in progress", "in progress"),
    ("in review", "in progress"),
    ("wip", "in progress"),
    ("doing", "in progress"),
    ("ongoing", "in progress"),
    ("merged", "merged"),
    ("landed", "merged"),
    ("done", "merged"),
    ("complete", "merged"),
    ("completed", "merged"),
    ("shipped", "merged"),
    ("planned", "planned"),
    ("proposed", "planned"),
    ("draft", "planned"),
    ("todo", "planned"),
    ("not started", "planned"),
    ("blocked", "blocked"),
];

/// The PR a block opens, if it is a heading (or bold line, or list item) naming one PR
/// first, after at most a short prefix.
pub(crate) fn pr_heading(block: &Block) -> Option<PrHeading> {
    let (level, text) = match block.kind {
        BlockKind::Heading { level } => (level, block.text.as_str()),
        BlockKind::Paragraph if block.label.as_deref().is_some_and(|label| block.text.starts_with(label)) => {
            (7, block.label.as_deref()?)
        }
        BlockKind::Item { .. } => (8, block.label.as_deref().unwrap_or(&block.text)),
        _ => return None,
    };
    let text = text.trim();
    let mention = pr_mentions(text).into_iter().next()?;
    if mention.first != mention.last || !is_short_prefix(&text[..mention.range.start]) {
        return None;
    }
    let rest = &text[mention.range.end..];
    // `PR3 and PR4`, `PR3/PR4`: a heading about several PRs opens none.
    if pr_mentions(rest).first().is_some_and(|next| rest[..next.range.start].trim().len() <= 5) {
        return None;
    }
    let (title, status) = title_and_status(rest);
    let status = status.or_else(|| status_word(&text[..mention.range.start]));
    Some(PrHeading { number: mention.first, title, status, level })
}

/// Nothing but symbols, numbering and a couple of words such as `Step 1`.
fn is_short_prefix(prefix: &str) -> bool {
    let words: Vec<String> = prefix
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.len() <= 3
        && words
            .iter()
            .all(|word| word.bytes().all(|b| b.is_ascii_digit()) || PREFIX_WORDS.contains(&word.as_str()))
}

/// The title after the PR id, without separators, badges or a stated status; and the status.
fn title_and_status(rest: &str) -> (String, Option<String>) {
    let mut title = rest.to_owned();
    let mut status = None;
    // A trailing `(Status: merged)`, `(merged)` or `[in progress]`.
    loop {
        let trimmed = title.trim_end();
        let Some(close) = trimmed.chars().last().filter(|c| matches!(c, ')' | ']')) else { break };
        let open = if close == ')' { '(' } else { '[' };
        let Some(start) = trimmed.rfind(open) else { break };
        let inside = &trimmed[start + 1..trimmed.len() - 1];
        let Some(found) = status_word(inside) else { break };
        status = Some(found);
        title = trimmed[..start].to_owned();
    }
    // A trailing `— merged`, `· status: planned`.
    if let Some((before, after)) = title.rsplit_once(['—', '·', '|'])
        && let Some(found) = status_word(after).filter(|_| after.split_whitespace().count() <= 3)
    {
        status = Some(found);
        title = before.to_owned();
    }
    let title = title
        .trim_start_matches(|c: char| c.is_whitespace() || is_separator(c))
        .trim_end_matches(|c: char| c.is_whitespace() || is_separator(c) || is_badge(c))
        .trim_start_matches(is_badge)
        .trim()
        .to_owned();
    (title, status)
}

fn is_separator(c: char) -> bool {
    matches!(c, ':' | '—' | '–' | '-' | '.' | ')' | ']' | '·' | '|' | '•' | '/')
}

/// Emoji and pictographs used as status badges (✅, 🚧, ⏳).
fn is_badge(c: char) -> bool {
    !c.is_alphanumeric() && !c.is_ascii() && !matches!(c, '—' | '–' | '·' | '•' | '’' | '“' | '”')
}

/// The canonical status a short text states: `Status: merged`, `merged`, `✅ done`.
pub(crate) fn status_word(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    let lower = lower.trim().trim_start_matches("status").trim_start_matches([':', ' ', '=']).trim();
    let words: String = lower.chars().filter(|c| c.is_alphanumeric() || *c == ' ').collect();
    let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
    STATUSES.iter().find(|(word, _)| words == *word).map(|(_, canonical)| (*canonical).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::markdown::blocks;

    fn heading(text: &str) -> String {
        match blocks(text).first().and_then(pr_heading) {
            Some(found) => {
                format!("PR{} {:?} {:?} level {}", found.number, found.title, found.status, found.level)
            }
            None => "none".to_owned(),
        }
    }

    #[test]
    fn pr_headings_of_every_style() {
        let cases = [
            "### PR3 — Title",
            "### PR-3: Title",
            "### PR 3. Title",
            "### PR #3 · Title",
            "### ✅ PR3 — Title (Status: merged)",
            "### Step 1 · PR3 — Title",
            "### PR3 — Title [in progress]",
            "### PR3 · Title · planned",
            "**PR3 — Title**",
            "## [PR3] Title",
            "### PR3",
            "### Why PR3 waits for PR2",
            "### PR3 and PR4: shared cleanups",
            "### PR3–PR5: the cleanups",
        ];
        let found: Vec<String> = cases.iter().map(|case| format!("{case} => {}", heading(case))).collect();
        expect_test::expect![[r####"
            ### PR3 — Title => PR3 "Title" None level 3
            ### PR-3: Title => PR3 "Title" None level 3
            ### PR 3. Title => PR3 "Title" None level 3
            ### PR #3 · Title => PR3 "Title" None level 3
            ### ✅ PR3 — Title (Status: merged) => PR3 "Title" Some("merged") level 3
            ### Step 1 · PR3 — Title => PR3 "Title" None level 3
            ### PR3 — Title [in progress] => PR3 "Title" Some("in progress") level 3
            ### PR3 · Title · planned => PR3 "Title" Some("planned") level 3
            **PR3 — Title** => PR3 "Title" None level 7
            ## [PR3] Title => PR3 "Title" None level 2
            ### PR3 => PR3 "" None level 3
            ### Why PR3 waits for PR2 => none
            ### PR3 and PR4: shared cleanups => none
            ### PR3–PR5: the cleanups => none"####]]
        .assert_eq(&found.join("\n"));
    }
}
