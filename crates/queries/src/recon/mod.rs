//! The repository recon: the seven Phase-0 items of the seed, each fact cited, ranked so
//! that the most important come first, rendered within a line budget.
//!
//! 1. packages and modules with their responsibility (manifests, module documentation);
//! 2. core data structures and interfaces, ranked by how much the rest of the code refers
//!    to them (PageRank over the file reference graph, as aider's repo map does);
//! 3. invariants (assertions, panics, `SAFETY:`/`INVARIANT:` comments);
//! 4. entry points and the command-line flag surface;
//! 5. configuration (environment variables, configuration files, configuration types);
//! 6. extension points (traits and interfaces with their implementations);
//! 7. coupling (package import cycles, the most depended-on packages and files);
//! 8. architectural constraints proposed from the code (seed B.3): the package layers as
//!    observed and the packages nothing imports, for the author to keep or delete.
//!
//! What cannot be cited is listed as inferred; what could not be analysed as open
//! uncertainties. Deterministic: no timestamps, stable order.

mod cargo_toml;
mod docs;
mod files;
mod hysteresis;
mod items;
mod model;
pub(crate) mod packages;
mod rank;
mod render;
mod resolve;
mod roles;
mod support;
pub(crate) mod view;

use std::collections::BTreeMap;

use engine::{Db, Interrupt, RelPath, SourceFile};
use rustc_hash::FxHashMap;

use crate::code::facts::Flag;
use crate::recon::files::chunk_count;
pub(crate) use crate::recon::files::prepare;
use crate::recon::files::{FileRole, ReconChunk, recon_chunk, recon_expected, recon_file_whole};
pub use crate::recon::files::{ReconRead, compile_ahead, recon_read};
pub(crate) use crate::recon::model::Recon;
use crate::recon::model::{MAX_FACTS_PER_ITEM, ReconFact, SourceInfo};
use crate::recon::packages::{Package, PackageRoots};
use crate::recon::rank::rank_files;
pub(crate) use crate::recon::render::render_markdown_after;
pub use crate::recon::render::{render_markdown, to_json};
use crate::recon::resolve::Resolver;
use crate::recon::roles::{Attributes, FileClass, build_script_beside, excluded};
use crate::recon::view::{Anchor, Cite};

#[salsa::tracked(returns(ref))]
pub fn workspace_recon(db: &dyn Db) -> Recon {
    let _span = tracing::info_span!("recon").entered();
    // The recon runs for a second at 100,000 files: under `plan watch` a newer change
    // stops it within a file rather than at its end.
    let interrupt = &db.interrupt();
    let mut recon = Recon::default();
    let Gathered { mut sources, manifests, skipped, doc_mentions, doc_named } =
        timed("gather", || gather(db));
    recon.packages = manifests.iter().map(|(package, ..)| (*package).clone()).collect();
    let manifest_files: Vec<Cite> = manifests
        .iter()
        .map(|(package, file, path)| Cite {
            path: (*path).clone(),
            file: *file,
            anchor: Anchor::Lines(package.line, package.line),
        })
        .collect();
    interrupt.check();
    let (roots, go_paths) =
        timed("assign_packages", || support::assign_packages(&recon.packages, &mut sources));

    // Which of same-named definitions each file means: read by the ranking and item 2.
    interrupt.check();
    let resolver = timed("resolver", || Resolver::new(&sources, go_paths));
    interrupt.check();
    let scores = timed("rank_files", || rank_files(&sources, &resolver, interrupt));
    let packages = &recon.packages;
    let inputs = ItemInputs { packages, manifest_files: &manifest_files, roots: &roots, sources: &sources };
    let (items, flags) = run_items(&inputs, &scores, &resolver, (&doc_mentions, &doc_named), interrupt);
    recon.items = items;
    for facts in &mut recon.items {
        facts.truncate(MAX_FACTS_PER_ITEM);
    }
    recon.flags = flags;

    notes(&mut recon, &sources, &skipped);
    recon
}

/// What every item reads.
struct ItemInputs<'a, 'db> {
    packages: &'a [Package],
    manifest_files: &'a [Cite],
    roots: &'a PackageRoots<'a>,
    sources: &'a [SourceInfo<'db>],
}

/// The eight items, in the order they are rendered, and the flag surface. They read only
/// what was gathered and ranked: each runs as a task of its own, the costliest (item 2,
/// the structures) spawned first so that an idle core takes it while the others run.
fn run_items(
    inputs: &ItemInputs<'_, '_>,
    scores: &[f64],
    resolver: &Resolver<'_>,
    docs: (&FxHashMap<&str, u32>, &FxHashMap<&str, u32>),
    interrupt: &Interrupt,
) -> ([Vec<ReconFact>; 8], Vec<(Cite, Flag)>) {
    let ItemInputs { packages, manifest_files, roots, sources } = *inputs;
    let (mut structures, mut invariants, mut cli, mut configuration) = (None, None, None, None);
    let (mut modules, mut extension_points, mut coupling, mut constraints) = (None, None, None, None);
    rayon::scope(|scope| {
        scope.spawn(|_| {
            let item = || items::structures::item(packages, sources, scores, resolver, docs, interrupt);
            structures = Some(task(interrupt, "structures", item));
        });
        scope.spawn(|_| {
            invariants =
                Some(task(interrupt, "invariants", || items::invariants::item(sources, scores, interrupt)))
        });
        scope.spawn(|_| {
            let item = || items::packages::item(packages, manifest_files, roots, sources, scores, interrupt);
            modules = Some(task(interrupt, "packages", item));
        });
        scope.spawn(|_| {
            coupling = Some(task(interrupt, "coupling", || {
                items::coupling::item(packages, sources, scores, interrupt)
            }));
        });
        scope.spawn(|_| {
            extension_points = Some(task(interrupt, "extension_points", || {
                items::extension_points::item(sources, interrupt)
            }));
        });
        scope.spawn(|_| cli = Some(task(interrupt, "cli", || items::cli::item(packages, sources))));
        scope.spawn(|_| {
            constraints = Some(task(interrupt, "constraints", || {
                items::constraints::item(packages, manifest_files, sources)
            }));
        });
        scope.spawn(|_| {
            configuration =
                Some(task(interrupt, "configuration", || items::configuration::item(sources, scores)))
        });
    });
    let (cli, flags) = cli.unwrap_or_default();
    let items = [
        modules.unwrap_or_default(),
        structures.unwrap_or_default(),
        invariants.unwrap_or_default(),
        cli,
        configuration.unwrap_or_default(),
        extension_points.unwrap_or_default(),
        coupling.unwrap_or_default(),
        constraints.unwrap_or_default(),
    ];
    (items, flags)
}

/// The files the recon reads, by role.
struct Gathered<'db> {
    sources: Vec<SourceInfo<'db>>,
    /// Manifests by package root, then name.
    manifests: Vec<(&'db Package, SourceFile, &'db RelPath)>,
    /// How many files were skipped, by reason.
    skipped: BTreeMap<&'static str, usize>,
    /// How many documentation files mention each name.
    doc_mentions: FxHashMap<&'db str, u32>,
    /// How many architecture documents give each name as code in their prose.
    doc_named: FxHashMap<&'db str, u32>,
}

fn gather<'db>(db: &'db dyn Db) -> Gathered<'db> {
    let mut sources: Vec<SourceInfo<'_>> = Vec::new();
    let mut manifests: Vec<(&Package, SourceFile, &RelPath)> = Vec::new();
    let mut skipped: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut attributes: Vec<&Attributes> = Vec::new();
    let mut doc_mentions: FxHashMap<&str, u32> = FxHashMap::default();
    let mut doc_named: FxHashMap<&str, u32> = FxHashMap::default();
    let mut count = |mentions: &'db docs::Mentions, weight: u32, named: bool| {
        docs::count(mentions, weight, named, (&mut doc_mentions, &mut doc_named));
    };
    let chunks = chunk_count(db);
    let expected = recon_expected(db);
    let chunks = (0..chunks).map(|index| recon_chunk(db, ReconChunk::new(db, index)));
    for chunk in chunks.chain(std::iter::once(expected)) {
        for (file, path, read) in chunk {
            match &read.role {
                &FileRole::Source { class, language } => {
                    // The repository crate's overview is its architecture document; another
                    // crate's describes that crate, and weighs as any document.
                    if let Some(mentions) = read.doc.as_ref().filter(|_| !class.is_peripheral()) {
                        let root = matches!(path.as_str(), "src/lib.rs" | "src/main.rs");
                        count(mentions, if root { docs::ARCHITECTURE_WEIGHT } else { 1 }, root);
                    }
                    sources.push(SourceInfo {
                        path,
                        file: *file,
                        class,
                        peripheral: class.is_peripheral(),
                        language,
                        package: None,
                        view: &read.view,
                        references: &read.references,
                        lexical: read.lexical,
                    });
                }
                FileRole::Manifest(package) => manifests.push((package, *file, path)),
                FileRole::Skipped(kind) => *skipped.entry(kind).or_default() += 1,
                FileRole::Attributes(rules) => attributes.push(rules),
                FileRole::Doc(mentions, weight) => count(mentions, *weight, true),
                FileRole::Other => {}
            }
        }
    }
    if !expected.is_empty() {
        // Path order, as without expected edits: ties between files break by it.
        sources.sort_by(|a, b| a.path.cmp(b.path));
    }
    manifests.sort_by(|(a, ..), (b, ..)| a.root.cmp(&b.root).then(a.name.cmp(&b.name)));
    let roots: rustc_hash::FxHashSet<&str> =
        manifests.iter().map(|(package, ..)| package.root.as_str()).collect();
    for source in sources.iter_mut().filter(|source| source.class == FileClass::Product) {
        if build_script_beside(source.path.as_str(), &|dir| roots.contains(dir)) {
            (source.class, source.peripheral) = (FileClass::Build, true);
        }
    }
    // `.gitattributes` linguist rules override the path conventions; deeper files override
    // shallower ones, as in git.
    attributes.sort_by_key(|rules| rules.base.matches('/').count() + usize::from(!rules.base.is_empty()));
    let exclude = db.workspace().recon_exclude(db);
    if !exclude.is_empty() {
        for source in &mut sources {
            if exclude.iter().any(|pattern| excluded(pattern, source.path.as_str())) {
                source.class = FileClass::Excluded;
                source.peripheral = true;
            }
        }
    }
    apply_attributes(&attributes, &mut sources);
    read_whole(db, &mut sources);
    Gathered { sources, manifests, skipped, doc_mentions, doc_named }
}

/// `.gitattributes` linguist rules over the path conventions (`attributes` shallowest
/// first): a set attribute gives its class, an unset one undoes only its own.
fn apply_attributes(attributes: &[&Attributes], sources: &mut [SourceInfo<'_>]) {
    for source in sources {
        let given = attributes.iter().rev().find_map(|rules| rules.class_of(source.path.as_str()));
        match given.filter(|_| source.class != FileClass::Excluded) {
            Some((class, true)) => source.class = class,
            Some((class, false)) if source.class == class => source.class = FileClass::Product,
            _ => continue,
        }
        source.peripheral = source.class.is_peripheral();
    }
}

/// Reads whole what its path called peripheral (read without a parse) and `.gitattributes`
/// calls product code.
fn read_whole<'db>(db: &'db dyn Db, sources: &mut [SourceInfo<'db>]) {
    for source in sources.iter_mut().filter(|source| source.lexical && !source.peripheral) {
        let whole = recon_file_whole(db, source.file);
        (source.view, source.references, source.lexical) = (&whole.view, &whole.references, false);
    }
}

/// What is inferred (languages, peripheral files) and what is uncertain (syntax errors,
/// files not analysed).
fn notes(recon: &mut Recon, sources: &[SourceInfo<'_>], skipped: &BTreeMap<&'static str, usize>) {
    let mut languages: BTreeMap<&str, usize> = BTreeMap::new();
    for source in sources {
        *languages.entry(source.language).or_default() += 1;
    }
    recon.inferred.extend(languages_sentence(&languages));
    // One sentence whatever the tree holds: the classes present would change it when the
    // only build script is removed.
    let excluded = sources.iter().any(|source| source.class == FileClass::Excluded);
    let names: Vec<&str> = FileClass::PERIPHERAL
        .iter()
        .filter(|class| **class != FileClass::Excluded || excluded)
        .map(|class| class.name())
        .collect();
    recon.inferred.push(format!(
        "Files classified as {} are parsed and citable but left out of the ranking.",
        names.join(", ")
    ));
    // Syntax errors by what they cost: a top-level error that swallowed lines no re-parse
    // recovered may hide definitions; a local one (`dyn 'a + Trait`, a macro's tokens) only
    // hides itself, and extraction went on around it.
    let lossy: Vec<&SourceInfo<'_>> = sources.iter().filter(|source| source.view.lost_lines > 0).collect();
    if !lossy.is_empty() {
        let shown: Vec<String> = lossy
            .iter()
            .take(5)
            .map(|source| format!("`{}` ({} lines)", source.path, source.view.lost_lines))
            .collect();
        let more = if lossy.len() > 5 { ", and others" } else { "" };
        recon.uncertainties.push(format!(
            "Syntax errors swallowed code that may hold definitions in: {}{more}.",
            shown.join(", ")
        ));
    }
    let local: Vec<&SourceInfo<'_>> = sources
        .iter()
        .filter(|source| source.view.has_syntax_errors && source.view.lost_lines == 0)
        .collect();
    if !local.is_empty() {
        let shown: Vec<String> = local.iter().take(3).map(|source| format!("`{}`", source.path)).collect();
        let more = if local.len() > 3 { ", and others" } else { "" };
        recon.uncertainties.push(format!(
            "Local syntax errors (a construct the grammar does not parse) in {}{more}; extraction went on around them.",
            shown.join(", ")
        ));
    }
    if !skipped.is_empty() {
        // Kinds, not counts: the Markdown must not change with each skipped file.
        let kinds: Vec<&str> = skipped.keys().copied().collect();
        recon.uncertainties.push(format!("Files not analysed: {}.", kinds.join(", ")));
    }
}

/// Runs item `part` as [`timed`] does, unless the recon was interrupted: the tasks of a
/// cancelled recon still queued then unwind at once, rather than each running to its end
/// before the scope lets the cancellation through.
fn task<T>(interrupt: &Interrupt, part: &'static str, run: impl FnOnce() -> T) -> T {
    interrupt.check();
    timed(part, run)
}

/// Runs `part` of the recon inside a debug span (its time shows under `-v`).
fn timed<T>(part: &'static str, run: impl FnOnce() -> T) -> T {
    let _span = tracing::debug_span!("recon_part", part).entered();
    run()
}

/// The main language needs this many halves of the next language's file count (3: half again
/// as many files) to be named as what the repository is "mostly" written in.
const MAIN_LANGUAGE_LEAD: usize = 3;

/// The languages, without counts (the Markdown must not change when an unrelated file is
/// added): the main one first when it has half again as many files as the next, then the
/// others by name; all by name when no language leads so, since a near-tie would flip with
/// one added file.
fn languages_sentence(languages: &BTreeMap<&str, usize>) -> Option<String> {
    let mut by_count: Vec<(&str, usize)> =
        languages.iter().map(|(language, count)| (*language, *count)).collect();
    by_count.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let (main, count) = *by_count.first()?;
    let second = by_count.get(1).map_or(0, |(_, count)| *count);
    if count * 2 < second * MAIN_LANGUAGE_LEAD {
        let all: Vec<&str> = languages.keys().copied().collect();
        return Some(format!("Written in {}.", all.join(", ")));
    }
    let others: Vec<&str> = languages.keys().copied().filter(|language| *language != main).collect();
    let also = if others.is_empty() { String::new() } else { format!("; also {}", others.join(", ")) };
    Some(format!("Written mostly in {main}{also}."))
}

#[cfg(test)]
mod tests {
    use engine::{Database, FileContents, RelPath};

    use super::*;

    fn files(extra: &str) -> Vec<(RelPath, FileContents)> {
        let text = |text: &str| FileContents::Text(text.into());
        let mut files = vec![
            (RelPath::new("a/lib.rs").unwrap(), text("pub struct Store;\npub trait Load {}\n")),
            (
                RelPath::new("b/lib.rs").unwrap(),
                text(&format!("use a::Store;\nfn f(_: Store) {{}}\n{extra}")),
            ),
            (RelPath::new("c/lib.rs").unwrap(), text("fn g(_: Store, _: Store) {}\nimpl Load for G {}\n")),
        ];
        files.extend(
            (0..3).map(|index| (RelPath::new(&format!("d/m{index}.rs")).unwrap(), text("fn h() {}\n"))),
        );
        files
    }

    fn rendered(db: &Database) -> String {
        let recon = workspace_recon(db);
        format!("{}\n{}", render_markdown(db, recon, 60), to_json(db, recon))
    }

    /// An unset linguist attribute says what a file is not: `linguist-vendored=false` makes
    /// vendored code product code (read whole, its types ranked) and leaves tests tests.
    #[test]
    fn unset_linguist_attributes_undo_only_their_own_class() {
        let text = |text: &str| FileContents::Text(text.into());
        let mut db = Database::in_memory();
        db.set_files(vec![
            (
                RelPath::new(".gitattributes").unwrap(),
                text("tests/** linguist-vendored=false\nthird_party/own/** linguist-vendored=false\n"),
            ),
            (RelPath::new("tests/t.rs").unwrap(), text("struct Fixture;\n")),
            (RelPath::new("third_party/own/x.rs").unwrap(), text("pub struct Own;\n")),
            (RelPath::new("third_party/other/y.rs").unwrap(), text("pub struct Other;\n")),
        ]);
        let gathered = gather(&db);
        let shown: Vec<String> = gathered
            .sources
            .iter()
            .map(|source| {
                let types: Vec<&str> =
                    source.view.symbols.iter().map(|symbol| symbol.name.as_str()).collect();
                format!("{} {:?} lexical={} types={types:?}", source.path, source.class, source.lexical)
            })
            .collect();
        expect_test::expect![[r#"
            tests/t.rs Test lexical=true types=[]
            third_party/other/y.rs Vendored lexical=true types=[]
            third_party/own/x.rs Product lexical=false types=["Own"]"#]]
        .assert_eq(&shown.join("\n"));
    }

    /// Files expected to be edited are read apart from the chunks; the recon over them is
    /// the one a fresh database computes, before and after they change, and in path order.
    #[test]
    fn expected_edits_change_nothing_the_recon_says() {
        let mut db = Database::in_memory();
        db.set_files(files(""));
        db.expect_edits(&[RelPath::new("b/lib.rs").unwrap(), RelPath::new("d/m1.rs").unwrap()]);
        let mut fresh = Database::in_memory();
        fresh.set_files(files(""));
        assert_eq!(rendered(&db), rendered(&fresh));

        // A new type and a moved line in an expected file, then the same in a fresh one.
        let edited = files("\npub struct Other;\nimpl Load for Other {}\n");
        db.set_edited_files(edited.clone());
        let mut fresh = Database::in_memory();
        fresh.set_files(edited);
        assert_eq!(rendered(&db), rendered(&fresh));
        assert!(rendered(&db).contains("Other"), "{}", rendered(&db));
    }

    /// The first edit of a file lowers its durability, and salsa re-runs what reads a value
    /// whose durability fell even when it is equal: the re-run stops at the file's chunk
    /// (which has edited files' durability from the start), not at the tree-wide recon.
    #[test]
    fn a_first_edit_the_recon_does_not_see_stops_at_its_chunk() {
        let mut db = Database::with_event_log();
        db.set_files(files(""));
        let before = rendered(&db);
        db.take_executed_by_name();
        db.set_edited_files(files("// a comment the recon does not read\n"));
        assert_eq!(rendered(&db), before);
        let executed = db.take_executed_by_name();
        expect_test::expect![[r#"
            recon_file(b/lib.rs)
            analyze(b/lib.rs)
            recon_part(..)
            recon_chunk(..)"#]]
        .assert_eq(&executed.join("\n"));
    }

    /// A test file is read off its tokens, never parsed whole: its edit re-runs its
    /// token reading, not the parse; so does a file with a test module, whose parse
    /// leaves the module's body out.
    #[test]
    fn an_edit_of_test_code_reads_tokens_not_a_whole_parse() {
        let test = |text: &str| (RelPath::new("tests/t.rs").unwrap(), FileContents::Text(text.into()));
        let module = |text: &str| {
            let text = format!("pub struct Store;\n#[cfg(test)]\nmod tests {{\n    {text}\n}}\n");
            (RelPath::new("src/lib.rs").unwrap(), FileContents::Text(text.into()))
        };
        let mut db = Database::with_event_log();
        db.set_files(vec![test("use app::Store;\nfn t(_: Store) {}\n"), module("fn t() {}")]);
        let before = rendered(&db);
        db.take_executed_by_name();
        db.set_edited_files(vec![test("use app::Store;\nfn t(_: Store) { }\n"), module("fn t() { }")]);
        assert_eq!(rendered(&db), before);
        expect_test::expect![[r#"
            recon_file(src/lib.rs)
            analyze_outline(src/lib.rs)
            recon_part(..)
            recon_file(tests/t.rs)
            analyze_peripheral(tests/t.rs)
            recon_chunk(..)"#]]
        .assert_eq(&db.take_executed_by_name().join("\n"));
    }

    /// Same-named types keep their own references: a file means the `Branch` of the
    /// package it imports, or of its own directory, not every `Branch` at once.
    #[test]
    fn same_named_types_are_credited_by_what_each_file_imports() {
        let text = |text: &str| FileContents::Text(text.into());
        let user = |name: &str| {
            let path = format!("cmd/{name}.go");
            let body = format!(
                "package cmd\nimport \"example.com/app/pkg/models\"\nfunc {name}(b *models.Branch) *models.Branch {{ return b }}\n"
            );
            (RelPath::new(&path).unwrap(), text(&body))
        };
        let mut db = Database::in_memory();
        db.set_files(vec![
            (RelPath::new("go.mod").unwrap(), text("module example.com/app\n")),
            (RelPath::new("pkg/models/branch.go").unwrap(), text("package models\ntype Branch struct{}\n")),
            (
                RelPath::new("pkg/ui/custom/models.go").unwrap(),
                text("package custom\ntype Branch struct{}\n"),
            ),
            (RelPath::new("pkg/ui/custom/view.go").unwrap(), text("package custom\nfunc v(b Branch) {}\n")),
            user("a"),
            user("b"),
            user("c"),
        ]);
        let json = to_json(&db, workspace_recon(&db)).to_string();
        let detail = |path: &str| {
            let at = json.find(&format!("\"path\":\"{path}\"")).unwrap_or_else(|| panic!("{path} in {json}"));
            let start = at + json[at..].find("referred to from").unwrap();
            json[start..].split(';').next().unwrap().to_owned()
        };
        assert_eq!(detail("pkg/models/branch.go"), "referred to from 3 other files");
        assert_eq!(detail("pkg/ui/custom/models.go"), "referred to from 1 other files");
    }

    #[test]
    fn the_main_language_is_named_only_with_a_clear_lead() {
        let sentence =
            |counts: &[(&'static str, usize)]| languages_sentence(&counts.iter().copied().collect());
        assert_eq!(sentence(&[("rust", 30), ("go", 2)]).unwrap(), "Written mostly in rust; also go.");
        assert_eq!(sentence(&[("rust", 3), ("go", 2)]).unwrap(), "Written mostly in rust; also go.");
        // A near-tie: one file more of either language changes nothing.
        for (go, python) in [(1000, 1000), (1001, 1000), (1000, 1001)] {
            assert_eq!(
                sentence(&[("go", go), ("python", python), ("c", 999)]).unwrap(),
                "Written in c, go, python."
            );
        }
        assert_eq!(sentence(&[("rust", 1)]).unwrap(), "Written mostly in rust.");
        assert_eq!(sentence(&[]), None);
    }
}
