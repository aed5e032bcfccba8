; Definitions in JavaScript; also the first half of the TypeScript and TSX queries, so it
; uses only node types the three grammars share.

(function_declaration name: (_) @name) @definition.function
(generator_function_declaration name: (_) @name) @definition.function
(class_declaration name: (_) @name) @definition.class
(method_definition name: (_) @name) @definition.method

; `const f = () => …`, `let g = function () { … }`.
(lexical_declaration
  (variable_declarator
    name: (identifier) @name
    value: [(arrow_function) (function_expression) (generator_function)])) @definition.function
(variable_declaration
  (variable_declarator
    name: (identifier) @name
    value: [(arrow_function) (function_expression) (generator_function)])) @definition.function

; Named function expressions: `route.all(function createError() { … })`,
; `return function generateETag() { … }`, `get: function getRouter() { … }`.
(function_expression name: (identifier) @name) @definition.function

; Functions as object-literal values: `{ index: function (req, res) { … } }`.
(pair
  key: [(property_identifier) (string)] @name
  value: [(arrow_function) (function_expression)]) @definition.method

; `const Foo = class { … }`; a named class expression assigned, passed or returned,
; `module.exports = class Foo { … }`.
(lexical_declaration
  (variable_declarator name: (identifier) @name value: (class))) @definition.class
((class name: (_) @name) @definition.class
  (#parent? @definition.class assignment_expression arguments return_statement))

; `exports.f = function …`, `Foo.prototype.bar = function …`.
(expression_statement
  (assignment_expression
    left: (member_expression property: (property_identifier) @name)
    right: [(arrow_function) (function_expression)])) @definition.function

; Module-level constants (`const`) and variables (`let`, `var`), exported or not, one
; symbol per name bound, destructuring included (`const { a, b: c, d = 1, ...e } = …`,
; `const [f, g = 2, ...h] = …`). An `export` is only ever at module or namespace level.
; `#parent?` anchors them there (see README.md).
((lexical_declaration "const" (variable_declarator name: [(identifier) @name
      (object_pattern [
        (shorthand_property_identifier_pattern) @name
        (object_assignment_pattern left: (shorthand_property_identifier_pattern) @name)
        (pair_pattern value: [(identifier) @name (assignment_pattern left: (identifier) @name)])
        (rest_pattern (identifier) @name)])
      (array_pattern [(identifier) @name (assignment_pattern left: (identifier) @name)
        (rest_pattern (identifier) @name)])])) @definition.const
  (#parent? @definition.const program export_statement))
((lexical_declaration "let" (variable_declarator name: [(identifier) @name
      (object_pattern [
        (shorthand_property_identifier_pattern) @name
        (object_assignment_pattern left: (shorthand_property_identifier_pattern) @name)
        (pair_pattern value: [(identifier) @name (assignment_pattern left: (identifier) @name)])
        (rest_pattern (identifier) @name)])
      (array_pattern [(identifier) @name (assignment_pattern left: (identifier) @name)
        (rest_pattern (identifier) @name)])])) @definition.variable
  (#parent? @definition.variable program export_statement))
((variable_declaration (variable_declarator name: [(identifier) @name
      (object_pattern [
        (shorthand_property_identifier_pattern) @name
        (object_assignment_pattern left: (shorthand_property_identifier_pattern) @name)
        (pair_pattern value: [(identifier) @name (assignment_pattern left: (identifier) @name)])
        (rest_pattern (identifier) @name)])
      (array_pattern [(identifier) @name (assignment_pattern left: (identifier) @name)
        (rest_pattern (identifier) @name)])])) @definition.variable
  (#parent? @definition.variable program export_statement))
