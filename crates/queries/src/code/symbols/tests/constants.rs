//! Constants and variables in every language: kept at file, module and namespace level
//! (qualified through namespaces and modules, with whole extents), dropped inside
//! functions, and never mistaken for a prototype, an `extern` declaration or a macro call.

use expect_test::expect;

use super::check;

#[test]
fn rust_constants_and_statics() {
    check(
        "rust",
        r#"pub const MAX: usize = 3;
static NAME: &'static str = "x";
static mut COUNTER: u32 = 0;
const _: () = assert!(MAX > 0);

pub mod limits {
    pub const INNER: u8 = 1;
    pub static TABLE: [u8; 2] = [1, 2];
    pub(crate) mod nested {
        pub(crate) static mut DEEP: u8 = 0;
    }
}

impl Store {
    const ASSOC: u8 = 2;
}

trait Sized2 {
    const SIZE: usize;
}

fn run() {
    const LOCAL: u8 = 3;
    static CACHE: u8 = 4;
    let x = 5;
    thread_local!(static IN_FN: u8 = 6);
}

thread_local! {
    static CURRENT: RefCell<Option<u32>> = RefCell::new(None);
    pub static DEPTH: Cell<usize> = const { Cell::new(0) };
}
"#,
        expect![[r#"
                1-1 const     MAX (name line 1)
                2-2 const     NAME (name line 2)
                3-3 variable  COUNTER (name line 3)
               6-12 module    limits (name line 6)
                7-7 const     limits::INNER (name line 7)
                8-8 const     limits::TABLE (name line 8)
               9-11 module    limits::nested (name line 9)
              10-10 variable  limits::nested::DEEP (name line 10)
              15-15 const     Store::ASSOC (name line 15)
              18-20 trait     Sized2 (name line 18)
              19-19 const     Sized2::SIZE (name line 19)
              22-27 function  run (name line 22)
              30-30 const     CURRENT (name line 30)
              31-31 const     DEPTH (name line 31)
            imports: 
            syntax errors on lines: []
        "#]],
    );
}

#[test]
fn go_constants_and_variables() {
    check(
        "go",
        r#"package store

const Version = "1.0"

const (
	ModeFast = iota
	ModeSafe
)

var Default = New()

var (
	hits, misses int
	logger       = log.New(os.Stderr, "", 0)
)

var _ io.Reader = (*Store)(nil)

func New() *Store {
	const local = 3
	var count int
	return nil
}
"#,
        expect![[r#"
                3-3 const     Version (name line 3)
                6-6 const     ModeFast (name line 6)
                7-7 const     ModeSafe (name line 7)
              10-10 variable  Default (name line 10)
              13-13 variable  hits (name line 13)
              13-13 variable  misses (name line 13)
              14-14 variable  logger (name line 14)
              19-23 function  New (name line 19)
            imports: 
            syntax errors on lines: []
        "#]],
    );
}

#[test]
fn python_module_constants_and_annotated_variables() {
    check(
        "python",
        r#"import sys

MAX_RETRIES = 3
_DEFAULT_TIMEOUT = 10.0
WIDTH, HEIGHT = 80, 24
timeout: float = 5.0
handler: "Handler"
lowercase = "not a definition"

try:
    import ujson as json
    HAS_UJSON = True
except ImportError:
    HAS_UJSON = False

if sys.platform == "win32":
    Mode: TypeAlias = int
else:
    SEPARATOR = "/"


class Config:
    LIMIT = 5
    path: str = "."


def main():
    LOCAL = 1
    count: int = 0
    if count:
        INSIDE = 2
"#,
        expect![[r#"
                3-3 const     MAX_RETRIES (name line 3)
                4-4 const     _DEFAULT_TIMEOUT (name line 4)
                5-5 const     WIDTH (name line 5)
                5-5 const     HEIGHT (name line 5)
                6-6 variable  timeout (name line 6)
                7-7 variable  handler (name line 7)
              12-12 const     HAS_UJSON (name line 12)
              14-14 const     HAS_UJSON (name line 14)
              17-17 variable  Mode (name line 17)
              19-19 const     SEPARATOR (name line 19)
              22-24 class     Config (name line 22)
              27-31 function  main (name line 27)
            imports: sys, ujson
            syntax errors on lines: []
        "#]],
    );
}

#[test]
fn java_static_final_fields() {
    check(
        "java",
        r#"package app;

public class Limits {
    public static final int MAX = 3;
    private static final String NAME = "x", OTHER = "y";
    static int counter = 0;
    final int instance = 1;

    interface Keys {
        String PREFIX = "k";
    }

    enum Level {
        LOW, HIGH;
        static final Level DEFAULT = LOW;
    }

    void run() {
        final int local = 3;
        Runnable task = new Runnable() {
            static final int HIDDEN = 1;
            public void run() {}
        };
    }
}
"#,
        expect![[r#"
                1-1 module    app (name line 1)
               3-25 class     Limits (name line 3)
                4-4 const     Limits.MAX (name line 4)
                5-5 const     Limits.NAME (name line 5)
                5-5 const     Limits.OTHER (name line 5)
               9-11 interface Limits.Keys (name line 9)
              10-10 const     Limits.Keys.PREFIX (name line 10)
              13-16 enum      Limits.Level (name line 13)
              15-15 const     Limits.Level.DEFAULT (name line 15)
              18-24 method    Limits.run (name line 18)
              22-22 method    Limits.run.run (name line 22)
            imports: 
            syntax errors on lines: []
        "#]],
    );
}

#[test]
fn c_file_scope_variables() {
    check(
        "c",
        r#"#include <stdio.h>
#ifndef CONST
#define CONST const
#endif

static const int rb_version = 3;
static CONST double
tens[] = { 1e0, 1e1 };
int global_counter;
int first = 1, second = 2;
const char *names[] = {"a", "b"};
static struct options { int verbose; } options;
int (*on_exit_hook)(int) = NULL;
extern int elsewhere;
int prototype(int);
int (parenthesized)(int);
DEFINE_LIST(items);

#ifdef USE_CACHE
static long cache_size = 1024;
#else
static const long cache_size = 0;
#endif

void run(void)
{
    int local = 3;
#ifdef DEBUG
    static int calls = 0;
#endif
}
"#,
        expect![[r#"
                3-3 macro     CONST (name line 3)
                6-6 const     rb_version (name line 6)
                7-8 const     tens (name line 8)
                9-9 variable  global_counter (name line 9)
              10-10 variable  first (name line 10)
              10-10 variable  second (name line 10)
              11-11 const     names (name line 11)
              12-12 variable  options (name line 12)
              12-12 struct    options (name line 12)
              13-13 variable  on_exit_hook (name line 13)
              20-20 variable  cache_size (name line 20)
              22-22 const     cache_size (name line 22)
              25-31 function  run (name line 25)
            imports: stdio.h
            syntax errors on lines: []
        "#]],
    );
}

#[test]
fn cpp_namespace_constants_and_variables() {
    check(
        "cpp",
        r#"#include <string>

namespace app {
constexpr double kPi = 3.14159;
const int kMax = 10;
int counter = 0;

namespace detail {
inline constexpr int kDepth = 2;
}

class Store {
    static constexpr int kMember = 1;
    int field_;
};

template <typename T>
constexpr bool is_small = sizeof(T) < 8;
}  // namespace app

extern "C" {
int c_linkage_flag = 1;
}

static const std::string kName = "plan";
auto square = [](int x) { return x * x; };
extern const int kDeclared;
int Store::count = 0;

TEST_CASE("locals in a macro-defined function") {
#if 1
    const int not_a_constant = 3;
#endif
}
"#,
        expect![[r#"
               3-19 module    app (name line 3)
                4-4 const     app::kPi (name line 4)
                5-5 const     app::kMax (name line 5)
                6-6 variable  app::counter (name line 6)
               8-10 module    app::detail (name line 8)
                9-9 const     app::detail::kDepth (name line 9)
              12-15 class     app::Store (name line 12)
              17-18 const     app::is_small (name line 18)
              22-22 variable  c_linkage_flag (name line 22)
              25-25 const     kName (name line 25)
              26-26 variable  square (name line 26)
            imports: string
            syntax errors on lines: [30]
        "#]],
    );
}

#[test]
fn javascript_module_constants_and_variables() {
    check(
        "javascript",
        r#"const path = require("path");
const { readFile, writeFile: write } = require("fs");
const [first, second] = process.argv;
let cache = new Map();
var legacy = true, count = 0;
export const LIMIT = 10;
export let current = null;
export var shared = {}, others = [];
export const { host, port = 80, ...rest } = config;
let [head = 0, ...tail] = list;
const routes = {
  index() { return "/"; },
};

function load() {
  const local = 1;
  let other = 2;
}

if (process.env.DEBUG) {
  const scoped = 3;
}

describe("store", () => {
  const fixture = {};
});
"#,
        expect![[r#"
                1-1 const     path (name line 1)
                2-2 const     readFile (name line 2)
                2-2 const     write (name line 2)
                3-3 const     first (name line 3)
                3-3 const     second (name line 3)
                4-4 variable  cache (name line 4)
                5-5 variable  legacy (name line 5)
                5-5 variable  count (name line 5)
                6-6 const     LIMIT (name line 6)
                7-7 variable  current (name line 7)
                8-8 variable  shared (name line 8)
                8-8 variable  others (name line 8)
                9-9 const     host (name line 9)
                9-9 const     port (name line 9)
                9-9 const     rest (name line 9)
              10-10 variable  head (name line 10)
              10-10 variable  tail (name line 10)
              11-13 const     routes (name line 11)
              12-12 method    index (name line 12)
              15-18 function  load (name line 15)
            imports: path, fs
            syntax errors on lines: []
        "#]],
    );
}

#[test]
fn typescript_namespace_constants() {
    check(
        "typescript",
        r#"export const VERSION: string = "1.0";
declare const BUILD: number;
let mutable = 0;

export namespace Sql {
  export const dialect = "postgres";
  let connections = 0;
  export namespace Pool {
    export const size = 4;
  }
  function helper() {
    const local = 1;
  }
}

declare module "config" {
  const defaults: object;
}

export class Store {
  static readonly LIMIT = 3;
}
"#,
        expect![[r#"
                1-1 const     VERSION (name line 1)
                2-2 const     BUILD (name line 2)
                3-3 variable  mutable (name line 3)
               5-14 module    Sql (name line 5)
                6-6 const     Sql.dialect (name line 6)
                7-7 variable  Sql.connections (name line 7)
               8-10 module    Sql.Pool (name line 8)
                9-9 const     Sql.Pool.size (name line 9)
              11-13 function  Sql.helper (name line 11)
              16-18 module    "config" (name line 16)
              17-17 const     "config".defaults (name line 17)
              20-22 class     Store (name line 20)
            imports: 
            syntax errors on lines: []
        "#]],
    );
}

#[test]
fn tsx_module_constants() {
    check(
        "tsx",
        r#"import React from "react";

export const THEME = { color: "blue" };
const { Provider, Consumer } = React.createContext(THEME);
let renders = 0;

export function App() {
  const [state, setState] = React.useState(0);
  return <Provider value={THEME}>{state}</Provider>;
}
"#,
        expect![[r#"
                3-3 const     THEME (name line 3)
                4-4 const     Provider (name line 4)
                4-4 const     Consumer (name line 4)
                5-5 variable  renders (name line 5)
               7-10 function  App (name line 7)
            imports: react
            syntax errors on lines: []
        "#]],
    );
}
