; Facts in JavaScript; also the first half of the TypeScript and TSX facts.

(member_expression
  object: (member_expression object: (identifier) @_process property: (property_identifier) @_env)
  property: (property_identifier) @env
  (#eq? @_process "process")
  (#eq? @_env "env"))
(subscript_expression
  object: (member_expression object: (identifier) @_process property: (property_identifier) @_env)
  index: (string) @env
  (#eq? @_process "process")
  (#eq? @_env "env"))

(string) @config

(call_expression
  function: [(identifier) @_fn (member_expression property: (property_identifier) @_fn)]
  (#match? @_fn "^(assert|invariant)$")) @invariant
((comment) @invariant (#match? @invariant "^(//[/!]?|/[*]+|#)[ \t]*(SAFETY|INVARIANT):"))

; commander `.option('-f, --foo <v>')`, yargs `.option('foo', { alias: 'f' })`,
; commander `new Option('-f, --foo')`.
(call_expression
  function: (member_expression property: (property_identifier) @_method)
  (#match? @_method "^(option|requiredOption)$")) @flag.call
(new_expression constructor: (identifier) @_class (#eq? @_class "Option")) @flag.call

; commander: `.version(…)` adds `-V/--version`; a program with options has `-h/--help`.
(call_expression
  function: (member_expression property: (property_identifier) @_method)
  (#eq? @_method "version")) @flag.parser
