; Definitions in Python. A decorated definition's extent includes its decorators.

(decorated_definition definition: (function_definition name: (identifier) @name)) @definition.function
(decorated_definition definition: (class_definition name: (identifier) @name)) @definition.class
(function_definition name: (identifier) @name) @definition.function
(class_definition name: (identifier) @name) @definition.class

; Module-level constants by convention: `UPPER_CASE = …`.
(module
  (expression_statement
    (assignment left: (identifier) @name)) @definition.const
  (#match? @name "^[A-Z][A-Z0-9_]+$"))
