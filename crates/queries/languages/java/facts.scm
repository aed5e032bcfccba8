; Facts in Java.

(method_declaration name: (identifier) @_name (#eq? @_name "main")) @entrypoint

(method_invocation
  object: (identifier) @_system
  name: (identifier) @_fn
  arguments: (argument_list . (string_literal) @env)
  (#eq? @_system "System")
  (#eq? @_fn "getenv"))

(string_literal) @config

(assert_statement) @invariant
((line_comment) @invariant (#match? @invariant "^(//[/!]?|/[*]+|#)[ \t]*(SAFETY|INVARIANT):"))
((block_comment) @invariant (#match? @invariant "^(//[/!]?|/[*]+|#)[ \t]*(SAFETY|INVARIANT):"))

(class_declaration name: (identifier) @impl.type interfaces: (super_interfaces (type_list [(type_identifier) (generic_type)] @impl.interface)))
(class_declaration name: (identifier) @impl.type superclass: (superclass [(type_identifier) (generic_type)] @impl.interface))

; picocli `@Option(names = {"-f", "--foo"})`.
(annotation name: (identifier) @_annotation (#eq? @_annotation "Option")) @flag.annotation
