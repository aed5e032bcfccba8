#!/usr/bin/env python3
"""Compare `plan symbols` with Universal Ctags on a repository.

Usage: scripts/compare-ctags.py REPO [--plan PATH_TO_PLAN_BINARY] [--ctags PATH] [--show N] [--json]

Reference: Universal Ctags 6.2.0 at its snapshot tag p6.2.20260802.0 (`ctags --version`:
"6.2.0(p6.2.20260802.0)"), the rules below are written for it: the release tag v6.2.0 is older
and differs for Rust (it reads no macro body, `thread_local!`'s included, and does not know
`const fn`). Build it from source with libjansson for JSON output (Debian: autoconf automake
pkg-config libjansson-dev): in a clone of github.com/universal-ctags/ctags, `git checkout
p6.2.20260802.0 && ./autogen.sh && ./configure --prefix=/tmp/uctags --disable-xml
--disable-yaml --disable-seccomp && make && make install`, then pass `--ctags
/tmp/uctags/bin/ctags`. Figures on 18 repositories: scripts/ctags-results.txt. The
`ctags` of Debian 12 is 5.9.0 (2020): its JavaScript parser skips a function declared after a
call statement without `;`, its Python parser loses an annotation with `|` and the first
statement of an `else:`, its TypeScript parser most classes of got's `source/core` (plan's
precision there: 60.8% against 98.0% with 6.2.0), so its figures are not comparable.

Runs ctags (JSON output) and `plan symbols --format json` on the same files and reports,
per language and per category (function/method, class/struct, trait/interface, enum,
constant, variable) and over all of a language's categories, how many ctags tags plan also
finds (recall) and how many of plan's symbols ctags also finds (precision). A tag matches a
symbol with the same path and name (whitespace aside: `operator !=`) whose name line or
start line equals the tag's line; the match ignores the category, so that a definition the
tools classify differently (ctags calls a function bound to a TypeScript `const` a constant)
still counts as found on both sides. Categories merge kinds because the tools cut them
differently (ctags calls Go methods and C++ member functions `function`, Rust traits
`interface`, C structs `struct` where Python has `class`).

What is compared is what both tools consider a definition, and a rule leaves out a shape
ctags' parser demonstrably reads wrong (each named below, with the smallest input that shows
it in the function holding the rule); nothing is left out by repository or file.

- Rust: `const` and `static` items outside function bodies (`static mut` is a variable);
  ctags takes `&'static str` in one for a static named `str`. ctags reads the body of a
  macro invocation (`cfg_aio! { pub const AIO … }`); plan reads none but `thread_local!`'s,
  so a tag inside another macro is left out. ctags tags the `const` of a `const fn` as a
  constant named `fn`: it is not one. ctags' lexer skips an escaped quote in a string but
  not an escaped backslash, so after a string ending with one (`"a\\\\"`) it reads strings as
  code and code as strings: nothing is compared from there to the end of the file
  (`rust_lost_regions`). It reads the `r#` of a raw identifier (`fn r#async`) as a raw
  string and reports nothing there: plan's are left out.
- Go: package-level `const` and `var` (ctags `const`, `var`). ctags reads no function body,
  so a type plan finds declared in one is left out.
- Python: module-level assignments to an UPPER_CASE name (constants) and annotated
  module-level assignments (variables), also in a module-level `if` or `try`; ctags also
  reports every other module-level and class-level assignment, which plan does not take
  for a definition. ctags reports no annotation without a value (`x: Grammar`, which
  declares a module variable, in a stub its only definition): plan's are left out.
- JavaScript, TypeScript, TSX constants and variables: `const` (constants) and `let`/`var`
  (variables) at module or namespace level, also names taken out of an object or an array.
  ctags does not scope a local in an arrow function or a callback and reports words of a
  TypeScript type as constants, so a tag counts only when its line declares its name at
  column 0 (or in a namespace, or is a name on its own line in such a declaration) and it
  lies in no function plan found. ctags' JavaScript parser skips a declaration whose value
  starts with `this` (`var __x = (this && this.__x) || …`, what TypeScript emits) or is a call
  of a method of `Object` (`var req = Object.create(…)`), and one right after a call statement
  without `;`: plan's are left out there. ctags' TypeScript parser sometimes misses the end of
  a class and reports a later `declare const x` as its property: it counts as the constant it
  is; where such a property is a module-level type, interface, class or function, nothing
  after the class's line is compared. ctags cuts the pattern of a long line; the line is read
  from the file then. ctags does not read `.tsx`; it is mapped to its TypeScript parser and
  reported as TSX. A string key is named by its text (ctags drops the quotes plan keeps).
- JavaScript, TypeScript, TSX functions and classes: what each parser reports is in
  `js_function_compared`, `js_expression_key` (ctags' JavaScript parser tags a name once per
  scope and file) and `js_class`; where it tags nothing right, in `js_lost_regions` (an
  object literal after a member `key: function name()`, `key: () => expr` or `default`;
  a line where it names a function after the object it is assigned into) and
  `ts_lost_regions` (the statement after a declaration with a trailing comma and no `;`; a
  class after a constructor with a parameter defaulted to `{}`; the lines after a `<`
  comparison in a statement without `;`; the file after `return { … as const, … }`; a class
  after a member it names `if`; the block after a property `enum` followed by a word,
  `(a.enum as any)`, which it reads as an enum named `as`: an enum tag counts where its line
  declares it). A function tag for the type a function type returns (`) =>
  StrictTupleKey`, in a type parameter's default) is not a definition, nor a construct
  signature (`new (r: Runner): Reporter;`), which ctags tags a method `new`. ctags reports a
  TypeScript function or method with overloads once, at the first signature: plan's
  implementation is compared there, its other signatures are left out.
- Java: `static final` fields and interface fields (ctags `field`, filtered on the line;
  not the `default` of an annotation's element, which ctags also reports as a field).
  ctags reads no method body, no anonymous class body (`new Filter() { … }` in a field's
  initializer) and no enum constant's body (`IDENTITY() { … }`), so what plan finds there (a
  local or anonymous class and its methods) is left out (`java_anonymous_body`); ctags also
  tags an enum constant with a body a method, which is left out.
- C, C++: file- and namespace-scope variables (ctags `variable`; with `const` or `constexpr`
  before the name, constants). ctags reports the locals of a function defined by a macro
  (`TEST_CASE("…") { … }`) as file-scope variables and a prototype with a parenthesized
  name (`int (getc)(FILE *);`) as a variable, so a tag counts only when its line starts at
  column 0 or with its name, and is not such a prototype. Neither tool reports `extern`
  declarations. ctags reports a macro called at file scope (`DOCTEST_SUPPRESS_WARNING("-Wx")`)
  and an explicit instantiation (`template struct IsNaN<float>;`) as variables: they are
  not. ctags loses a declaration whose type is written from the global namespace
  (`static ::std::vector<int> v;`) and one right after a macro called on a line of its own
  without a `;` (`DOCTEST_SUPPRESS_WARNING("-Wx")`), which it takes for the declaration's
  start, so plan's are left out there. Macros are not compared, and a function or variable
  named like a macro the repository defines, in capitals with an underscore, is a use of
  it (`TEST_BEGIN(test_x) { … }`, `} GTEST_ATTRIBUTE_UNUSED_;`) on either side. A file
  tree-sitter reads as one error from its first line (macros it cannot expand wrap the whole
  file: doctest.h, nlohmann's amalgamated json.hpp) is left out on both sides: what either
  tool finds there comes from error recovery. ctags takes a defaulted or deleted C++
  function (`Foo(const Foo&) = delete;`) for a prototype, which it does not report: plan's
  are left out.

The name `_` (Go's `var _ I = …`, Rust's `const _: () = …`) is never a definition, and
minified files (`*.min.js`) put every definition on one line: they are left out.
"""

import argparse
import collections
import concurrent.futures
import json
import re
import subprocess
import sys

from ctags_regions import (after_call_without_semicolon, in_anonymous_function, java_anonymous_body, js_lost_regions,
                           rust_lost_regions, source_line, ts_lost_regions)

UPPER_CASE = re.compile(r"^_*[A-Z][A-Z0-9_]+$")
# A name written as C macros are by convention: capitals, digits and an underscore.
MACRO_NAME = re.compile(r"^[A-Z][A-Z0-9]*_[A-Z0-9_]*$")
# ctags scopes inside which a variable is local, not a definition at module level.
LOCAL_SCOPES = {"function", "method", "member", "generator", "getter", "setter", "class", "struct", "enum",
                "interface", "implementation"}


def pattern_text(tag):
    """The source line of a tag, from its `/^…$/` search pattern."""
    pattern = tag.get("pattern", "")
    return pattern.removeprefix("/^").removesuffix("/").removesuffix("$").replace("\\/", "/").replace("\\\\", "\\")


def before_name(tag):
    line = pattern_text(tag)
    at = re.search(r"\b" + re.escape(tag["name"]) + r"\b", line)
    return line[:at.start()] if at else line


def rust_static(tag):
    # ctags takes `&'static str` in a `const`'s type for a static named `str`.
    declared = re.search(r"(?<!')\bstatic\s+(mut\s+)?" + re.escape(tag["name"]) + r"\b", pattern_text(tag))
    if tag.get("scopeKind") in LOCAL_SCOPES or not declared:
        return None
    return "variable" if declared.group(1) else "constant"


def rust_const(tag):
    """A `const` item, but in a function's body (an associated one counts), and not the
    `const` of a `const fn` (ctags tags it a constant named `fn`, besides the function)."""
    if tag["name"] == "fn" and re.search(r"\bconst\s+fn\b", pattern_text(tag)):
        return None
    return None if tag.get("scopeKind") in ("function", "method") else "constant"


def at_module_level(tag):
    """A JavaScript or TypeScript declaration at module level that binds the tag's name:
    written at column 0, or in a namespace. ctags does not scope a local in an anonymous
    function (`describe(() => { const a = …})`, a method of an object literal) and reports
    it as a module-level one; its TypeScript parser also reports words of a type annotation
    (`core` of `const E: core.$constructor<…>`, `unknown`) and of a number (`_000`) as
    constants. A local in a function plan found is left out in `compare`."""
    line = pattern_text(tag)
    word = r"(?<![\w$])" + re.escape(tag["name"]) + r"(?![\w$])"
    declared = (re.search(r"\b(const|let|var)\s+" + word, line)
                or re.search(r"\b(const|let|var)\s*[\[{][^=]*" + word, line)
                or re.search(r",\s*" + word + r"\s*[=:;,]", line)
                or re.match(r"\s*" + word + r"\s*[=:,}\]]", line))
    written = re.match(r"(export\s+)?(declare\s+)?(const|let|var)\b", line) or re.match(r"\s*,\s*" + word, line)
    return declared is not None and (written is not None or tag.get("scopeKind") == "namespace"
                                     or destructured_at_module_level(tag))


def destructured_at_module_level(tag):
    """A name on a line of its own in a declaration that takes names out of an object or an
    array, written at column 0 (`const {\n  a,\n  b: c,\n} = …`)."""
    if "repo" not in tag:
        return False
    number = tag["line"] - 1
    while number > 0:
        text = source_line(tag["repo"], tag["path"], number, tag["sources"])
        if re.match(r"(export\s+)?(const|let|var)\s*[{\[]\s*$", text):
            return True
        if not re.match(r"\s+(\.\.\.)?[\w$]+(\s*:\s*[\w$]+)?(\s*=[^,]*)?,?\s*(//.*)?$", text):
            return False
        number -= 1
    return False


def js_variable(tag):
    return "variable" if at_module_level(tag) else None


def js_constant(tag):
    return "constant" if at_module_level(tag) else None


def ts_property(tag):
    """ctags' TypeScript parser sometimes misses the end of a class or interface and reports
    a later module-level declaration (`declare const axios: AxiosStatic;`) as its property:
    a property tag on a line that declares at column 0 counts as the constant or variable
    it is."""
    declared = re.match(r"(export\s+)?(declare\s+)?(const|let|var)\s+" + re.escape(tag["name"]) + r"\b",
                        pattern_text(tag))
    if not declared:
        return None
    return "constant" if declared.group(3) == "const" else "variable"


def js_class(tag):
    """ctags calls an object literal bound to a name (`const routes = {…}`) a class: it is a
    constant or variable where plan has one, and a local otherwise. Its JavaScript parser also
    calls an object written into a property (`app.locals.user = {…}`, `tj: {…}`, `this.x =
    {…}`) and a function given a prototype member (`View.prototype.render = …`, tagged there)
    a class: neither declares one. A class counts where its line declares it with `class`,
    or as the function it is where its line declares one (`function View(name) {`, which
    ctags calls a class for its prototype members)."""
    name = re.escape(tag["name"])
    line = pattern_text(tag)
    bound = re.match(r"\s*(export\s+)?(const|let|var)\s+" + name + r"\s*=\s*\{", line)
    if bound:
        if not at_module_level(tag):
            return None
        return "constant" if bound.group(2) == "const" else "variable"
    if re.search(r"\bclass\s+" + name + r"\b|\b" + name + r"\s*=\s*class\b", line):
        return "class"
    if re.search(r"\bfunction\s*\*?\s*" + name + r"\s*\(|\b" + name + r"\s*=\s*(async\s+)?function\b", line):
        return "function"
    return None


def module_constant(tag):
    if tag.get("scopeKind") in LOCAL_SCOPES:
        return None
    return "constant"


def module_variable(tag):
    if tag.get("scopeKind") in LOCAL_SCOPES:
        return None
    return "variable"


def python_variable(tag):
    if tag.get("scope"):
        return None
    if UPPER_CASE.match(tag["name"]):
        return "constant"
    if re.match(r"\s*" + re.escape(tag["name"]) + r"\s*:", pattern_text(tag)):
        return "variable"
    return None


def java_field(tag):
    """A constant: a `static final` field or an interface's field. ctags also reports the
    default of an annotation's element (`boolean value() default true;`) as a field."""
    words = set(re.findall(r"\w+", before_name(tag)))
    declared = re.search(r"\b" + re.escape(tag["name"]) + r"\s*[=;,]", pattern_text(tag))
    if "default" in words or "." in tag["name"] or not declared:
        return None
    if {"static", "final"} <= words or tag.get("scopeKind") in ("interface", "annotation"):
        return "constant"
    return None


def c_variable(tag):
    """A file- or namespace-scope variable. ctags takes a function defined by a macro
    (`TEST_CASE("…") { int a = …; }`) for none and reports its locals, indented, as file-scope
    variables, and a prototype with a parenthesized name (`int (getc)(FILE *);`) for a
    variable. So the declaration must start at column 0, or its line with the name (a
    declarator on a line of its own). ctags also reports a macro called at file scope
    (`DOCTEST_SUPPRESS_WARNING("-Wx")`) and an explicit instantiation (`template struct
    IsNaN<float>;`) as variables: neither declares one."""
    line = pattern_text(tag)
    name = re.escape(tag["name"])
    at_top = not line[:1].isspace() or re.match(r"\s*" + name + r"\b", line)
    prototype = re.search(r"\(\s*" + name + r"\s*\)\s*\(", line)
    macro_call = re.match(r"\s*" + name + r"\s*\(", line)
    instantiation = re.match(r"\s*(extern\s+)?template\s+(struct|class|union)\b", line)
    if tag.get("scopeKind") in LOCAL_SCOPES or not at_top or prototype or macro_call or instantiation:
        return None
    return "constant" if re.search(r"\b(const|constexpr)\b", before_name(tag)) else "variable"


# ctags language -> {ctags kind: category, or a function of the tag giving one or None}
CTAGS_KINDS = {
    "Rust": {"function": "function", "method": "function", "struct": "class", "enum": "enum",
             "interface": "interface", "variable": rust_static, "constant": rust_const},
    "Go": {"func": "function", "methodSpec": "function", "struct": "class", "interface": "interface",
           "const": module_constant, "var": module_variable},
    "Python": {"function": "function", "member": "function", "class": "class", "variable": python_variable},
    "JavaScript": {"function": "function", "method": "function", "generator": "function", "getter": "function",
                   "setter": "function", "class": js_class, "constant": js_constant, "variable": js_variable},
    "TypeScript": {"function": "function", "method": "function", "class": "class", "interface": "interface",
                   "enum": "enum", "generator": "function", "constant": js_constant,
                   "variable": js_variable, "property": ts_property},
    "Java": {"method": "function", "class": "class", "interface": "interface", "enum": "enum",
             "annotation": "interface", "record": "class", "field": java_field},
    "C": {"function": "function", "struct": "class", "union": "class", "enum": "enum", "variable": c_variable},
    "C++": {"function": "function", "struct": "class", "union": "class", "class": "class", "enum": "enum",
            "variable": c_variable},
}
CTAGS_KINDS["TSX"] = CTAGS_KINDS["TypeScript"]
JS_LANGUAGES = ("JavaScript", "TypeScript", "TSX")
PLAN_KINDS = {"function": "function", "method": "function", "struct": "class", "class": "class",
              "trait": "interface", "interface": "interface", "enum": "enum", "const": "constant",
              "variable": "variable"}
PLAN_LANGUAGE = {"rust": "Rust", "go": "Go", "python": "Python", "javascript": "JavaScript",
                 "typescript": "TypeScript", "tsx": "TSX", "java": "Java", "c": "C", "cpp": "C++"}


CTAGS = "ctags"


def ctags_file(repo, path):
    # One file per ctags run: in recursive mode its C preprocessor carries macro state from
    # file to file and loses most tags of later files (seen on jq: 12 tags of 157).
    out = subprocess.run(
        [CTAGS, "--output-format=json", "--fields=+nKlzsE", "--map-TypeScript=+.tsx", "-f", "-", path],
        cwd=repo, capture_output=True, text=True).stdout
    return out.splitlines()


def ctags_tags(repo, paths):
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        outputs = pool.map(lambda path: ctags_file(repo, path), sorted(paths))
        lines = [line for output in outputs for line in output]
    tags = []
    files = set()
    sources = {}
    macros = set()
    lost = {}
    misnamed = set()
    enum_constants = set()
    for line in lines:
        try:
            tag = json.loads(line)
        except json.JSONDecodeError:
            continue
        if tag.get("_type") != "tag":
            continue
        # ctags cuts the pattern of a long line (without its closing `$/`): read the line.
        if not tag.get("pattern", "").endswith("$/") and "line" in tag:
            text = source_line(repo, tag["path"], tag["line"], sources)
            tag["pattern"] = "/^" + text.replace("\\", "\\\\").replace("/", "\\/") + "$/"
        language = tag.get("language")
        if language == "TypeScript" and tag["path"].endswith(".tsx"):
            language = "TSX"
        tag["repo"], tag["sources"] = repo, sources
        if language in CTAGS_KINDS:
            files.add(tag["path"])
        category = CTAGS_KINDS.get(language, {}).get(tag.get("kind"))
        if callable(category):
            category = category(tag)
        # ctags reads the body of a Rust macro invocation (`cfg_aio! { pub const AIO … }`,
        # `rgtest!(name, |dir| { const HAYSTACK … })`); plan reads none but `thread_local!`'s.
        if language == "Rust" and tag.get("macro", "thread_local") != "thread_local":
            category = None
        # A construct signature (`new (runner: Runner): Reporter;` in an interface) names no
        # member; ctags' TypeScript parser tags it a method `new`.
        if language in ("TypeScript", "TSX") and tag["name"] == "new" and re.match(r"\s*new\s*[(<]", pattern_text(tag)):
            category = None
        # ctags' TypeScript parser takes the type a function type returns, in a type
        # parameter's default (`K extends L = (i: number) => StrictTupleKey`), for a method.
        # ctags' TypeScript parser reads `enum` in `(a.enum as any)` as the start of an enum
        # named `as` (see `enum_properties`): an enum tag counts where its line declares it.
        if language in ("TypeScript", "TSX") and category == "enum" and not re.search(
                r"\benum\s+" + re.escape(tag["name"]) + r"\b", pattern_text(tag)):
            category = None
        if language in JS_LANGUAGES and category == "function" and re.search(
                r"=>\s*" + re.escape(tag["name"]) + r"\s*$", pattern_text(tag)):
            category = None
        # ctags' JavaScript parser names a function assigned to a property after the object
        # (`res.get = function (…)`, `app[method] = function`, `a.c = function` in a function
        # that assigns to `this`): the line is not compared.
        if language == "JavaScript" and category == "function" and re.match(
                r"\s*" + re.escape(tag["name"]) + r"(\.[\w$]+|\[[^\]]*\])+\s*=[^=]", pattern_text(tag)):
            misnamed.add((tag["path"], tag["line"]))
            category = None
        # Anonymous functions and classes (`AnonymousFunction…`, `__anon…`; the `anonymous` extra)
        # are not named definitions.
        if category and tag["name"] != "_" and "anonymous" not in tag.get("extras", "").split(","):
            tags.append((language, category, tag["path"], "".join(tag["name"].split()), tag["line"]))
        # ctags' Java parser tags an enum constant with a body (`IDENTITY() {`) both an enum
        # constant and a method: the method is left out below.
        if language == "Java" and tag.get("kind") == "enumConstant":
            enum_constants.add((tag["path"], tag["name"], tag["line"]))
        if language in ("C", "C++") and tag.get("kind") == "macro" and MACRO_NAME.match(tag["name"]):
            macros.add(tag["name"])
        if language in ("TypeScript", "TSX") and tag.get("kind") == "property" and tag.get("scopeKind") == "class" and re.match(
                r"(export\s+)?(declare\s+)?(type|interface|class|abstract|function|enum|namespace)\b", pattern_text(tag)):
            classes = [other for other in tags if other[2] == tag["path"] and other[1] == "class"
                       and other[3] == tag.get("scope", "").rsplit(".", 1)[-1]]
            line = max((other[4] for other in classes), default=tag["line"])
            lost[tag["path"]] = min(lost.get(tag["path"], line), line)
        # A method or property named `if` (`for`, …) shows ctags' TypeScript parser reading a
        # method's body as the class's: from there on it tags nothing as what it is.
        if language in ("TypeScript", "TSX") and tag.get("scopeKind") == "class" and tag["name"] in (
                "if", "for", "while", "switch", "return", "else", "try", "catch"):
            lost[tag["path"]] = min(lost.get(tag["path"], tag["line"]), tag["line"])
    # ctags takes a macro called at file scope (`TEST_BEGIN(test_x) { … }`, `JEMALLOC_ATTR(malloc)
    # void *f(…)`) for a function named like the macro, and one written after a class
    # (`} GTEST_ATTRIBUTE_UNUSED_;`) for a variable: a C or C++ function or variable tag whose
    # name the repository defines as a macro, and is written as macros are (`TEST_BEGIN`), is
    # such a use, not a definition (plan's too: see `compare`).
    tags = [tag for tag in tags if not (tag[0] in ("C", "C++") and tag[1] in ("function", "variable", "constant")
                                        and tag[3] in macros)]
    tags = [tag for tag in tags if not (tag[0] == "Java" and tag[1] == "function"
                                        and (tag[2], tag[3], tag[4]) in enum_constants)]
    return tags, files, lost, misnamed, macros


def compared(repo, language, path, symbol, sources):
    """Whether a symbol of plan's is of a kind ctags reports: not a Rust `const` item, not a
    C++ variable of a `::`-qualified type, not
    a name a JavaScript declaration takes out of an object (`const { a, b: c } = …`) or first
    out of an array (`a` of `const [a, b] = …`), not a Python assignment ctags' parser loses."""
    name = re.escape(symbol["name"])
    if language in ("C", "C++") and symbol["kind"] in ("const", "variable"):
        # ctags loses a declaration whose type is written from the global namespace, and one
        # right after a macro called on a line of its own without a `;`, which it takes for
        # the declaration's start.
        line = source_line(repo, path, symbol["name_line"], sources)
        previous = symbol["start"] - 1
        while previous > 0 and re.match(r"\s*(//.*)?$", source_line(repo, path, previous, sources)):
            previous -= 1
        after_macro = re.match(r"\s*[A-Z_][A-Z0-9_]*\s*(\(.*\))?\s*(//.*)?$", source_line(repo, path, previous, sources))
        return not (re.match(r"\s*((static|const|constexpr|inline|thread_local)\s+)*::", line) or after_macro)
    if language == "Python" and symbol["kind"] == "variable":
        # ctags reports no annotation without a value (`x: int`, which declares a module
        # variable, in a stub its only definition).
        text = " ".join(source_line(repo, path, number, sources) for number in range(symbol["start"], symbol["end"] + 1))
        annotation = re.search(name + r"\s*:(.*)", text)
        return annotation is None or re.search(r"(?<![=!<>])=(?!=)", annotation.group(1)) is not None
    if language == "Rust" and symbol["name"].startswith("r#"):
        # ctags' Rust lexer reads the `r#` of a raw identifier (`fn r#async`) as a raw string's
        # start and reports nothing there.
        return False
    if language == "C++" and symbol["kind"] in ("function", "method"):
        # ctags takes a defaulted or deleted function (`Foo(const Foo&) = delete;`) for a prototype.
        line = source_line(repo, path, symbol["end"], sources)
        return re.search(r"=\s*(default|delete)\s*;", line) is None
    if language == "JavaScript" and symbol["kind"] in ("const", "variable"):
        line = source_line(repo, path, symbol["name_line"], sources)
        word = r"(?<![\w$])" + name + r"(?![\w$])"
        if re.search(r"\b(const|let|var)\s+" + word + r"\s*=\s*\(*\s*this\b", line):
            return False
        # ctags' JavaScript parser reports no variable whose value is a call of a method of
        # `Object` (`var req = Object.create(…)`, `const k = Object.keys(…)`).
        if re.search(r"\b(const|let|var)\s+" + word + r"\s*=\s*Object\s*\.", line):
            return False
        if re.match(r"(const|let|var)\s+" + word, line) and after_call_without_semicolon(
                repo, path, symbol["name_line"], sources):
            return False
        return True
    return True


def js_function_compared(repo, language, path, symbol, kinds, starts, sources):
    """Whether a JavaScript or TypeScript function or method of plan's is of a kind ctags'
    parser for its language reports.

    The JavaScript parser reports a function wherever it is defined: declared, named, bound to
    a name or assigned to a property (with `function` or as an arrow function), in a function
    body too, and a member of an object literal (`key: function () {}`, `key() {}`, `get
    key() {}`). Not a named function expression in an array (`[function f() {}]`), nor a
    function assigned through a chain (`a.b =` / `a.c = function f() {}`).

    The TypeScript parser reports a function declared or named at module level or in an
    anonymous function (`function h() {}`, `it('x', function named() {})`, by the
    expression's name in `adapter: function barAdapter() {}`), not in the body of one with a
    name (declared, a method, or an arrow function bound to a `const`); no other member of an object literal (a method not in a class or
    interface, or inside one), no other definition inside a function (`const f = () => …` in
    a body, a function assigned to a property), no function bound by `const` in an anonymous
    function, and no class method without a body (an overload's signature, a `declare class`
    member) but its constructor."""
    name = re.escape(symbol["name"])
    line = source_line(repo, path, symbol["name_line"], sources)
    if language == "JavaScript":
        # Nor a function assigned through a chain (`res.set =` / `res.header = function header(…)`).
        previous = source_line(repo, path, symbol["name_line"] - 1, sources)
        if re.match(r"\s*[\w$.]+\s*=\s*(//.*)?$", previous) and re.match(r"\s*[\w$.]+\s*=\s*(async\s+)?function\b", line):
            return False
        return not re.search(r"\[\s*function\s*\*?\s*" + name + r"\s*\(|,\s*function\s*\*?\s*" + name + r"\s*\(.*\]", line)
    scopes = []
    qualified = symbol["qualified_name"]
    while "." in qualified:
        qualified = qualified.rsplit(".", 1)[0]
        scopes.append(qualified)
    if re.search(r"\bfunction\s*\*?\s*" + name + r"\s*[<(]", line):
        parent = next((scope for scope in scopes if kinds.get(scope) in ("function", "method")), None)
        return parent is None or in_anonymous_function(repo, path, starts[parent], symbol["name_line"], sources)
    if re.search(r"\." + name + r"\s*=\s*(async\s+)?(function\b|(<[^>]*>)?\(|[\w$]+\s*=>)", line):
        return False
    chain = [symbol["qualified_name"]] + scopes
    for inner, outer in zip(chain, chain[1:] + [None]):
        kind = symbol["kind"] if inner == symbol["qualified_name"] else kinds.get(inner)
        if kind == "method" and kinds.get(outer) not in ("class", "interface"):
            return False
    if any(kinds.get(scope) in ("function", "method") for scope in scopes):
        return False
    # ctags' TypeScript parser does not report a class method written without a body (an
    # overload's signature, a member of a `declare class`), the constructor aside.
    text = source_line(repo, path, symbol["end"], sources)
    if (language != "JavaScript" and symbol["kind"] == "method" and kinds.get(scopes[0] if scopes else None) == "class"
            and symbol["name"] != "constructor" and re.search(r";\s*(//.*)?$", text) and "{" not in text):
        return False
    # A function bound to a `const` (`let`, `var`) counts, as a constant does, at module or
    # namespace level: an indented one outside a namespace is a local of an anonymous
    # function (`test('x', async t => { const f = async () => …})`).
    local = re.match(r"\s+(export\s+)?(const|let|var)\s+" + name + r"\b", line)
    return not local or any(kinds.get(scope) == "module" for scope in scopes)


def js_expression_key(line, name):
    """What ctags' JavaScript parser names a function written as an expression on `line`: a
    property it is assigned to (`app.request.foo = function`; not a prototype's, which it tags
    each time), or its own name as a call's argument (`f(function name(…)`); None for a
    declaration (`function name(…)`) or a function of another shape."""
    word = re.escape(name)
    assigned = re.search(r"([\w$]+(\.[\w$]+)*\." + word + r")\s*=\s*(async\s+)?function\b", line)
    if assigned and ".prototype." not in assigned.group(1):
        return "property " + assigned.group(1)
    if re.search(r"[(,]\s*(async\s+)?function\s*\*?\s*" + word + r"\s*\(", line):
        return "argument " + name
    return None


def plan_symbols(repo, plan):
    out = subprocess.run([plan, "--root", repo, "-q", "symbols", "--format", "json"],
                         capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"plan failed ({out.returncode}): {out.stderr}")
    data = json.loads(out.stdout)
    symbols = []
    sources = {}
    functions = collections.defaultdict(list)
    classes = collections.defaultdict(list)
    regions = {}
    unread = set()
    for file in data["files"]:
        language = PLAN_LANGUAGE.get(file["language"])
        if language in ("C", "C++") and file["syntax_errors"][:1] == [1]:
            unread.add(file["path"])
            continue
        kinds = {}
        starts = {}
        for symbol in file["symbols"]:
            kinds.setdefault(symbol["qualified_name"], symbol["kind"])
            starts.setdefault(symbol["qualified_name"], symbol["start"])
        if language in ("TypeScript", "TSX"):
            regions[file["path"]] = ts_lost_regions(repo, file["path"], file["symbols"], sources)
        if language == "JavaScript":
            regions[file["path"]] = js_lost_regions(repo, file["path"], sources)
        if language == "Rust":
            regions[file["path"]] = rust_lost_regions(repo, file["path"], sources)
        overloaded = set()
        signatures = {}
        for symbol in file["symbols"]:
            # ctags' TypeScript parser tags a method with overloads once, at its first signature
            # (`format(): R;` / `format<U>(m: M): R;` / `format(m?: any) {…}`): plan's
            # implementation is compared at that line.
            if language in ("TypeScript", "TSX") and symbol["kind"] == "method":
                text = source_line(repo, file["path"], symbol["end"], sources)
                if re.search(r";\s*(//.*)?$", text) and "{" not in text:
                    signatures.setdefault(symbol["qualified_name"], symbol["name_line"])
                elif symbol["qualified_name"] in signatures:
                    symbol = dict(symbol, name_line=signatures[symbol["qualified_name"]])
            # A TypeScript function's overloads are signatures (`function f(a: string): void`)
            # before the implementation: ctags reports the function once, at the first.
            if language in ("TypeScript", "TSX") and symbol["kind"] == "function":
                if symbol["qualified_name"] in overloaded:
                    continue
                declared = re.search(r"\bfunction\s+" + re.escape(symbol["name"]) + r"\b",
                                     source_line(repo, file["path"], symbol["name_line"], sources))
                if declared and not re.search(r"\}\s*;?\s*(//.*)?$", source_line(repo, file["path"], symbol["end"], sources)):
                    overloaded.add(symbol["qualified_name"])
            # ctags' JavaScript parser reports a name once per scope and file, at its first
            # definition; it puts a named function expression given as an argument
            # (`route.all(function createError (…) {…})`) at module level and a function assigned to a property (`app.request.foo
            # = function () {…}`) in the object's scope, wherever they are: a later one of the
            # same name (or property) is not reported.
            if language == "JavaScript" and symbol["kind"] in ("function", "method"):
                key = js_expression_key(source_line(repo, file["path"], symbol["name_line"], sources), symbol["name"])
                if key in overloaded:
                    continue
                if key:
                    overloaded.add(key)
            if symbol["kind"] in ("function", "method"):
                functions[file["path"]].append((symbol["start"], symbol["end"]))
            if symbol["kind"] == "class":
                classes[file["path"]].append((symbol["start"], symbol["end"]))
            category = PLAN_KINDS.get(symbol["kind"])
            # ctags' Java parser reads no anonymous class body and no enum constant's body.
            if language == "Java" and category == "function" and java_anonymous_body(
                    repo, file["path"], symbol["name_line"], sources):
                continue
            if language in JS_LANGUAGES and category == "function" and not js_function_compared(
                    repo, language, file["path"], symbol, kinds, starts, sources):
                continue
            if category and language and compared(repo, language, file["path"], symbol, sources):
                name = "".join(symbol["name"].split())
                if language in JS_LANGUAGES and re.match(r"(['\"]).*\1$", name):
                    # A string key is named by its text: ctags drops the quotes, plan keeps them.
                    name = name[1:-1]
                symbols.append((language, category, file["path"], name, symbol["name_line"], symbol["start"]))
    return symbols, {file["path"] for file in data["files"]} - unread, functions, classes, regions


def compare(repo, plan):
    symbols, plan_files, functions, classes, regions = plan_symbols(repo, plan)
    # Only files both tools read (plan skips ignored, binary and huge files).
    tags, ctags_files, lost, misnamed, macros = ctags_tags(repo, plan_files)
    # A C or C++ name the repository defines as a macro is no definition on plan's side either.
    symbols = [symbol for symbol in symbols if not (symbol[0] in ("C", "C++") and symbol[1] != "class"
                                                    and symbol[3] in macros)]
    # Where ctags' parsers report nothing right (`ts_lost_regions`, `js_lost_regions`), nothing
    # is compared.
    tags = [tag for tag in tags if not any(start <= tag[4] <= end for start, end in regions.get(tag[2], []))]
    symbols = [symbol for symbol in symbols if not any(start <= symbol[4] <= end for start, end in regions.get(symbol[2], []))]
    # Where ctags' JavaScript parser names a function after the object it is assigned into
    # (`res.get = function (…)` tagged `res`), nothing on that line is compared.
    tags = [tag for tag in tags if (tag[2], tag[4]) not in misnamed]
    symbols = [symbol for symbol in symbols if (symbol[2], symbol[4]) not in misnamed]
    # ctags' TypeScript parser lost the end of a class (it reports a later module-level
    # declaration as its property): after that class's line, it reports nothing as what it is.
    tags = [tag for tag in tags if tag[4] <= lost.get(tag[2], tag[4])]
    symbols = [symbol for symbol in symbols if symbol[4] <= lost.get(symbol[2], symbol[4])]
    # ...and only files ctags parses as a language (it does not read `.pyi` stubs, say).
    symbols = [symbol for symbol in symbols if symbol[2] in ctags_files]
    # A JavaScript or TypeScript constant or variable inside a function plan found is a
    # local that ctags did not scope (in an arrow function, say).
    tags = [tag for tag in tags if not (tag[0] in JS_LANGUAGES and tag[1] in ("constant", "variable")
                                        and any(start < tag[4] <= end for start, end in functions[tag[2]]))]
    # ctags' Java and Go parsers read no function body: a local or anonymous class declared
    # in one (and its methods), a Go type or constant declared in one, are not reported.
    # Plan's definitions inside a function are left out.
    symbols = [symbol for symbol in symbols if not (symbol[0] in ("Java", "Go") and any(
        start < symbol[5] <= end for start, end in functions[symbol[2]]))]
    # Minified files put every definition on one line: nothing to compare.
    tags = [tag for tag in tags if ".min." not in tag[2]]
    symbols = [symbol for symbol in symbols if ".min." not in symbol[2]]

    index = collections.defaultdict(list)
    for symbol in symbols:
        index[(symbol[2], symbol[3])].append(symbol)
    rows = collections.defaultdict(lambda: {"ctags": 0, "found": 0, "plan": 0, "matched": 0,
                                            "missed": [], "extra": []})
    matched_symbols = set()
    for language, category, path, name, line in tags:
        for key in ((language, category), (language, "all")):
            rows[key]["ctags"] += 1
        hit = next((s for s in index.get((path, name), []) if line in (s[4], s[5])), None)
        if hit:
            matched_symbols.add(hit)
            for key in ((language, category), (language, "all")):
                rows[key]["found"] += 1
        else:
            rows[(language, category)]["missed"].append(f"{path}:{line} {name}")
    for s in symbols:
        for key in ((s[0], s[1]), (s[0], "all")):
            rows[key]["plan"] += 1
            rows[key]["matched"] += s in matched_symbols
        if s not in matched_symbols:
            rows[(s[0], s[1])]["extra"].append(f"{s[2]}:{s[4]} {s[3]}")
    return rows


def ratio(part, whole):
    return part / whole if whole else float("nan")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("repo")
    parser.add_argument("--plan", default="target/release/plan")
    parser.add_argument("--ctags", default="ctags",
                        help="the Universal Ctags binary (with JSON output); the rules are written for 6.2.0")
    parser.add_argument("--show", type=int, default=0, help="print N misses of each side")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args()

    global CTAGS
    CTAGS = args.ctags
    rows = compare(args.repo, args.plan)
    order = ["function", "class", "interface", "enum", "constant", "variable", "all"]
    keys = sorted(rows, key=lambda key: (key[0], order.index(key[1])))
    if args.json:
        print(json.dumps([{"language": key[0], "category": key[1],
                           **{field: rows[key][field] for field in ("ctags", "found", "plan", "matched")}}
                          for key in keys]))
        return
    print(f"{'language':<11} {'category':<10} {'ctags':>6} {'found':>6} {'recall':>7} {'plan':>6} {'precision':>9}")
    for key in keys:
        row = rows[key]
        recall = ratio(row["found"], row["ctags"])
        precision = ratio(row["matched"], row["plan"])
        print(f"{key[0]:<11} {key[1]:<10} {row['ctags']:>6} {row['found']:>6} {recall:>7.1%} "
              f"{row['plan']:>6} {precision:>9.1%}")
        if args.show:
            for miss in row["missed"][:args.show]:
                print(f"    ctags only: {miss}")
            for miss in row["extra"][:args.show]:
                print(f"    plan only:  {miss}")


if __name__ == "__main__":
    main()
