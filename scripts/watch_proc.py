#!/usr/bin/env python3
"""What the `plan watch` scripts share (watch-cliffs.py, watch-memory.py, watch-stress.py):
a process's memory from /proc, its peak reset, a file written whole, and waiting on the
watch's log. Linux only (reads /proc). Imported, not run."""

import time


def status(pid, field):
    """A field of /proc/PID/status in KiB (VmRSS, VmHWM)."""
    with open(f"/proc/{pid}/status") as status_file:
        for line in status_file:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def reset_peak(pid):
    """Resets VmHWM to the current RSS."""
    with open(f"/proc/{pid}/clear_refs", "w") as clear_refs:
        clear_refs.write("5")


def write(path, content):
    with open(path, "wb") as out:
        out.write(content)


def wait_for(log, done, seconds):
    """Waits until `done(lines of log)` holds, at most `seconds`; whether it did."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        with open(log) as lines:
            if done(lines.readlines()):
                return True
        time.sleep(0.005)
    return False
