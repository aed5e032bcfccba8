; Definitions in Python. A decorated definition's extent includes its decorators.

(decorated_definition definition: (function_definition name: (identifier) @name)) @definition.function
(decorated_definition definition: (class_definition name: (identifier) @name)) @definition.class
(function_definition name: (identifier) @name) @definition.function
(class_definition name: (identifier) @name) @definition.class

; `factory = lambda: …` binds a function to a name.
(expression_statement
  (assignment left: (identifier) @name right: (lambda))) @definition.function

; Module-level constants by convention: `UPPER_CASE = …`.
(module
  (expression_statement
    (assignment left: (identifier) @name)) @definition.const
  (#match? @name "^[A-Z][A-Z0-9_]+$"))
