; Facts in Go.

(source_file
  (package_clause (package_identifier) @_package)
  (function_declaration name: (identifier) @_name) @entrypoint
  (#eq? @_package "main")
  (#eq? @_name "main"))

(call_expression
  function: (selector_expression operand: (identifier) @_os field: (field_identifier) @_fn)
  arguments: (argument_list . [(interpreted_string_literal) (raw_string_literal)] @env)
  (#eq? @_os "os")
  (#match? @_fn "^(Getenv|LookupEnv)$"))

[(interpreted_string_literal) (raw_string_literal)] @config

(call_expression function: (identifier) @_fn (#eq? @_fn "panic")) @invariant
((comment) @invariant (#match? @invariant "^(//[/!]?|/[*]+|#)[ \t]*(SAFETY|INVARIANT):"))

; flag, pflag and cobra: `flag.String("name", …)`, `cmd.Flags().StringVarP(&v, "name", "n", …)`.
(call_expression
  function: (selector_expression field: (field_identifier) @_method)
  (#match? @_method "^[A-Z][A-Za-z0-9]*$")) @flag.call

; Every cobra command has `-h/--help`.
(composite_literal type: (qualified_type) @_type (#eq? @_type "cobra.Command")) @flag.parser
