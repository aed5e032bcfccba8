; Facts in Rust: entry points, environment reads, config files, invariants,
; implementations, and the nodes that may define command-line flags (clap).

(source_file (function_item name: (identifier) @_name (#eq? @_name "main")) @entrypoint)

(call_expression
  function: (scoped_identifier path: (_) @_path name: (identifier) @_fn)
  arguments: (arguments . (string_literal) @env)
  (#match? @_path "env$")
  (#match? @_fn "^var(_os)?$"))
(macro_invocation
  macro: (identifier) @_macro
  (token_tree . (string_literal) @env)
  (#match? @_macro "^(option_)?env$"))

(string_literal) @config

(macro_invocation
  macro: (identifier) @_macro
  (#match? @_macro "^(assert|assert_eq|assert_ne|debug_assert|debug_assert_eq|debug_assert_ne|unreachable|panic)$")) @invariant
((line_comment) @invariant (#match? @invariant "^(//[/!]?|/[*]+|#)[ \t]*(SAFETY|INVARIANT):"))
((block_comment) @invariant (#match? @invariant "^(//[/!]?|/[*]+|#)[ \t]*(SAFETY|INVARIANT):"))

(impl_item trait: (_) @impl.interface type: (_) @impl.type)

; clap derive: `#[arg(long, short)]` on a field; clap builder: `.long("x")`, `.short('x')`.
(field_declaration) @flag.field
(call_expression
  function: (field_expression field: (field_identifier) @_method)
  (#match? @_method "^(long|short)$")) @flag.call

; `#[derive(Parser)]` structs get `--help`, and `--version` with `#[command(version)]`.
(struct_item) @flag.parser
