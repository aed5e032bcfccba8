//! The loader on temporary trees: ignore files, symbolic links, binary and oversized
//! files, fingerprints.

use std::fs;

use super::*;

fn tree(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, bytes) in files {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
    dir
}

fn summary(loaded: &Loaded) -> String {
    let mut out = String::new();
    for (path, contents) in &loaded.files {
        let what = match contents {
            FileContents::Text(text) => format!("text, {} bytes", text.len()),
            FileContents::Skipped(reason) => format!("skipped: {reason}"),
            FileContents::Missing => "missing".to_owned(),
        };
        out.push_str(&format!("{path}: {what}\n"));
    }
    for problem in &loaded.problems {
        out.push_str(&format!("problem {}: {}\n", problem.path, problem.reason));
    }
    out
}

#[test]
fn walk_honours_ignore_files_and_skips_vcs_and_plan_dirs() {
    let dir = tree(&[
        (".gitignore", b"target/\n*.log\n"),
        (".ignore", b"vendor/\n"),
        ("src/lib.rs", b"fn a() {}\n"),
        ("src/.hidden.rs", b"fn b() {}\n"),
        ("target/debug/out.rs", b"x"),
        ("vendor/dep.rs", b"x"),
        ("build.log", b"x"),
        (".git/config", b"x"),
        (".plan/cache/data", b"x"),
        ("empty.py", b""),
    ]);
    let root = canonical_root(dir.path()).unwrap();
    let loaded = walk(&root, &LoadConfig::default(), &[]);
    assert_eq!(
        summary(&loaded),
        ".gitignore: text, 14 bytes\n.ignore: text, 8 bytes\nempty.py: text, 0 bytes\nsrc/.hidden.rs: text, 10 bytes\nsrc/lib.rs: text, 10 bytes\n"
    );
}

#[test]
fn walk_reports_binary_large_and_non_utf8_files() {
    // A binary format is known by its name and never read (even a `.PNG` holding text); an
    // `.svg` is text, and a binary file of another name is known by its bytes.
    let dir = tree(&[
        ("logo.png", b"\x89PNG\r\n\x1a\n\0\0"),
        ("shot.PNG", b"text"),
        ("icon.svg", b"<svg/>"),
        ("tool", b"\x7fELF\0\0"),
        ("latin1.c", b"/* caf\xe9 */\n"),
        ("ok.rs", b""),
    ]);
    let big = fs::File::create(dir.path().join("big.rs")).unwrap();
    big.set_len(50 * 1024 * 1024).unwrap();
    let root = canonical_root(dir.path()).unwrap();
    let loaded = walk(&root, &LoadConfig::default(), &[]);
    assert_eq!(
        summary(&loaded),
        "big.rs: skipped: file is 52428800 bytes, over the 2097152-byte limit (raise `max_file_size` in plan.toml to analyse it)\n\
         icon.svg: text, 6 bytes\n\
         latin1.c: skipped: not valid UTF-8 (first invalid byte on line 1)\n\
         logo.png: skipped: binary format (by its file extension; not read)\n\
         ok.rs: text, 0 bytes\n\
         shot.PNG: skipped: binary format (by its file extension; not read)\n\
         tool: skipped: binary file (NUL byte in the first 8 KiB)\n"
    );
}

#[test]
fn a_file_deleted_between_listing_and_reading_is_a_problem() {
    let dir = tree(&[("a.rs", b"fn a() {}"), ("b.rs", b"fn b() {}")]);
    let root = canonical_root(dir.path()).unwrap();
    let (entries, problems) = list(&root, &[]);
    fs::remove_file(root.join("b.rs")).unwrap();
    let loaded = read_entries(&root, &LoadConfig::default(), entries, problems);
    assert_eq!(summary(&loaded), "a.rs: text, 9 bytes\nproblem b.rs: deleted while it was being read\n");
}

#[cfg(unix)]
#[test]
fn symlinks_are_never_followed_out_of_the_root_or_into_loops() {
    use std::os::unix::fs::symlink;
    let outside = tree(&[("secret.rs", b"fn secret() {}")]);
    let dir = tree(&[("src/real.rs", b"fn real() {}")]);
    symlink(outside.path().join("secret.rs"), dir.path().join("escape.rs")).unwrap();
    symlink(dir.path().join("src/real.rs"), dir.path().join("alias.rs")).unwrap();
    symlink(dir.path().join("src"), dir.path().join("src-link")).unwrap();
    symlink(dir.path().join("loop-a"), dir.path().join("loop-b")).unwrap();
    symlink(dir.path().join("loop-b"), dir.path().join("loop-a")).unwrap();
    symlink(dir.path().join("nowhere"), dir.path().join("dangling.rs")).unwrap();
    let root = canonical_root(dir.path()).unwrap();
    let loaded = walk(&root, &LoadConfig::default(), &[]);
    assert_eq!(
        summary(&loaded),
        "alias.rs: text, 12 bytes\n\
         escape.rs: skipped: symbolic link to a path outside the root (not followed)\n\
         src-link: skipped: symbolic link to a directory (not followed)\n\
         src/real.rs: text, 12 bytes\n\
         problem loop-a: symbolic link loop\n\
         problem loop-b: symbolic link loop\n"
    );
}

#[test]
fn scoped_walk_reads_only_the_named_paths_and_keeps_ignore_rules() {
    let dir = tree(&[(".gitignore", b"gen/\n"), ("a/x.rs", b"1"), ("a/gen/y.rs", b"2"), ("b/z.rs", b"3")]);
    let root = canonical_root(dir.path()).unwrap();
    let scope = [RelPath::new("a").unwrap()];
    let loaded = walk(&root, &LoadConfig::default(), &scope);
    assert_eq!(summary(&loaded), "a/x.rs: text, 1 bytes\n");
    assert!(is_included(&root, &RelPath::new("b/z.rs").unwrap()));
    assert!(!is_included(&root, &RelPath::new("a/gen/y.rs").unwrap()));
}

#[test]
fn user_paths_must_exist_inside_the_root() {
    let dir = tree(&[("src/lib.rs", b"")]);
    let root = canonical_root(dir.path()).unwrap();
    assert_eq!(relative_to_root(&root, &root, Path::new("src")).unwrap(), RelPath::new("src"));
    assert_eq!(relative_to_root(&root, &root, Path::new(".")).unwrap(), None);
    assert!(matches!(relative_to_root(&root, &root, Path::new("nope")), Err(LoadError::NoSuchPath { .. })));
    assert!(matches!(relative_to_root(&root, &root, Path::new("..")), Err(LoadError::OutsideRoot { .. })));
}

#[test]
fn decode_classifies_bytes() {
    assert_eq!(decode(b"fn main() {}\n".to_vec()), FileContents::Text("fn main() {}\n".into()));
    assert_eq!(decode(b"\x7fELF\0\0".to_vec()), FileContents::Skipped(SkipReason::Binary));
    assert_eq!(
        decode(b"ok\nok\n\xff\xfe".to_vec()),
        FileContents::Skipped(SkipReason::InvalidUtf8 { line: 3 })
    );
    assert_eq!(decode(Vec::new()), FileContents::Text("".into()));
    // CR-only line endings are read as LF; CRLF and a stray CR among LFs are kept.
    assert_eq!(decode(b"a\rb\r".to_vec()), FileContents::Text("a\nb\n".into()));
    assert_eq!(decode(b"a\r\nb\r\n".to_vec()), FileContents::Text("a\r\nb\r\n".into()));
    assert_eq!(decode(b"a\rb\n".to_vec()), FileContents::Text("a\rb\n".into()));
}
