//! Hysteresis for the recon in a plan: which facts of an item to show, given the ones the
//! plan shows now. A fact the plan shows stays while it ranks within a margin below the
//! cut; a fact ranked just above the cut does not push it out. So a score nudged across a
//! tier boundary by an unrelated file leaves the Markdown alone, and a build of the output
//! is the output (the selection is a fixed point).

use rustc_hash::FxHashSet;

/// How far below the cut of `shown` facts a shown fact may rank and stay: a quarter of
/// the shown, at least one.
fn margin(shown: usize) -> usize {
    shown.div_ceil(4).max(1)
}

/// A rendered fact line without its line numbers (`a.rs:10-20` → `a.rs`), so that code
/// moving does not make a fact look new.
pub(crate) fn identity(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(at) = rest.find(':') {
        let (before, after) = rest.split_at(at);
        out.push_str(before);
        let digits = after[1..].find(|c: char| !(c.is_ascii_digit() || c == '-')).unwrap_or(after.len() - 1);
        let number = &after[1..1 + digits];
        if !number.is_empty()
            && number.starts_with(|c: char| c.is_ascii_digit())
            && after[1 + digits..].starts_with('`')
        {
            rest = &after[1 + digits..];
        } else {
            out.push(':');
            rest = &after[1..];
        }
    }
    out.push_str(rest);
    out
}

/// The identities of the fact lines in `previous` (the plan's current recon block).
pub(crate) fn previous_facts(previous: &str) -> FxHashSet<String> {
    previous.lines().filter_map(|line| line.trim_end_matches('\r').strip_prefix("- ")).map(identity).collect()
}

/// Which of `ranked` facts (best first, each with its identity) to show, `count` of them:
/// the best `count`, except that facts shown before and ranked within the margin below
/// the cut keep their place against facts not shown before. Positions into `ranked`, in
/// rank order.
pub(crate) fn select(ranked: &[String], count: usize, previous: &FxHashSet<String>) -> Vec<usize> {
    if previous.is_empty() {
        return (0..count.min(ranked.len())).collect();
    }
    let reach = (count + margin(count)).min(ranked.len());
    let mut kept: Vec<usize> = (0..reach).filter(|&at| previous.contains(&ranked[at])).take(count).collect();
    let fresh = (0..ranked.len()).filter(|at| !previous.contains(&ranked[*at])).take(count - kept.len());
    kept.extend(fresh);
    kept.sort_unstable();
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(names: &[&str]) -> Vec<String> {
        names.iter().map(|name| (*name).to_owned()).collect()
    }

    #[test]
    fn identity_drops_line_numbers_only_in_citations() {
        assert_eq!(identity("struct `Store` `src/a.rs:10-20`"), "struct `Store` `src/a.rs`");
        assert_eq!(identity("`go.mod:1` and `a.go:7`"), "`go.mod` and `a.go`");
        assert_eq!(identity("ratio 1:2 in `a::b`"), "ratio 1:2 in `a::b`");
    }

    #[test]
    fn a_shown_fact_just_below_the_cut_stays_and_the_selection_is_a_fixed_point() {
        let previous: FxHashSet<String> = ids(&["a", "b", "c", "d"]).into_iter().collect();
        // "e" now ranks above "d", which fell just below the cut of four.
        let ranked = ids(&["a", "b", "e", "c", "d", "f"]);
        let shown = select(&ranked, 4, &previous);
        assert_eq!(shown, [0, 1, 3, 4]);
        let again: FxHashSet<String> = shown.iter().map(|&at| ranked[at].clone()).collect();
        assert_eq!(select(&ranked, 4, &again), shown);
        // Without a previous block, the best four.
        assert_eq!(select(&ranked, 4, &FxHashSet::default()), [0, 1, 2, 3]);
        // A shown fact that fell far below the cut gives way.
        let ranked = ids(&["e", "f", "g", "h", "i", "a", "b", "c", "d"]);
        assert_eq!(select(&ranked, 4, &previous), [0, 1, 2, 3]);
        // One just below the cut stays; the others gave way.
        let ranked = ids(&["e", "f", "g", "h", "a", "b", "c", "d"]);
        assert_eq!(select(&ranked, 4, &previous), [0, 1, 2, 4]);
    }
}
