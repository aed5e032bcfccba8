//! Item 4: entry points and the command-line flag surface.

use crate::code::facts::Flag;
use crate::recon::model::{CITE, ReconFact, SourceInfo};
use crate::recon::render::code_span;
use crate::recon::view::{Anchor, Cite, FactList};

fn flag_name(flag: &Flag) -> String {
    match (&flag.long, &flag.short) {
        (Some(long), Some(short)) => format!("--{long}/-{short}"),
        (Some(long), None) => format!("--{long}"),
        (None, Some(short)) => format!("-{short}"),
        (None, None) => String::new(),
    }
}

pub(crate) fn item(sources: &[SourceInfo<'_>]) -> (Vec<ReconFact>, Vec<(Cite, Flag)>) {
    let mut facts = Vec::new();
    let mut all_flags = Vec::new();
    for source in sources.iter().filter(|source| !source.peripheral) {
        for (index, entry) in source.view.entrypoints.iter().enumerate() {
            facts.push(ReconFact::new(
                format!("entry point {} {CITE}", code_span(entry)),
                vec![source.cite(Anchor::Fact(FactList::Entrypoint, index as u32))],
            ));
        }
    }
    let mut groups: Vec<(usize, ReconFact)> = Vec::new();
    for source in sources {
        let flags = &source.view.flags;
        let cite = |index: usize| source.cite(Anchor::Fact(FactList::Flag, index as u32));
        all_flags.extend(flags.iter().enumerate().map(|(index, flag)| (cite(index), flag.clone())));
        if flags.is_empty() || source.peripheral {
            continue;
        }
        const SHOWN: usize = 8;
        let names: Vec<String> =
            flags.iter().take(SHOWN).map(|flag| format!("`{}` {CITE}", flag_name(flag))).collect();
        let more =
            if flags.len() > SHOWN { format!(", and {} more", flags.len() - SHOWN) } else { String::new() };
        let text = format!(
            "{} flag{} in `{}`: {}{more}",
            flags.len(),
            if flags.len() == 1 { "" } else { "s" },
            source.path,
            names.join(", ")
        );
        let cites = (0..flags.len().min(SHOWN)).map(cite).collect();
        groups.push((flags.len(), ReconFact::new(text, cites)));
    }
    groups.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cites.cmp(&b.1.cites)));
    facts.extend(groups.into_iter().map(|(_, fact)| fact));
    (facts, all_flags)
}
