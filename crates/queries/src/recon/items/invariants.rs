//! Item 3: invariants and assumptions (assertions, panics, `SAFETY:`/`INVARIANT:` comments).

use crate::recon::model::{CITE, ReconFact, SourceInfo, stable_sort};
use crate::recon::render::code_span;
use crate::recon::view::{Anchor, FactList};
use engine::Interrupt;

pub(crate) fn item(sources: &[SourceInfo<'_>], scores: &[f64], interrupt: &Interrupt) -> Vec<ReconFact> {
    let mut candidates: Vec<(f64, (bool, ReconFact))> = Vec::new();
    for (index, source) in sources.iter().enumerate().filter(|(_, source)| !source.peripheral) {
        interrupt.check();
        for invariant in &source.view.invariants {
            let text = format!("{} {CITE}", code_span(&invariant.text.replace(CITE, "")));
            let fact =
                ReconFact::new(text, vec![source.cite(Anchor::Fact(FactList::Invariant, invariant.index))]);
            candidates.push((scores[index], (invariant.is_comment, fact)));
        }
    }
    // Comments first (they state an invariant in words), then by tiers of the file's rank.
    let tiers = stable_sort(&mut candidates, |(is_comment, fact)| (!is_comment, fact.cites.clone()));
    candidates.into_iter().zip(tiers).map(|((_, (_, fact)), tier)| fact.with_tier(tier)).collect()
}
