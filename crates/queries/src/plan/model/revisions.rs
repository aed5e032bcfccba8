//! Revision notes: dated list items.

use std::ops::Range;

use crate::plan::markdown::Block;
use crate::plan::model::fields::top_items;

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RevisionNote {
    pub date: Option<String>,
    pub text: String,
    pub range: Range<usize>,
}

pub(crate) fn revision_notes(blocks: &[Block]) -> Vec<RevisionNote> {
    top_items(blocks)
        .into_iter()
        .map(|block| {
            let text = block.text.trim_start_matches('*').trim();
            let date = text.get(..10).filter(|candidate| is_date(candidate)).map(str::to_owned);
            RevisionNote { date, text: block.text.clone(), range: block.range.clone() }
        })
        .collect()
}

fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes.iter().enumerate().all(|(index, byte)| index == 4 || index == 7 || byte.is_ascii_digit())
}
