//! `plan validate PR3`: runs the commands of PR3's micro-plan's `plan:validate` block, each
//! under `sh -c` at the root with a timeout, and records exactly what ran (command, exit
//! code or timeout, duration, the last lines of its output) in a generated `validation`
//! block of its Validation section. It runs only when invoked (never from check, build,
//! watch or an editor), refuses a micro-plan with errors, and `--dry-run` only lists.

use std::io::{self, Read, Write};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context;

use crate::Outcome;
use crate::args::{GlobalArgs, ValidateArgs};
use crate::commands::micro;
use crate::session::Session;

/// Bytes of a command's output kept while it runs (the tail).
const TAIL_BYTES: usize = 16 * 1024;
/// Lines of output recorded per command, and characters per line.
const TAIL_LINES: usize = 10;
const LINE_CHARS: usize = 200;
/// How often a running command is polled for its end.
const POLL: Duration = Duration::from_millis(20);
/// How long the output of a finished command is still read (a background child may hold it).
const DRAIN: Duration = Duration::from_secs(2);

struct Run {
    command: String,
    /// `Some(code)`, or `None` when killed by a signal or the timeout.
    code: Option<i32>,
    timed_out: bool,
    duration: Duration,
    tail: String,
}

pub(crate) fn run(global: &GlobalArgs, args: &ValidateArgs) -> anyhow::Result<Outcome> {
    let loaded = micro::load(global)?;
    let number = micro::pr_number(&args.pr)?;
    let rows = queries::status_rows(&loaded.db, loaded.macro_plan, &loaded.micros);
    let row = rows.iter().find(|row| row.pr == number).with_context(|| {
        format!("PR{number} is not defined in the macro plan (`plan status` lists its PRs)")
    })?;
    let path = row.micro_plan.clone().with_context(|| {
        format!("PR{number} has no micro-plan (create one with `plan init --profile implementation --pr PR{number}`)")
    })?;
    let (file, lock) = *loaded
        .micros
        .iter()
        .find(|(file, _)| *file.path(&loaded.db) == path)
        .context("micro-plan vanished")?;
    let levels = Session::open(global)?.config.rules;
    let diagnostics = queries::check_micro_plan(&loaded.db, file, loaded.macro_plan, lock, &levels);
    if diagnostics.iter().any(|placed| placed.diagnostic.severity == queries::Severity::Error) {
        anyhow::bail!(
            "{path} has errors; fix them first (`plan check` lists them): plan validate runs only a clean micro-plan"
        );
    }
    let (commands, range) = queries::validation_target(&loaded.db, file)
        .with_context(|| format!("{path} has no Validation section for the block of results"))?;
    if commands.is_empty() {
        anyhow::bail!("{path} has no commands to run: add a fenced block marked ```sh plan:validate");
    }
    let mut stdout = io::stdout().lock();
    if args.dry_run {
        for command in &commands {
            writeln!(stdout, "{command}")?;
        }
        return Ok(Outcome::Clean);
    }
    let timeout = Duration::from_secs(args.timeout.max(1));
    let started = std::time::SystemTime::now();
    let mut runs = Vec::new();
    for command in &commands {
        writeln!(stdout, "$ {command}")?;
        let run = run_one(&loaded.root, command, timeout)?;
        writeln!(stdout, "{}", outcome_text(&run))?;
        runs.push(run);
    }
    let original = loaded
        .micros
        .iter()
        .find(|(f, _)| *f == file)
        .map(|(f, _)| f.text(&loaded.db).to_string())
        .unwrap_or_default();
    let on_disk = engine::load::read_document(&loaded.root.join(&path))?.unwrap_or_default();
    if on_disk != original {
        anyhow::bail!("{path} changed while the commands ran; nothing recorded, run `plan validate` again");
    }
    let mut text = original;
    let mut generated = block(&runs, started);
    if range.is_empty() {
        generated.push('\n');
    } else {
        generated.pop();
    }
    text.replace_range(range, &generated);
    engine::write::write_atomic(&loaded.root.join(&path), text.as_bytes())
        .with_context(|| format!("could not write {path}"))?;
    let failed = runs.iter().any(|run| run.code != Some(0));
    Ok(if failed { Outcome::ProblemsFound } else { Outcome::Clean })
}

fn run_one(root: &std::path::Path, command: &str, timeout: Duration) -> anyhow::Result<Run> {
    let started = Instant::now();
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(command)
        .current_dir(root)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("could not start `sh`")?;
    // One tail per stream: the order in which two threads append would not be repeatable.
    let tails = [Arc::new(Mutex::new(Vec::<u8>::new())), Arc::new(Mutex::new(Vec::<u8>::new()))];
    let streams = [
        child.stdout.take().map(|s| Box::new(s) as Box<dyn Read + Send>),
        child.stderr.take().map(|s| Box::new(s) as Box<dyn Read + Send>),
    ];
    let readers: Vec<_> = streams
        .into_iter()
        .zip(tails.iter().cloned())
        .filter_map(|(stream, tail)| {
            stream.map(|stream| std::thread::spawn(move || keep_tail(stream, &tail)))
        })
        .collect();
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if started.elapsed() >= timeout {
            timed_out = true;
            let _ = child.kill();
            break child.wait()?;
        }
        std::thread::sleep(POLL);
    };
    let duration = started.elapsed();
    // A grandchild still holding the pipes open (`cmd &`) keeps its reader going: wait a
    // bounded time for the readers, then record what they have.
    let drained = Instant::now();
    while readers.iter().any(|reader| !reader.is_finished()) && drained.elapsed() < DRAIN {
        std::thread::sleep(POLL);
    }
    let text =
        |tail: &Mutex<Vec<u8>>| last_lines(&tail.lock().map(|bytes| bytes.clone()).unwrap_or_default());
    let (out, err) = (text(&tails[0]), text(&tails[1]));
    let tail = match (out.trim().is_empty(), err.trim().is_empty()) {
        (_, true) => out,
        (true, false) => format!("(stderr)\n{err}"),
        (false, false) => format!("{out}\n(stderr)\n{err}"),
    };
    Ok(Run { command: command.to_owned(), code: status.code(), timed_out, duration, tail })
}

/// Reads `stream` to its end, keeping only the last [`TAIL_BYTES`] in `tail`.
fn keep_tail(mut stream: Box<dyn Read + Send>, tail: &Mutex<Vec<u8>>) {
    let mut buffer = [0u8; 8192];
    while let Ok(read) = stream.read(&mut buffer) {
        if read == 0 {
            break;
        }
        let Ok(mut tail) = tail.lock() else { break };
        tail.extend_from_slice(&buffer[..read]);
        if tail.len() > TAIL_BYTES {
            let excess = tail.len() - TAIL_BYTES;
            tail.drain(..excess);
        }
    }
}

fn last_lines(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.len().saturating_sub(TAIL_LINES);
    lines[start..]
        .iter()
        .map(|line| line.chars().take(LINE_CHARS).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

fn outcome_text(run: &Run) -> String {
    let seconds = run.duration.as_secs_f64();
    match (run.timed_out, run.code) {
        (true, _) => format!("timed out after {seconds:.2} s (killed)"),
        (false, Some(code)) => format!("exit {code} in {seconds:.2} s"),
        (false, None) => format!("killed by a signal after {seconds:.2} s"),
    }
}

/// The generated block: one line per command, then its output's tail in a fence longer
/// than any run of backticks in it.
fn block(runs: &[Run], at: std::time::SystemTime) -> String {
    let mut out =
        format!("<!-- plan:begin validation -->\nRecorded by `plan validate` at {}:\n\n", rfc3339(at));
    for run in runs {
        let result = if run.code == Some(0) { "pass" } else { "FAIL" };
        out.push_str(&format!("- {result}: `{}`: {}\n", run.command.replace('`', "'"), outcome_text(run)));
        if !run.tail.is_empty() {
            let longest = run.tail.split(|c| c != '`').map(str::len).max().unwrap_or(0);
            let fence = "`".repeat(longest.max(2) + 1);
            out.push_str(&format!("\n  {fence}text\n"));
            for line in run.tail.trim_start_matches(['\n', '\r']).lines() {
                out.push_str(&if line.trim().is_empty() { "\n".to_owned() } else { format!("  {line}\n") });
            }
            out.push_str(&format!("  {fence}\n\n"));
        }
    }
    out.push_str("<!-- plan:end validation -->\n");
    out
}

/// `time` in UTC as RFC 3339, to the second: `2026-12-05T05:44:43Z`.
fn rfc3339(time: std::time::SystemTime) -> String {
    let seconds = time.duration_since(std::time::UNIX_EPOCH).map_or(0, |since| since.as_secs());
    let (days, rest) = (seconds / 86_400, seconds % 86_400);
    // Days since 1970-01-01 to a civil date (Howard Hinnant's `civil_from_days`).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 { month_index + 3 } else { month_index - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", rest / 3_600, rest % 3_600 / 60, rest % 60)
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn times_are_written_in_rfc_3339() {
        let at = |seconds: u64| super::rfc3339(UNIX_EPOCH + Duration::from_secs(seconds));
        assert_eq!(at(0), "1970-01-01T00:00:00Z");
        assert_eq!(at(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(at(1_796_448_283), "2026-12-05T05:24:43Z");
        assert_eq!(at(4_102_444_799), "2099-12-31T23:59:59Z");
    }
}
