//! Generated-block markers dropped at random into the valid plan (seeded): `plan build`
//! never panics, keeps every section heading, and changes no byte outside the blocks it
//! regenerates (those within one section, holding no other marker).

use crate::build::{BuildOptions, build};
use crate::lints::tests::{VALID_PLAN, fixture};
use crate::plan::markdown::blocks;
use crate::plan::outline::outline;

/// A small deterministic generator (xorshift), so that a failing seed can be replayed.
fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

/// The valid plan with two to five markers at random line starts, some inline at the end of
/// a line.
fn with_markers(seed: u64) -> String {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut lines: Vec<String> = VALID_PLAN.split_inclusive('\n').map(str::to_owned).collect();
    for _ in 0..2 + next(&mut state) % 4 {
        let kind = if next(&mut state).is_multiple_of(2) { "begin" } else { "end" };
        let name = ["dag", "recon", "notes"][(next(&mut state) % 3) as usize];
        let marker = format!("<!-- plan:{kind} {name} -->");
        let at = (next(&mut state) % lines.len() as u64) as usize;
        if next(&mut state).is_multiple_of(4) {
            let line = lines[at].trim_end_matches('\n').to_owned();
            lines[at] = format!("{line} {marker}\n");
        } else {
            lines.insert(at, format!("{marker}\n"));
        }
    }
    lines.concat()
}

/// The text with the content of its regenerated blocks taken out.
fn outside_generated(text: &str) -> String {
    let mut out = String::new();
    let mut cursor = 0;
    for block in outline(text, &blocks(text)).generated {
        out.push_str(&text[cursor..block.begin.end]);
        cursor = block.end.start;
    }
    out.push_str(&text[cursor..]);
    out
}

#[test]
fn random_markers_never_cost_a_heading_or_a_byte_outside_their_block() {
    for seed in 0..300 {
        let text = with_markers(seed);
        let (db, plan, lock) = fixture(&text);
        let built = build(&db, plan, lock, BuildOptions::default());
        for heading in text.lines().filter(|line| line.starts_with("## ")) {
            assert!(built.plan.contains(heading), "seed {seed}: {heading:?} is gone");
        }
        assert_eq!(outside_generated(&built.plan), outside_generated(&text), "seed {seed}");
    }
}
