"""Where ctags' parsers read a file wrong, found from its text.

Each function names the shape ctags (Universal Ctags 6.2.0, and 5.9.0 where said) misreads,
with the smallest input that shows it; `compare-ctags.py` compares nothing in the lines they
return, on either side. Lines are 1-based in what they return.
"""

import re


def source_line(repo, path, line, sources):
    if path not in sources:
        with open(f"{repo}/{path}", encoding="utf-8", errors="replace") as file:
            sources[path] = file.read().splitlines()
    lines = sources[path]
    return lines[line - 1] if 0 < line <= len(lines) else ""


def after_call_without_semicolon(repo, path, line, sources):
    """Whether the statement before `line` (blank and comment lines aside) is a call that ends
    without `;` (`foo()`, `await foo()`, `describe('x', () => {…})` over many lines).
    ctags' JavaScript parser skips a variable declared right after one (not after an
    assignment or a declaration, `var a = foo()`)."""
    previous = line - 1
    in_comment = False
    while previous > 0:
        text = source_line(repo, path, previous, sources).strip()
        if in_comment:
            in_comment = not text.startswith("/*")
        elif text.endswith("*/"):
            in_comment = not text.startswith("/*")
        elif text and not text.startswith("//"):
            break
        previous -= 1
    if previous <= 0 or not text.endswith(")"):
        return False
    # Walk back to the line that opens the statement's brackets.
    depth = 0
    while previous > 0:
        text = source_line(repo, path, previous, sources)
        depth += sum(text.count(c) for c in ")]}") - sum(text.count(c) for c in "([{")
        if depth <= 0:
            break
        previous -= 1
    return re.match(r"\s*(await\s+)?[\w$.]+\s*\(", source_line(repo, path, previous, sources)) is not None


def in_anonymous_function(repo, path, parent_start, line, sources):
    """Whether `line` lies in an anonymous function (`(x) => {`, `function () {`) opened
    inside the body of the function starting at `parent_start`: braces are followed from the
    parent's first line (its own body brace is not anonymous)."""
    stack = []
    for number in range(parent_start, line):
        text = code_text(source_line(repo, path, number, sources))
        for at, character in enumerate(text):
            if character == "{":
                before = text[:at]
                stack.append(bool(re.search(r"(=>|\bfunction\s*\*?\s*\([^)]*\)(\s*:[^{]*)?)\s*$", before)))
            elif character == "}" and stack:
                stack.pop()
    return any(stack[1:])


def code_text(line):
    """A line without its string literals and `//` comment, for counting brackets."""
    line = re.sub(r"'(\\.|[^'\\])*'|\"(\\.|[^\"\\])*\"|`(\\.|[^`\\])*`", "''", line)
    return re.sub(r"//.*$", "", line).rstrip()


def statement_end(lines, start):
    """The last line (0-based) of the statement starting at line `start`: brackets closed, and
    neither that line nor the next continues the expression."""
    depth = 0
    for index in range(start, len(lines)):
        text = code_text(lines[index])
        depth += sum(text.count(c) for c in "([{") - sum(text.count(c) for c in ")]}")
        following = next((code_text(line) for line in lines[index + 1:] if code_text(line).strip()), "")
        if depth <= 0 and not re.search(r"(=>|[=(,?:|&+\-*/<]|\bas|\bin)$", text) and not re.match(
                r"\s*([.?:|&+\-*/]|as\b|in\b)", following):
            return index
    return len(lines) - 1


def ts_lost_regions(repo, path, file_symbols, sources):
    """The lines ctags' TypeScript parser (5.9.0 and 6.2.0 alike) reports nothing right in:

    - After a `const`, `let` or `var` declaration that holds a trailing comma (`,` before a
      closing bracket) and ends without `;` (`const s = create((set) => ({\n  a: 0,\n}))`),
      it reads the next statement as part of the declaration (a function there is tagged a
      constant, or not at all), and the one after too while the one it read is like it; where
      that is the `}` closing the declaration's block, the block never ends for it, and
      nothing after it in the file is tagged right.
    - After a constructor with a parameter defaulted to an empty object (`constructor(a: T,
      b: U = {}) {`), it reports no later member of the class.
    - After a `<` comparison in a statement without `;`, up to the next `;`
      (`comparisons_read_as_type_arguments`).
    - After a returned object literal with a member `as const` and a comma (`return {\n  v: 1
      as const,\n}`): it reads `const,` as a declaration and never finds the function's end,
      so nothing after it in the file is tagged right.
    - A function assigned to a property (`inst.run = (payload) => {…}`): not reported (see
      `js_function_compared`).
    - A property named `enum` before a word (`(schema.enum as any).D`): it reads an enum
      declaration named `as` (`enum_properties`)."""
    source_line(repo, path, 1, sources)
    lines = sources[path]
    regions = (swallowed_statements(lines) + comparisons_read_as_type_arguments(lines) + returned_as_const(lines)
               + enum_properties(lines))
    for symbol in file_symbols:
        if symbol["kind"] == "method" and symbol["name"] == "constructor":
            parameters = " ".join(lines[symbol["start"] - 1:symbol["end"]]).split(")", 1)[0] + ")"
            if re.search(r"=\s*\{\s*\}\s*[,)]", parameters):
                classes = [s for s in file_symbols if s["kind"] == "class" and s["start"] < symbol["start"] <= s["end"]]
                if classes:
                    regions.append((symbol["end"] + 1, classes[-1]["end"]))
    return regions


def js_lost_regions(repo, path, sources):
    """The lines ctags' JavaScript parser reports nothing in: an object literal's member whose
    value is a named function expression (`value: function use() {…}`) or an arrow function
    with an expression body (`get: () => value,`), or whose key is `default`, and the members
    after it in the object (the lines indented as deep as it, or deeper, up to its end)."""
    source_line(repo, path, 1, sources)
    lines = sources[path]
    regions = []
    member = re.compile(r"(\s*)((['\"]?[\w$-]+['\"]?|\[[^\]]*\])\s*:\s*(async\s+)?"
                        r"(function\s*\*?\s*[\w$]+\s*\(|(\([^)]*\)|[\w$]+)\s*=>\s*(?!\s*\{))|default\s*[:(])")
    index = 0
    while index < len(lines):
        found = member.match(lines[index])
        if not found:
            index += 1
            continue
        indent = len(found.group(1))
        end = index + 1
        while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) >= indent):
            end += 1
        regions.append((index + 1, end))
        index = end
    return regions


def enum_properties(lines):
    """ctags' TypeScript parser reads a property named `enum` followed by a word
    (`expect((a.enum as any).D)`) as an enum declaration named by that word, and takes the
    next `{…}` block for its body: in `(a.enum as any).D;\\ntest("x", () => {\\n  enum N {…}\\n})`
    it tags an enum `as` and not `N`. Nothing is compared from that line to the end of the
    block."""
    regions = []
    for index, line in enumerate(lines):
        found = re.search(r"\.enum\s+[A-Za-z_$]", code_text(line))
        if not found:
            continue
        depth, end, opened = 0, len(lines) - 1, False
        for number in range(index, len(lines)):
            text = code_text(lines[number])[found.end() if number == index else 0:]
            for character in text:
                opened = opened or character == "{"
                if opened:
                    depth += (character == "{") - (character == "}")
            if opened and depth <= 0:
                end = number
                break
        regions.append((index + 1, end + 1))
    return regions


def returned_as_const(lines):
    """From a `return` statement whose object literal holds `as const,` to the end of the file
    (see `ts_lost_regions`)."""
    for index, line in enumerate(lines):
        if not re.search(r"\bas\s+const\s*,", code_text(line)):
            continue
        indent = len(line) - len(line.lstrip())
        start = index
        while start > 0 and not re.match(r"\s*return\b", lines[start]) and (
                not lines[start].strip() or len(lines[start]) - len(lines[start].lstrip()) >= indent):
            start -= 1
        if re.match(r"\s*return\b", lines[start]):
            return [(start + 1, len(lines))]
    return []


def comparisons_read_as_type_arguments(lines):
    """The line ranges (1-based) ctags' TypeScript parser skips after a `<` comparison (`if (a
    < 1) return x`) in a file without `;` there: it reads the `<` as opening type arguments,
    looks for a `>` (an arrow's `=>` will do) and resumes after the next `;`."""
    regions = []
    index = 0
    while index < len(lines):
        if re.search(r"\s<=?\s", code_text(lines[index])) and not code_text(lines[index]).endswith(";"):
            end = next((number for number in range(index + 1, len(lines)) if code_text(lines[number]).endswith(";")),
                       len(lines) - 1)
            regions.append((index + 1, end + 1))
            index = end
        index += 1
    return regions


def swallowed_statements(lines):
    """The line ranges (1-based) of the statements ctags' TypeScript parser reads as part of a
    declaration with a trailing comma and no `;` before them (see `ts_lost_regions`)."""
    regions = []
    index = 0
    while index < len(lines):
        if not re.match(r"\s*(export\s+)?(declare\s+)?(const|let|var)\s", lines[index]):
            index += 1
            continue
        end = statement_end(lines, index)
        text = "\n".join(code_text(line) for line in lines[index:end + 1])
        while re.search(r",\s*[)\]}]", text) and not text.endswith(";"):
            after = next((number for number in range(end + 1, len(lines)) if code_text(lines[number]).strip()), None)
            if after is None:
                break
            if code_text(lines[after]).lstrip().startswith("}"):
                return regions + [(after + 1, len(lines))]
            end = statement_end(lines, after)
            regions.append((after + 1, end + 1))
            text = "\n".join(code_text(line) for line in lines[after:end + 1])
        index = end + 1
    return regions


def rust_lost_regions(repo, path, sources):
    """ctags' Rust lexer skips `\\"` in a string but not `\\\\`: a string whose text ends with an
    escaped backslash (`"\\\\"`, `b"\\x1B\\\\"`) does not end for it at its closing quote, and from
    there it reads strings as code and code as strings (`fn a() { "\\\\"; }  fn b() {}` gives
    `a` only). Nothing is compared from that string's line to the end of the file."""
    source_line(repo, path, 1, sources)
    text = "\n".join(sources[path])
    index, line, length = 0, 1, len(text)
    while index < length:
        character = text[index]
        previous = text[index - 1] if index else " "
        if character == "\n":
            line += 1
        elif text.startswith("//", index):
            index = text.find("\n", index)
            index = length if index < 0 else index
            continue
        elif text.startswith("/*", index):
            end = text.find("*/", index + 2)
            end = length if end < 0 else end + 2
            line += text.count("\n", index, end)
            index = end
            continue
        elif character == "r" and not (previous.isalnum() or previous == "_") or text.startswith("br", index):
            raw = re.match(r"b?r(#*)\"", text[index:index + 300])
            if raw and not (previous.isalnum() or previous == "_"):
                end = text.find('"' + raw.group(1), index + raw.end())
                end = length if end < 0 else end + 1 + len(raw.group(1))
                line += text.count("\n", index, end)
                index = end
                continue
        elif character == "'":
            literal = re.match(r"'(\\.[^']*|[^'\\])'", text[index:index + 12])
            if literal:
                index += literal.end()
                continue
        elif character == '"':
            start_line, index = line, index + 1
            last_escape = None
            while index < length and text[index] != '"':
                if text[index] == "\\":
                    last_escape = (text[index + 1:index + 2], index + 2)
                    index += 1
                line += text[index] == "\n"
                index += 1
            if last_escape and last_escape[0] == "\\" and last_escape[1] == index:
                return [(start_line, len(sources[path]))]
        index += 1
    return []


def java_anonymous_body(repo, path, line, sources):
    """Whether `line` lies directly in the body of an anonymous class (`new Filter() {`) or of
    an enum constant (`IDENTITY() {`): ctags' Java parser reads neither (nor a method body).
    Braces are followed back from `line` to the one that opens its block."""
    depth = 0
    number = line - 1
    while number > 0:
        text = code_text(source_line(repo, path, number, sources))
        for at in range(len(text) - 1, -1, -1):
            if text[at] == "}":
                depth += 1
            elif text[at] == "{":
                if depth == 0:
                    opener = text[:at]
                    if not opener.strip():
                        opener = code_text(source_line(repo, path, number - 1, sources))
                    return bool(re.search(r"\bnew\s+[\w.]+\s*(<[^{]*>)?\s*\([^{]*\)\s*$", opener)
                                or re.match(r"\s*(@(?!interface\b)\w+\s+)*[A-Z][\w]*\s*(\(.*\))?\s*$", opener))
                depth -= 1
        number -= 1
    return False
