//! The tracing subscriber: logs go to stderr, filtered by `-v`/`-q` and `PLAN_LOG`.

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::format::FmtSpan;

use crate::args::GlobalArgs;
use crate::output;

pub(crate) fn init(global: &GlobalArgs) {
    let default_level = match (global.quiet, global.verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        // salsa logs every query it executes at info: only with -vv.
        (false, 1) => "debug,salsa=warn",
        (false, _) => "trace",
    };
    let filter = EnvFilter::try_from_env("PLAN_LOG").unwrap_or_else(|_| EnvFilter::new(default_level));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(output::stderr_color(global))
        .with_target(true)
        // Seconds since start, and each span's busy time when it closes: where a slow run
        // spends it.
        .with_timer(tracing_subscriber::fmt::time::Uptime::default())
        .with_span_events(FmtSpan::CLOSE)
        .try_init();
}
