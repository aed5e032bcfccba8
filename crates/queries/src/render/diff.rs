//! A line-based unified diff, as `diff -u` and `git diff` print it: what `plan check --diff`
//! shows of PLAN.md, and what PLAN074 shows of a generated block.
//!
//! The common head and tail are cut first; the middle is aligned by a longest common
//! subsequence of lines, and a middle too large for that (over [`MAX_CELLS`]) becomes one
//! hunk that replaces it all, which is still a correct diff.

use std::fmt::Write;
use std::ops::Range;

/// Lines of context around each change.
const CONTEXT: usize = 3;

/// The largest middle (old lines × new lines) aligned line by line.
const MAX_CELLS: usize = 4_000_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Keep,
    Delete,
    Insert,
}

/// `old` against `new` as a unified diff under the labels `a/<old_label>` and
/// `b/<new_label>`; empty when the texts are equal.
pub fn unified_diff(old_label: &str, new_label: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
    let ops = align(&old_lines, &new_lines);
    let mut out = format!("--- a/{old_label}\n+++ b/{new_label}\n");
    for hunk in hunks(&ops) {
        write_hunk(&mut out, &ops, hunk, &old_lines, &new_lines);
    }
    out
}

/// The runs of changed lines of `old` against `new`: (old lines, new lines), 0-based and
/// end-exclusive; an insertion has an empty old range at the line it goes before.
pub(crate) fn changed_lines(old: &str, new: &str) -> Vec<(Range<usize>, Range<usize>)> {
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
    let mut out: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    let mut in_run = false;
    for op in align(&old_lines, &new_lines) {
        if op == Op::Keep {
            in_run = false;
        } else {
            if !in_run {
                out.push((i..i, j..j));
                in_run = true;
            }
            let last = out.last_mut().expect("a run was just opened");
            if op == Op::Delete {
                last.0.end += 1;
            } else {
                last.1.end += 1;
            }
        }
        match op {
            Op::Keep => (i, j) = (i + 1, j + 1),
            Op::Delete => i += 1,
            Op::Insert => j += 1,
        }
    }
    out
}

/// The edit script: one op per line of the longer walk through both texts.
fn align(old: &[&str], new: &[&str]) -> Vec<Op> {
    let head = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let tail = old[head..].iter().rev().zip(new[head..].iter().rev()).take_while(|(a, b)| a == b).count();
    let (old_mid, new_mid) = (&old[head..old.len() - tail], &new[head..new.len() - tail]);
    let mut ops = vec![Op::Keep; head];
    if old_mid.len().saturating_mul(new_mid.len()) > MAX_CELLS {
        ops.extend(std::iter::repeat_n(Op::Delete, old_mid.len()));
        ops.extend(std::iter::repeat_n(Op::Insert, new_mid.len()));
    } else {
        ops.extend(lcs_ops(old_mid, new_mid));
    }
    ops.extend(std::iter::repeat_n(Op::Keep, tail));
    ops
}

fn lcs_ops(old: &[&str], new: &[&str]) -> Vec<Op> {
    let (n, m) = (old.len(), new.len());
    // lengths[i][j]: the longest common subsequence of old[i..] and new[j..].
    let mut lengths = vec![0u32; (n + 1) * (m + 1)];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lengths[i * (m + 1) + j] = if old[i] == new[j] {
                lengths[(i + 1) * (m + 1) + j + 1] + 1
            } else {
                lengths[(i + 1) * (m + 1) + j].max(lengths[i * (m + 1) + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut ops = Vec::with_capacity(n + m);
    while i < n || j < m {
        if i < n && j < m && old[i] == new[j] {
            ops.push(Op::Keep);
            (i, j) = (i + 1, j + 1);
        } else if i < n && (j == m || lengths[(i + 1) * (m + 1) + j] >= lengths[i * (m + 1) + j + 1]) {
            ops.push(Op::Delete);
            i += 1;
        } else {
            ops.push(Op::Insert);
            j += 1;
        }
    }
    ops
}

/// Ranges of `ops` to print: each change with up to [`CONTEXT`] kept lines around it,
/// changes closer than twice that joined into one hunk.
fn hunks(ops: &[Op]) -> Vec<std::ops::Range<usize>> {
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    for (index, op) in ops.iter().enumerate() {
        if *op == Op::Keep {
            continue;
        }
        let start = index.saturating_sub(CONTEXT);
        let end = (index + 1 + CONTEXT).min(ops.len());
        match out.last_mut() {
            Some(last) if start <= last.end => last.end = end,
            _ => out.push(start..end),
        }
    }
    out
}

fn write_hunk(out: &mut String, all: &[Op], range: std::ops::Range<usize>, old: &[&str], new: &[&str]) {
    // Where the hunk starts in each text: the ops before it that consumed a line there.
    let old_start = all[..range.start].iter().filter(|op| **op != Op::Insert).count();
    let new_start = all[..range.start].iter().filter(|op| **op != Op::Delete).count();
    let hunk = &all[range];
    let old_count = hunk.iter().filter(|op| **op != Op::Insert).count();
    let new_count = hunk.iter().filter(|op| **op != Op::Delete).count();
    let position = |start: usize, count: usize| {
        if count == 0 { format!("{start},0") } else { format!("{},{count}", start + 1) }
    };
    let _ = writeln!(out, "@@ -{} +{} @@", position(old_start, old_count), position(new_start, new_count));
    let (mut i, mut j) = (old_start, new_start);
    for op in hunk {
        let (sign, line) = match op {
            Op::Keep => {
                (i, j) = (i + 1, j + 1);
                (' ', old[i - 1])
            }
            Op::Delete => {
                i += 1;
                ('-', old[i - 1])
            }
            Op::Insert => {
                j += 1;
                ('+', new[j - 1])
            }
        };
        out.push(sign);
        out.push_str(line);
        if !line.ends_with('\n') {
            out.push_str("\n\\ No newline at end of file\n");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::unified_diff;

    #[test]
    fn a_changed_line_with_context() {
        let old = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
        let new = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
        expect_test::expect![[r#"
            --- a/PLAN.md
            +++ b/PLAN.md
            @@ -2,7 +2,7 @@
             2
             3
             4
            -5
            +five
             6
             7
             8
        "#]]
        .assert_eq(&unified_diff("PLAN.md", "PLAN.md", old, new));
    }

    #[test]
    fn insertions_deletions_far_apart_and_at_the_ends() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk";
        let new = "new\na\nb\nc\nd\ne\nf\ng\nh\ni\nj";
        expect_test::expect![[r#"
            --- a/x
            +++ b/x
            @@ -1,3 +1,4 @@
            +new
             a
             b
             c
            @@ -7,5 +8,4 @@
             g
             h
             i
            -j
            -k
            \ No newline at end of file
            +j
            \ No newline at end of file
        "#]]
        .assert_eq(&unified_diff("x", "x", old, new));
        assert_eq!(unified_diff("x", "x", "same\n", "same\n"), "");
    }
}
