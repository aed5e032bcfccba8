//! `plan init --profile P --pr PRn`: a micro-plan skeleton with the profile's sections and
//! the seed's guidance as comments, the PR's contracts as acceptance criteria, and the
//! code the PR cites as a starting recon.

use std::fmt::Write;

use engine::{Db, PlanFile};

use crate::plan::micro::profile::{PROFILES, profile};
use crate::plan::refs::citations;
use crate::plan::series::prs;

/// The skeleton of PR `number`'s micro-plan in profile `profile_id`; an error message
/// naming what is wrong when the profile or the PR is unknown.
pub fn micro_skeleton(
    db: &dyn Db,
    macro_plan: PlanFile,
    profile_id: &str,
    number: u32,
) -> Result<String, String> {
    let Some(profile) = profile(profile_id) else {
        let known: Vec<&str> = PROFILES.iter().map(|profile| profile.id).collect();
        return Err(format!("unknown profile `{profile_id}` (known: {})", known.join(", ")));
    };
    let Some(pr) = prs(db, macro_plan).iter().find(|pr| pr.number == number) else {
        return Err(format!("PR{number} is not defined in the macro plan's section H"));
    };
    let mut out = format!("<!-- plan: {} PR{number} -->\n# PR{number} — {}\n\n", profile.id, pr.title);
    let criteria: String = pr
        .contracts
        .iter()
        .map(|contract| format!("- [ ] {}: {}\n", contract.id, contract.text.trim()))
        .collect();
    let section_text = crate::plan::tracked::section_text(db, macro_plan, crate::plan::outline::SectionId::H);
    let cited: Vec<String> = section_text
        .as_ref()
        .and_then(|text| text.get(pr.range.clone()))
        .map(|text| citations(text).into_iter().map(|citation| text[citation.range].to_owned()).collect())
        .unwrap_or_default();
    for (index, spec) in profile.sections.iter().enumerate() {
        let _ = write!(out, "## {}\n\n<!-- {} -->\n\n", spec.name, spec.guidance);
        if profile.items_section == Some(index) {
            for (item, _) in profile.required_items.iter().filter(|(item, _)| *item != "acceptance criteria")
            {
                let _ = writeln!(out, "- {}{}:", item[..1].to_uppercase(), &item[1..]);
            }
            let _ = write!(out, "- Acceptance criteria:\n{}\n", indent(&criteria));
        } else if spec.name == "Acceptance Criteria" {
            let _ = writeln!(out, "{criteria}");
        }
        if index == 0 && !cited.is_empty() {
            out.push_str("Code the PR cites (starting recon):\n\n");
            for citation in &cited {
                let _ = writeln!(out, "- `{}`", citation.trim_matches('`'));
            }
            out.push('\n');
        }
    }
    Ok(out.trim_end().to_owned() + "\n")
}

fn indent(text: &str) -> String {
    text.lines().map(|line| format!("  {line}\n")).collect()
}
