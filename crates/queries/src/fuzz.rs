//! Fuzzing on stable `cargo test`: seeded mutations of real plans, micro-plans, locks and sources
//! (tokens of Markdown, citations, markers, characters whose lowercase has another length,
//! lone CRs, huge numbers) run through the plan reader and every rule, the text renderer,
//! `plan build` and `settle`, and the lock parser (each language's extractor: in
//! `code/symbols/tests/fuzz.rs`, on this module's mutations). Nothing may panic.
//!
//! A short run is part of `cargo test`; `PLAN_FUZZ_ITERATIONS` and `PLAN_FUZZ_SEED` make a
//! longer one (`scripts/fuzz.sh` loops over seeds for a time budget and reports any seed
//! that panics or runs over its time limit; replay it with `PLAN_FUZZ_SEED`).

use crate::build::{BuildOptions, build, settle};
use crate::lints::tests::{VALID_PLAN, fixture};
use crate::lints::{RuleLevels, check_plan};

/// Tokens the mutations insert: the syntax the readers branch on, and the inputs of past
/// panics and hangs.
const TOKENS: &[&str] = &[
    "\n",
    "\r",
    "\r\n",
    " ",
    "\t",
    "#",
    "## ",
    "### ",
    "- ",
    "* ",
    "1. ",
    "> ",
    "|",
    "| --- |",
    "```",
    "~~~",
    "**",
    "_",
    "`",
    "[",
    "](",
    ")",
    "<",
    ">",
    "<!--",
    "-->",
    "<!-- plan:begin dag -->",
    "<!-- plan:end dag -->",
    "<!-- plan:begin recon -->",
    "<!-- plan:end recon -->",
    "İ",
    "ẞ",
    "Ⱥ",
    "ü",
    "—",
    "→",
    "😀",
    "\u{feff}",
    "PR",
    "PR1",
    "PR999999",
    "PR18446744073709551616",
    "BC-1: ",
    "Depends on: ",
    "none: ",
    "Owns: ",
    "Paths: ",
    "`src/a.rs:1`",
    "src/a.rs:2-4294967295",
    "src/a.rs#L3-L1",
    "`src/../a.rs:1`",
    "`a\\b.rs:1`",
    "src/a.rs:99999999999999999999999",
    " UNVERIFIED",
    "## H) PR Plan\n",
    "## I) Dependency DAG\n",
    "## D) Concept Model\n",
    "## E) Architectural Risk Register\n",
    "PR1 -> PR2",
    "A -> B: x",
    "2024-13-45: ",
];

/// The xorshift generator of the other seeded tests, so that a seed replays.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub(crate) fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound.max(1) as u64) as usize
    }
}

/// The nearest character boundary at or before `at`.
fn boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// `text` with one to eight mutations: a token inserted, a range deleted or duplicated, a
/// range of another seed spliced in, or random characters.
pub(crate) fn mutate(rng: &mut Rng, text: &str, others: &[&str]) -> String {
    let mut out = text.to_owned();
    for _ in 0..1 + rng.below(8) {
        let at = boundary(&out, rng.below(out.len() + 1));
        let end = boundary(&out, at + rng.below(200));
        match rng.below(6) {
            0 | 1 => out.insert_str(at, TOKENS[rng.below(TOKENS.len())]),
            2 => out.replace_range(at..end, ""),
            3 => {
                let copy = out[at..end].repeat(1 + rng.below(3));
                out.insert_str(end, &copy);
            }
            4 => {
                let other = others[rng.below(others.len())];
                let from = boundary(other, rng.below(other.len() + 1));
                let to = boundary(other, from + rng.below(400));
                out.insert_str(at, &other[from..to]);
            }
            _ => {
                let random: String = (0..1 + rng.below(16))
                    .filter_map(|_| char::from_u32(rng.below(0x1_0000) as u32))
                    .collect();
                out.insert_str(at, &random);
            }
        }
    }
    out
}

pub(crate) fn iterations(default: u64) -> u64 {
    std::env::var("PLAN_FUZZ_ITERATIONS").ok().and_then(|text| text.parse().ok()).unwrap_or(default)
}

/// Runs one case, naming its seed if it panics (replay it with `PLAN_FUZZ_SEED`), or if it
/// runs over `PLAN_FUZZ_LIMIT_MS` of this thread's CPU time when that is set (by
/// `scripts/fuzz.sh`, which runs at low priority: wall time there measures the other
/// processes; never in `cargo test`, which has no timed tests).
pub(crate) fn case(target: &str, seed: u64, run: impl FnOnce()) {
    let limit = std::env::var("PLAN_FUZZ_LIMIT_MS").ok().and_then(|text| text.parse::<u64>().ok());
    let started = limit.map(|_| (thread_cpu_ms(), std::time::Instant::now()));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(run));
    if let (Some(limit), Some((cpu, wall))) = (limit, started) {
        let spent = match (cpu, thread_cpu_ms()) {
            (Some(before), Some(after)) => after.saturating_sub(before),
            _ => wall.elapsed().as_millis() as u64,
        };
        if spent > limit {
            panic!("{target}: seed {seed} ran {spent} ms of CPU, over the limit of {limit} ms");
        }
    }
    if let Err(panic) = result {
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|text| (*text).to_owned()))
            .unwrap_or_default();
        panic!("{target}: seed {seed} panicked: {message}");
    }
}

/// This thread's CPU time (user and system) in milliseconds, from `/proc` (Linux only).
fn thread_cpu_ms() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // Fields after the command name (which may hold spaces): state is 3, utime 14, stime 15.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(ticks * 10) // USER_HZ is 100 on Linux
}

pub(crate) fn first_seed() -> u64 {
    std::env::var("PLAN_FUZZ_SEED").ok().and_then(|text| text.parse().ok()).unwrap_or(0)
}

/// Plans: the valid plan and the style fixtures, mutated; checked, rendered and built.
#[test]
fn mutated_plans_never_panic() {
    let seeds: &[&str] = &[
        VALID_PLAN,
        include_str!("../fixtures/plans/style-bold.md"),
        include_str!("../fixtures/plans/style-headings.md"),
        "## G) Cross-Cutting Infrastructure Plan\n\n- İİİİ none: x\n",
        "## D) Concept Model\n\n**Building Blocks**\n\n- **Store** İİİİİİİİ owns: a, b\n",
        "## A) Summary\n## A) Summary\n### PR1 — ü\n### PR1 — ü\n",
        "## B) Recon\n\n<!--> <!-- plan:begin dag -->\n<!-- plan:end dag -->\n",
    ];
    let start = first_seed();
    for seed in start..start + iterations(40) {
        let mut rng = Rng::new(seed);
        let base = seeds[rng.below(seeds.len())];
        let text = mutate(&mut rng, base, seeds);
        case("plans", seed, || {
            let (mut db, plan, lock) = fixture(&text);
            let placed = check_plan(&db, plan, lock, &RuleLevels::default());
            let _ = crate::render::render_text("PLAN.md", &text, &placed, false);
            let first = build(&db, plan, lock, BuildOptions::default());
            let _ = settle(&mut db, "PLAN.md", first, BuildOptions::default());
        });
    }
}

/// Locks: a built lock of the valid plan, mutated, parsed and used by a build.
#[test]
fn mutated_locks_never_panic() {
    let (db, plan, lock) = fixture(VALID_PLAN);
    let built = build(&db, plan, lock, BuildOptions::default()).lock;
    let seeds = [built.as_str(), crate::citations::lock::HEADER];
    let start = first_seed();
    for seed in start..start + iterations(40) {
        let mut rng = Rng::new(seed);
        let base = seeds[rng.below(seeds.len())];
        let text = mutate(&mut rng, base, &seeds);
        case("locks", seed, || {
            let _ = crate::citations::lock::parse(&text);
            let (mut db, plan, _) = fixture(VALID_PLAN);
            let lock = db.set_lock(&text);
            let _ = check_plan(&db, plan, lock, &RuleLevels::default());
            let _ = build(&db, plan, lock, BuildOptions::default());
        });
    }
}

/// Micro-plans: the two profile fixtures (with citations into the valid plan's files, a
/// validation block, input classes and existing-code claims), mutated; checked against the
/// valid plan, built and settled, counted by `plan status`.
#[test]
fn mutated_micro_plans_never_panic() {
    let cited = "\n## Existing code\n\n- Reads `crates/cli/src/args.rs:7`.\n- Input classes: plans, locks.\n\n<!-- plan:begin validation -->\nRecorded by `plan validate` at 2026-12-05T05:44:43Z:\n\n- pass: `true`: exit 0\n<!-- plan:end validation -->\n";
    let implementation = format!("{}{cited}", crate::plan::micro::tests::IMPLEMENTATION);
    let task = format!("{}{cited}", crate::plan::micro::tests::TASK);
    let seeds: &[&str] =
        &[&implementation, &task, "---\nprofile: task\npr: 1\n---\n", "<!-- plan: implementation PR"];
    let start = first_seed();
    for seed in start..start + iterations(40) {
        let mut rng = Rng::new(seed);
        let base = seeds[rng.below(seeds.len())];
        let text = mutate(&mut rng, base, seeds);
        case("micro-plans", seed, || {
            let (mut db, plan, _) = fixture(VALID_PLAN);
            let (micro, lock) =
                (db.set_micro_plan("plans/pr1.md", &text), db.set_micro_lock("plans/pr1.md", ""));
            let placed = crate::lints::check_micro_plan(&db, micro, plan, lock, &RuleLevels::default());
            let _ = crate::render::render_text("plans/pr1.md", &text, &placed, false);
            let _ = crate::status::render_status(&crate::status::status_rows(&db, plan, &[(micro, lock)]));
            let _ = crate::status::validation_target(&db, micro);
            let first = crate::build::build_micro(&db, micro, lock, BuildOptions::default());
            let _ = crate::build::settle_micro(&mut db, "plans/pr1.md", first, BuildOptions::default());
        });
    }
}
