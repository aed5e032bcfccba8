//! Item 3: invariants and assumptions (assertions, panics, `SAFETY:`/`INVARIANT:` comments).

use crate::recon::model::{CITE, ReconFact, SourceInfo};
use crate::recon::render::code_span;
use crate::recon::view::{Anchor, FactList};

pub(crate) fn item(sources: &[SourceInfo<'_>], scores: &[f64]) -> Vec<ReconFact> {
    let mut candidates: Vec<(bool, f64, ReconFact)> = Vec::new();
    for (index, source) in sources.iter().enumerate().filter(|(_, source)| !source.peripheral) {
        for invariant in &source.view.invariants {
            let text = format!("{} {CITE}", code_span(&invariant.text.replace(CITE, "")));
            candidates.push((
                invariant.is_comment,
                scores[index],
                ReconFact::new(text, vec![source.cite(Anchor::Fact(FactList::Invariant, invariant.index))]),
            ));
        }
    }
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.total_cmp(&a.1)).then(a.2.cites.cmp(&b.2.cites)));
    candidates.into_iter().map(|(_, _, fact)| fact).collect()
}
