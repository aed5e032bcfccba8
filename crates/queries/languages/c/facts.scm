; Facts in C (and the first half of C++'s).

(function_definition
  declarator: (function_declarator declarator: (identifier) @_name)
  (#eq? @_name "main")) @entrypoint

(call_expression
  function: (identifier) @_fn
  arguments: (argument_list . (string_literal) @env)
  (#match? @_fn "^(getenv|secure_getenv)$"))

(string_literal) @config

(call_expression function: (identifier) @_fn (#match? @_fn "^(assert|static_assert)$")) @invariant
((comment) @invariant (#match? @invariant "^(//[/!]?|/[*]+|#)[ \t]*(SAFETY|INVARIANT):"))
