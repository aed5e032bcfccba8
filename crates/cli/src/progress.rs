//! A progress bar for long work, shown only on a terminal, never under `-q`, and only
//! once the work has taken about a second.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::args::GlobalArgs;

const SHOW_AFTER: Duration = Duration::from_secs(1);

pub(crate) struct Progress {
    bar: ProgressBar,
    enabled: bool,
    started: Instant,
    shown: Mutex<bool>,
}

impl Progress {
    pub(crate) fn new(global: &GlobalArgs, total: u64, message: &'static str) -> Progress {
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({elapsed})") {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(message);
        let enabled = !global.quiet && std::io::stderr().is_terminal();
        Progress { bar, enabled, started: Instant::now(), shown: Mutex::new(false) }
    }

    /// Advances by one; makes the bar visible once the work has run long enough.
    pub(crate) fn tick(&self) {
        self.bar.inc(1);
        if self.enabled && self.started.elapsed() >= SHOW_AFTER {
            let mut shown = self.shown.lock().unwrap_or_else(|poison| poison.into_inner());
            if !*shown {
                *shown = true;
                self.bar.set_draw_target(ProgressDrawTarget::stderr());
            }
        }
    }

    pub(crate) fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
