//! `plan.toml` at the repository root: the plan path, the file size limit and rule
//! levels. Unknown keys are errors, so a misspelt setting never silently does nothing.
//!
//! ```toml
//! plan = "docs/PLAN.md"        # default: PLAN.md
//! max_file_size = 4194304      # bytes; default 2 MiB, at most 64 MiB
//!
//! [rules]
//! PLAN031 = "allow"            # "allow" | "warn" | "deny"
//! dag-mismatch = "deny"        # codes or names
//!
//! [recon]
//! exclude = ["legacy/", "*.gen.ts", "tools/**"]   # never ranked; still parsed and citable
//! budget = 80                  # lines of the recon in section B (`--budget` wins); default 60
//!
//! [documents]
//! micro_plans = ["plans/**/*.md"]   # where micro-plans are found (the default)
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context;
use queries::RuleLevels;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    plan: Option<PathBuf>,
    max_file_size: Option<u64>,
    #[serde(default)]
    rules: BTreeMap<String, String>,
    #[serde(default)]
    recon: RawRecon,
    #[serde(default)]
    documents: RawDocuments,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDocuments {
    micro_plans: Option<Vec<String>>,
}

/// Where micro-plans are found when `plan.toml` does not say.
pub(crate) const DEFAULT_MICRO_PLANS: &str = "plans/**/*.md";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRecon {
    #[serde(default)]
    exclude: Vec<String>,
    budget: Option<usize>,
}

#[derive(Debug)]
pub(crate) struct Config {
    pub(crate) plan: Option<PathBuf>,
    pub(crate) max_file_size: Option<u64>,
    pub(crate) rules: RuleLevels,
    /// `[recon] exclude`: path patterns the recon never ranks.
    pub(crate) recon_exclude: Vec<String>,
    /// `[recon] budget`: the recon's line budget when `--budget` is not given.
    pub(crate) recon_budget: Option<usize>,
    /// `[documents] micro_plans`: glob patterns (relative to the root) of micro-plans.
    pub(crate) micro_plans: Vec<String>,
}

pub(crate) const FILE_NAME: &str = "plan.toml";

/// Reads `plan.toml` under `root`; the defaults when there is none.
pub(crate) fn load(root: &Path) -> anyhow::Result<Config> {
    let path = root.join(FILE_NAME);
    let Some(text) = engine::load::read_document(&path)? else {
        return Ok(Config {
            plan: None,
            max_file_size: None,
            rules: RuleLevels::default(),
            recon_exclude: Vec::new(),
            recon_budget: None,
            micro_plans: vec![DEFAULT_MICRO_PLANS.to_owned()],
        });
    };
    let raw: RawConfig =
        toml::from_str(&text).with_context(|| format!("failed to read {}", path.display()))?;
    let rules = RuleLevels::from_pairs(raw.rules.iter().map(|(code, level)| (code.as_str(), level.as_str())))
        .map_err(|message| anyhow::anyhow!("{}: [rules]: {message}", path.display()))?;
    if let Some(size) = raw.max_file_size
        && !(1..=engine::load::MAX_FILE_SIZE_LIMIT).contains(&size)
    {
        anyhow::bail!(
            "{}: max_file_size = {size} is out of range: it must be between 1 and {} bytes (64 MiB)",
            path.display(),
            engine::load::MAX_FILE_SIZE_LIMIT
        );
    }
    if let Some(empty) = raw.recon.exclude.iter().find(|pattern| pattern.trim().is_empty()) {
        anyhow::bail!(
            "{}: [recon] exclude: an empty pattern ({empty:?}) would match nothing; remove it",
            path.display()
        );
    }
    Ok(Config {
        plan: raw.plan,
        max_file_size: raw.max_file_size,
        rules,
        recon_exclude: raw.recon.exclude,
        recon_budget: raw.recon.budget,
        micro_plans: raw.documents.micro_plans.unwrap_or_else(|| vec![DEFAULT_MICRO_PLANS.to_owned()]),
    })
}
