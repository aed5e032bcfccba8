; Definitions in C. Functions are whole `function_definition`s, not just their
; declarators, so a function's extent is its body too.

(function_definition declarator: (function_declarator declarator: (identifier) @name)) @definition.function
(function_definition
  declarator: (pointer_declarator
    declarator: (function_declarator declarator: (identifier) @name))) @definition.function
(function_definition
  declarator: (pointer_declarator
    declarator: (pointer_declarator
      declarator: (function_declarator declarator: (identifier) @name)))) @definition.function

(struct_specifier name: (type_identifier) @name body: (field_declaration_list)) @definition.struct
(union_specifier name: (type_identifier) @name body: (field_declaration_list)) @definition.struct
(enum_specifier name: (type_identifier) @name body: (enumerator_list)) @definition.enum
(type_definition declarator: (type_identifier) @name) @definition.type
(type_definition
  declarator: (pointer_declarator declarator: (type_identifier) @name)) @definition.type
(type_definition
  declarator: (function_declarator
    declarator: (parenthesized_declarator (pointer_declarator declarator: (type_identifier) @name)))) @definition.type

(preproc_def name: (identifier) @name) @definition.macro
(preproc_function_def name: (identifier) @name) @definition.macro

; File-scope variables, also under `#if`/`#ifdef` (the extractor drops a local one, under
; an `#if` in a function body). `@declarator` is resolved to the declared name: a
; prototype declares no variable. A `const` one is a constant. An `extern` declaration
; declares what another file defines. In a block at file scope (a stray `{` error recovery
; made into one) only those at column 0 count.
((declaration (type_qualifier "const") declarator: (_) @declarator) @definition.const
  (#parent? @definition.const translation_unit preproc_if preproc_ifdef preproc_else preproc_elif compound_statement)
  (#not-match? @definition.const "^extern"))
((declaration declarator: (_) @declarator) @definition.variable
  (#parent? @definition.variable translation_unit preproc_if preproc_ifdef preproc_else preproc_elif compound_statement)
  (#not-match? @definition.variable "^extern"))

; A pointer to a function whose return type is a typedef (`monotime (*now)(void) = NULL;`):
; the grammar reads it as a call, which file scope cannot hold.
((expression_statement
  [(call_expression
     function: (call_expression
       function: (identifier)
       arguments: (argument_list . (pointer_expression argument: (identifier) @name) .))
     arguments: (argument_list))
   (assignment_expression
     left: (call_expression
       function: (call_expression
         function: (identifier)
         arguments: (argument_list . (pointer_expression argument: (identifier) @name) .))
       arguments: (argument_list)))]) @definition.variable
  (#parent? @definition.variable translation_unit preproc_if preproc_ifdef preproc_else preproc_elif))

; A pointer to a function returning a pointer (`Dict * (*create)(Ctx *ctx);`), read as a
; product.
((expression_statement
  (binary_expression
    left: (identifier)
    operator: "*"
    right: (call_expression
      function: (parenthesized_expression (pointer_expression argument: (identifier) @name))
      arguments: (argument_list)))) @definition.variable
  (#parent? @definition.variable translation_unit preproc_if preproc_ifdef preproc_else preproc_elif))

; A declaration whose value `#ifdef` chooses (`static const bool lazy =`, `#ifdef X`, `true`,
; `#else`, `false`, `#endif`, `;`): the grammar cannot read a value split by preprocessor
; lines and leaves the declaration's start in an error right before the conditional.
((ERROR
   (type_qualifier "const")
   .
   [(primitive_type) (type_identifier) (sized_type_specifier)]
   .
   (identifier) @name
   .
   "=" .) @definition.const
  .
  [(preproc_if) (preproc_ifdef)]
  (#parent? @definition.const translation_unit preproc_if preproc_ifdef preproc_else preproc_elif))
((ERROR
   [(primitive_type) (type_identifier) (sized_type_specifier)]
   .
   (identifier) @name
   .
   "=" .) @definition.variable
  .
  [(preproc_if) (preproc_ifdef)]
  (#parent? @definition.variable translation_unit preproc_if preproc_ifdef preproc_else preproc_elif))
