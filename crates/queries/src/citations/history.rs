//! Before/after fixtures distilled from replaying citations on real history (ripgrep,
//! cobra, click, gson, express): each case anchors citations on `before`, applies `after`,
//! and shows the statuses and locations.

use engine::{Database, FileContents, RelPath};
use expect_test::{Expect, expect};

use crate::build::{BuildOptions, build};
use crate::citations::plan_citations;
use crate::citations::resolve::Location;

/// `files` are `//- path` sections; the plan cites `citations` in section B.
fn check_history(before: &str, after: &str, citations: &[&str], expected: Expect) {
    let mut db = Database::in_memory();
    for (path, text) in sections(before) {
        db.set_file(RelPath::new(&path).unwrap(), FileContents::Text(text.into()));
    }
    let claims: String = citations.iter().map(|citation| format!("- `{citation}`\n")).collect();
    let plan = db.set_plan("PLAN.md", &format!("## B) Repository Recon Summary\n\n{claims}"));
    let lock = db.set_lock("");
    let built = build(&db, plan, lock, BuildOptions::default());
    let lock = db.set_lock(&built.lock);
    let before_paths: Vec<String> = sections(before).into_iter().map(|(path, _)| path).collect();
    let after_files = sections(after);
    for path in before_paths {
        if !after_files.iter().any(|(after_path, _)| *after_path == path) {
            db.set_file(RelPath::new(&path).unwrap(), FileContents::Missing);
        }
    }
    for (path, text) in after_files {
        db.set_file(RelPath::new(&path).unwrap(), FileContents::Text(text.into()));
    }
    let out: String = plan_citations(&db, plan, lock)
        .iter()
        .map(|citation| {
            let location = citation.resolution.location.as_ref().map(Location::key).unwrap_or_default();
            format!("{} {} {location}\n", citation.site.key(), citation.resolution.status.as_str())
        })
        .collect();
    expected.assert_eq(&out);
}

fn sections(text: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        if let Some(path) = line.strip_prefix("//- ") {
            out.push((path.trim().to_owned(), String::new()));
        } else if let Some((_, body)) = out.last_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    out
}

/// gson: `$Gson$Types.java` became `GsonTypes.java` and its class was renamed with it; the
/// cited `hashCode` line is in many files, but only one is in `WildcardTypeImpl`.
#[test]
fn a_renamed_outer_class_is_followed_by_its_inner_names() {
    check_history(
        r#"
//- src/OldTypes.java
class OldTypes {
  static class WildcardTypeImpl {
    @Override public int hashCode() {
      return 1;
    }
  }
}
//- src/Other.java
class Other {
    @Override public int hashCode() {
      return 1;
    }
}
"#,
        r#"
//- src/NewTypes.java
final class NewTypes {
  private NewTypes() {}

  static class WildcardTypeImpl {
    @Override public int hashCode() {
      return 1;
    }
  }
}
//- src/Other.java
class Other {
    @Override public int hashCode() {
      return 1;
    }
}
"#,
        &["src/OldTypes.java:3"],
        expect![[r#"
            src/OldTypes.java:3 moved src/NewTypes.java:5
        "#]],
    );
}

/// click: `edit` gained `@overload` stubs above it; the citation follows the implementation.
#[test]
fn overload_stubs_do_not_capture_a_changed_implementation() {
    check_history(
        r#"
//- editor.py
class Editor:
    def edit(self, text):
        import tempfile
        return text
"#,
        r#"
//- editor.py
class Editor:
    @overload
    def edit(self, text: bytes) -> bytes: ...

    @overload
    def edit(self, text: str) -> str: ...

    def edit(self, text):
        import tempfile
        return text.upper()
"#,
        &["editor.py:2-4"],
        expect![[r#"
            editor.py:2-4 changed editor.py:8-10
        "#]],
    );
}

/// express: `lib/router/index.js` was deleted (the router became a package); a function of
/// the same name in `lib/application.js` is another function.
#[test]
fn a_same_named_function_in_an_unrelated_file_is_not_a_rename() {
    check_history(
        r#"
//- lib/router/index.js
proto.route = function route(path) {
  var route = new Route(path);
  return route;
};
//- lib/application.js
app.init = function init() {
  this.cache = {};
};
"#,
        r#"
//- lib/application.js
app.init = function init() {
  this.cache = {};
};

app.route = function route(path) {
  return this.router.route(path);
};
"#,
        &["lib/router/index.js:1-4"],
        expect![[r#"
            lib/router/index.js:1-4 stale 
        "#]],
    );
}

/// click: a decorated method cited from its `def` line keeps starting there when its
/// signature changes, for a single line and for the whole definition.
#[test]
fn a_changed_signature_under_a_decorator_keeps_the_name_line() {
    check_history(
        r#"
//- fmt.py
class HelpFormatter:
    @contextmanager
    def section(self, name) -> Iterator[None]:
        yield
        self.dedent()
"#,
        r#"
//- fmt.py
class HelpFormatter:
    def write(self, text):
        pass

    @contextmanager
    def section(self, name: str) -> Generator[None]:
        yield
        self.dedent()
"#,
        &["fmt.py:3", "fmt.py:3-5"],
        expect![[r#"
            fmt.py:3 changed fmt.py:6
            fmt.py:3-5 changed fmt.py:6-8
        "#]],
    );
}

/// ripgrep: `impl Default for EncodingMode` was removed (derived instead); `Mode::default`
/// in the same file is not it.
#[test]
fn a_removed_impl_is_stale_even_with_a_same_named_method_nearby() {
    check_history(
        r#"
//- lowargs.rs
impl Default for Mode {
    fn default() -> Mode {
        Mode::Search
    }
}

impl Default for EncodingMode {
    fn default() -> EncodingMode {
        EncodingMode::Auto
    }
}
"#,
        r#"
//- lowargs.rs
impl Default for Mode {
    fn default() -> Mode {
        Mode::Search
    }
}

#[derive(Default)]
enum EncodingMode {
    #[default]
    Auto,
}
"#,
        &["lowargs.rs:8-10", "lowargs.rs:2-4"],
        expect![[r#"
            lowargs.rs:8-10 stale 
            lowargs.rs:2-4 fresh lowargs.rs:2-4
        "#]],
    );
}
