//! Hysteresis for the recon in a plan: which facts of an item to show, given the ones the
//! plan shows now. A fact the plan shows stays while it ranks within a margin below the
//! cut; a fact ranked just above the cut does not push it out. So a score nudged across a
//! tier boundary by an unrelated file leaves the Markdown alone, and a build of the output
//! is the output (the selection is a fixed point). The facts shown before keep their order
//! too: a fact nudged past its neighbour within the shown ones does not swap two lines.

use rustc_hash::FxHashMap;

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

/// The identities of the fact lines in `previous` (the plan's current recon block), each
/// with its position there (the first, for equal identities).
pub(crate) fn previous_facts(previous: &str) -> FxHashMap<String, usize> {
    let mut facts = FxHashMap::default();
    let lines = previous.lines().filter_map(|line| line.trim_end_matches('\r').strip_prefix("- "));
    for (position, line) in lines.enumerate() {
        facts.entry(identity(line)).or_insert(position);
    }
    facts
}

/// A fact as the selection sees it: the identities of its variants (the preferred first)
/// and its tier in the item's ranking, if the item ranks by tiers. The identities are
/// made when the selection first looks at them: an item ranks up to a thousand facts, of
/// which it shows a few and looks at little more.
pub(crate) struct Candidate<'a> {
    identities: std::cell::OnceCell<Vec<String>>,
    make: Option<Box<dyn Fn() -> Vec<String> + 'a>>,
    pub(crate) tier: Option<i32>,
}

impl<'a> Candidate<'a> {
    /// A fact whose identities `make` makes, when they are first needed.
    pub(crate) fn lazy(tier: Option<i32>, make: impl Fn() -> Vec<String> + 'a) -> Candidate<'a> {
        Candidate { identities: std::cell::OnceCell::new(), make: Some(Box::new(make)), tier }
    }

    /// A fact with the identities given.
    pub(crate) fn known(identities: Vec<String>, tier: Option<i32>) -> Candidate<'a> {
        Candidate { identities: std::cell::OnceCell::from(identities), make: None, tier }
    }

    fn identities(&self) -> &[String] {
        self.identities.get_or_init(|| self.make.as_ref().map_or_else(Vec::new, |make| make()))
    }
}

/// Which of `ranked` facts (best first) to show, `count` of them, in the order to show
/// them, each with the variant to show: the best `count`, except that facts shown before
/// keep their place against facts not shown before while they rank within the margin below
/// the cut or within one tier of the fact at the cut, and keep the variant shown before.
/// Without a previous block, the preferred variants in rank order; with one, the facts
/// shown before in their previous order, each new fact before the first of them that ranks
/// below it.
pub(crate) fn select(
    ranked: &[Candidate<'_>],
    count: usize,
    previous: &FxHashMap<String, usize>,
) -> Vec<(usize, usize)> {
    let count = count.min(ranked.len());
    if previous.is_empty() {
        return (0..count).map(|at| (at, 0)).collect();
    }
    // Where a fact was shown before (its earliest variant there), and as which variant.
    let before = |at: usize| {
        ranked[at]
            .identities()
            .iter()
            .enumerate()
            .filter_map(|(variant, identity)| previous.get(identity).map(|&position| (position, variant)))
            .min()
    };
    let reach = count + margin(count);
    let cut = count.checked_sub(1).and_then(|last| ranked[last].tier);
    let near = |at: usize| {
        at < reach
            || matches!((ranked[at].tier, cut), (Some(tier), Some(cut)) if tier >= cut.saturating_sub(1))
    };
    let mut shown: Vec<(usize, usize, usize)> = (0..ranked.len())
        .filter(|&at| near(at))
        .filter_map(|at| before(at).map(|(position, variant)| (position, at, variant)))
        .take(count)
        .collect();
    shown.sort_unstable();
    let mut shown: Vec<(usize, usize)> = shown.into_iter().map(|(_, at, variant)| (at, variant)).collect();
    let fresh: Vec<usize> =
        (0..ranked.len()).filter(|&at| before(at).is_none()).take(count - shown.len()).collect();
    for at in fresh {
        let below = shown.iter().position(|&(other, _)| other > at).unwrap_or(shown.len());
        shown.insert(below, (at, 0));
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(names: &[&str]) -> Vec<Candidate<'static>> {
        names
            .iter()
            .map(|name| Candidate::known(name.split('|').map(str::to_owned).collect(), None))
            .collect()
    }

    fn positions(selected: &[(usize, usize)]) -> Vec<usize> {
        selected.iter().map(|(at, _)| *at).collect()
    }

    fn texts<'a>(ranked: &'a [Candidate<'_>], selected: &[(usize, usize)]) -> Vec<&'a str> {
        selected.iter().map(|&(at, variant)| ranked[at].identities()[variant].as_str()).collect()
    }

    fn shown(names: &[&str]) -> FxHashMap<String, usize> {
        names.iter().enumerate().map(|(position, name)| ((*name).to_owned(), position)).collect()
    }

    #[test]
    fn identity_drops_line_numbers_only_in_citations() {
        assert_eq!(identity("struct `Store` `src/a.rs:10-20`"), "struct `Store` `src/a.rs`");
        assert_eq!(identity("`go.mod:1` and `a.go:7`"), "`go.mod` and `a.go`");
        assert_eq!(identity("ratio 1:2 in `a::b`"), "ratio 1:2 in `a::b`");
    }

    #[test]
    fn a_shown_fact_just_below_the_cut_stays_and_the_selection_is_a_fixed_point() {
        let previous = shown(&["a", "b", "c", "d"]);
        // "e" now ranks above "d", which fell just below the cut of four.
        let ranked = ids(&["a", "b", "e", "c", "d", "f"]);
        let selected = select(&ranked, 4, &previous);
        assert_eq!(positions(&selected), [0, 1, 3, 4]);
        assert_eq!(select(&ranked, 4, &shown(&texts(&ranked, &selected))), selected);
        // Without a previous block, the best four.
        assert_eq!(positions(&select(&ranked, 4, &FxHashMap::default())), [0, 1, 2, 3]);
        // A shown fact that fell far below the cut gives way.
        let ranked = ids(&["e", "f", "g", "h", "i", "a", "b", "c", "d"]);
        assert_eq!(positions(&select(&ranked, 4, &previous)), [0, 1, 2, 3]);
        // One just below the cut stays; the others gave way.
        let ranked = ids(&["e", "f", "g", "h", "a", "b", "c", "d"]);
        assert_eq!(positions(&select(&ranked, 4, &previous)), [0, 1, 2, 4]);
    }

    #[test]
    fn facts_shown_before_keep_their_order_and_new_ones_go_before_the_first_that_ranks_below() {
        let previous = shown(&["a", "b", "c", "d"]);
        // "b" now ranks above "a": the two lines do not swap.
        let ranked = ids(&["b", "a", "c", "d"]);
        assert_eq!(positions(&select(&ranked, 4, &previous)), [1, 0, 2, 3]);
        // "d" fell far below the cut; "e" takes its place, before "c", the first shown fact
        // that ranks below it.
        let ranked = ids(&["b", "a", "e", "c", "f", "g", "d"]);
        let selected = select(&ranked, 4, &previous);
        assert_eq!(texts(&ranked, &selected), ["a", "b", "e", "c"]);
        assert_eq!(select(&ranked, 4, &shown(&texts(&ranked, &selected))), selected, "a fixed point");
    }

    #[test]
    fn a_fact_keeps_the_variant_shown_before_while_it_is_one() {
        let previous = shown(&["a", "b2"]);
        // "b" now prefers its first variant; the block keeps the second.
        let ranked = ids(&["a", "b1|b2", "c"]);
        let selected = select(&ranked, 2, &previous);
        assert_eq!(texts(&ranked, &selected), ["a", "b2"]);
        assert_eq!(select(&ranked, 2, &shown(&texts(&ranked, &selected))), selected, "a fixed point");
        // Without a previous block, or once "b2" is no longer a variant, the preferred one.
        assert_eq!(texts(&ranked, &select(&ranked, 2, &FxHashMap::default())), ["a", "b1"]);
        let ranked = ids(&["a", "b1|b3", "c"]);
        assert_eq!(texts(&ranked, &select(&ranked, 2, &previous)), ["a", "b1"]);
    }

    #[test]
    fn a_shown_fact_stays_while_within_one_tier_of_the_cut() {
        let previous = shown(&["a", "b"]);
        let tiered = |names: &[(&str, i32)]| -> Vec<Candidate<'static>> {
            names.iter().map(|(name, tier)| Candidate::known(vec![(*name).to_owned()], Some(*tier))).collect()
        };
        // "b" fell one tier, behind four facts of that tier: it stays.
        let ranked = tiered(&[("a", 5), ("c", 4), ("d", 3), ("e", 3), ("f", 3), ("g", 3), ("b", 3)]);
        assert_eq!(texts(&ranked, &select(&ranked, 2, &previous)), ["a", "b"]);
        // Two tiers below the cut, it gives way.
        let ranked = tiered(&[("a", 5), ("c", 4), ("d", 3), ("e", 3), ("f", 3), ("g", 2), ("b", 2)]);
        assert_eq!(texts(&ranked, &select(&ranked, 2, &previous)), ["a", "c"]);
    }
}
