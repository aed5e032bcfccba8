; Definitions in Python. A decorated definition's extent includes its decorators.

(decorated_definition definition: (function_definition name: (identifier) @name)) @definition.function
(decorated_definition definition: (class_definition name: (identifier) @name)) @definition.class
(function_definition name: (identifier) @name) @definition.function
(class_definition name: (identifier) @name) @definition.class

; `factory = lambda: …` binds a function to a name.
(expression_statement
  (assignment left: (identifier) @name right: (lambda))) @definition.function

; Module-level constants by convention: `UPPER_CASE = …`, `_PRIVATE = …`, also unpacked
; (`A, B = …`), and annotated module-level variables: `timeout: float = 10.0`. `#parent?`
; anchors them at the module (see README.md).
((expression_statement
  (assignment left: [
    (identifier) @name
    (pattern_list (identifier) @name)
    (tuple_pattern (identifier) @name)
    (list_pattern (identifier) @name)])) @definition.const
  (#parent? @definition.const module)
  (#match? @name "^_*[A-Z][A-Z0-9_]+$"))
((expression_statement (assignment left: (identifier) @name type: (type))) @definition.variable
  (#parent? @definition.variable module))

; The same in an `if` or `try` block (`try: HAS_X = True except …: HAS_X = False`,
; `if TYPE_CHECKING: Handler: TypeAlias = …`); the extractor drops those in a function.
((block (expression_statement (assignment left: (identifier) @name)) @definition.const) @block
  (#parent? @block if_statement elif_clause else_clause try_statement except_clause finally_clause)
  (#match? @name "^_*[A-Z][A-Z0-9_]+$"))
((block (expression_statement (assignment left: (identifier) @name type: (type))) @definition.variable) @block
  (#parent? @block if_statement elif_clause else_clause try_statement except_clause finally_clause))
