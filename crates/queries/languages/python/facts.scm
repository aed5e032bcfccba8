; Facts in Python.

(module
  (if_statement
    condition: (comparison_operator (identifier) @_name (string) @_main)
    (#eq? @_name "__name__")
    (#match? @_main "__main__")) @entrypoint)

(call
  function: (attribute object: (identifier) @_os attribute: (identifier) @_fn)
  arguments: (argument_list . (string) @env)
  (#eq? @_os "os")
  (#match? @_fn "^(getenv|putenv)$"))
(call
  function: (attribute
    object: (attribute object: (identifier) @_os attribute: (identifier) @_environ)
    attribute: (identifier) @_fn)
  arguments: (argument_list . (string) @env)
  (#eq? @_os "os")
  (#eq? @_environ "environ")
  (#match? @_fn "^(get|setdefault|pop)$"))
(subscript
  value: (attribute object: (identifier) @_os attribute: (identifier) @_environ)
  subscript: (string) @env
  (#eq? @_os "os")
  (#eq? @_environ "environ"))

(string) @config

(assert_statement) @invariant
((comment) @invariant (#match? @invariant "^(//[/!]?|/[*]+|#)[ \t]*(SAFETY|INVARIANT):"))

(class_definition
  name: (identifier) @impl.type
  superclasses: (argument_list [(identifier) (attribute)] @impl.interface))

; argparse `add_argument("--x")`, click `option("--x")`, typer `Option("--x")`.
(call
  function: [(attribute attribute: (identifier) @_method) (identifier) @_method]
  (#match? @_method "^(add_argument|option|Option|argument|Argument)$")) @flag.call

; argparse adds `-h/--help`; click commands and groups add `--help`.
(call function: [(attribute attribute: (identifier) @_parser) (identifier) @_parser] (#eq? @_parser "ArgumentParser")) @flag.parser
(decorator (call function: (attribute attribute: (identifier) @_command) (#match? @_command "^(command|group|version_option)$"))) @flag.parser
