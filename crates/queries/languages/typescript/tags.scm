; TypeScript-only definitions, appended to `javascript/tags.scm` for TypeScript and TSX.

(function_signature name: (_) @name) @definition.function
(abstract_class_declaration name: (_) @name) @definition.class
(interface_declaration name: (_) @name) @definition.interface
(type_alias_declaration name: (_) @name) @definition.type
(enum_declaration name: (_) @name) @definition.enum
(internal_module name: (_) @name) @definition.module
(module name: (_) @name) @definition.module
(method_signature name: (_) @name) @definition.method
(abstract_method_signature name: (_) @name) @definition.method

; Constants and variables of a namespace (exported ones are matched as in JavaScript), and
; ambient ones: `declare const VERSION: string`.
(internal_module body: (statement_block [
    (lexical_declaration "const" (variable_declarator name: (identifier) @name)) @definition.const
    (lexical_declaration "let" (variable_declarator name: (identifier) @name)) @definition.variable
    (variable_declaration (variable_declarator name: (identifier) @name)) @definition.variable]))
(module body: (statement_block [
    (lexical_declaration "const" (variable_declarator name: (identifier) @name)) @definition.const
    (lexical_declaration "let" (variable_declarator name: (identifier) @name)) @definition.variable
    (variable_declaration (variable_declarator name: (identifier) @name)) @definition.variable]))
(ambient_declaration [
    (lexical_declaration "const" (variable_declarator name: (identifier) @name)) @definition.const
    (lexical_declaration "let" (variable_declarator name: (identifier) @name)) @definition.variable
    (variable_declaration (variable_declarator name: (identifier) @name)) @definition.variable])
