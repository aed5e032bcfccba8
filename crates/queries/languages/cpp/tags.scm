; Definitions in C++. Functions are whole `function_definition`s; a template's extent
; includes its `template <…>` line (handled by the extractor). A qualified declarator
; (`Foo::bar`) names a member defined out of its class.

(function_definition
  declarator: (function_declarator
    declarator: [(identifier) (field_identifier) (qualified_identifier) (operator_name) (destructor_name)] @name)) @definition.function
(function_definition
  declarator: (pointer_declarator
    declarator: (function_declarator
      declarator: [(identifier) (field_identifier) (qualified_identifier) (operator_name)] @name))) @definition.function
(function_definition
  declarator: (reference_declarator
    (function_declarator
      declarator: [(identifier) (field_identifier) (qualified_identifier) (operator_name)] @name))) @definition.function

; A conversion operator (`operator bool() const`, `Foo::operator std::string()`): its
; declarator is the operator itself; the extractor names it `operator T`, without the
; parameter list, as ctags does.
(function_definition declarator: [(operator_cast) (qualified_identifier)] @name) @definition.function

(class_specifier name: (_) @name body: (field_declaration_list)) @definition.class
(struct_specifier name: (_) @name body: (field_declaration_list)) @definition.struct
(union_specifier name: (_) @name body: (field_declaration_list)) @definition.struct
(enum_specifier name: (_) @name body: (enumerator_list)) @definition.enum
(namespace_definition name: (_) @name) @definition.module
(concept_definition name: (identifier) @name) @definition.type
(alias_declaration name: (type_identifier) @name) @definition.type
(type_definition declarator: (type_identifier) @name) @definition.type

(preproc_def name: (identifier) @name) @definition.macro
(preproc_function_def name: (identifier) @name) @definition.macro

; Variables at file or namespace scope (also in `extern "C" { … }`, as a variable template,
; and under `#if`/`#ifdef`; the extractor drops a local one, under an `#if` in a function
; body). `@declarator` is resolved to the declared name: a prototype declares no
; variable, and `int Foo::count = 0` defines a member declared in its class. A `const` or
; `constexpr` one is a constant. An `extern` declaration declares what another file defines;
; a C++20 module import (`import std;`, read as a variable `std` of a type `import`) nothing.
; In a block at file scope (a stray `{` error recovery made into one, or the body of a
; function defined by a macro, `TEST_CASE("…") { … }`) only those at column 0 count.
((declaration (type_qualifier ["const" "constexpr"]) declarator: (_) @declarator) @definition.const
  (#parent? @definition.const translation_unit declaration_list template_declaration preproc_if preproc_ifdef preproc_else preproc_elif compound_statement)
  (#not-match? @definition.const "^extern"))
((declaration declarator: (_) @declarator) @definition.variable
  (#parent? @definition.variable translation_unit declaration_list template_declaration preproc_if preproc_ifdef preproc_else preproc_elif compound_statement)
  (#not-match? @definition.variable "^(extern|(export\\s+)?import\\s)"))

; A pointer to a function (`int (*get)(Ctx *ctx);`, `monotime (*now)(void) = NULL;`): the
; grammar reads it as a call, which file and namespace scope cannot hold.
((expression_statement
  [(call_expression
     function: (call_expression
       function: [(identifier) (primitive_type)]
       arguments: (argument_list . (pointer_expression argument: (identifier) @name) .))
     arguments: (argument_list))
   (assignment_expression
     left: (call_expression
       function: (call_expression
         function: [(identifier) (primitive_type)]
         arguments: (argument_list . (pointer_expression argument: (identifier) @name) .))
       arguments: (argument_list)))]) @definition.variable
  (#parent? @definition.variable translation_unit declaration_list preproc_if preproc_ifdef preproc_else preproc_elif))

; A pointer to a function returning a pointer (`Dict * (*create)(Ctx *ctx);`), read as a
; product.
((expression_statement
  (binary_expression
    left: (identifier)
    operator: "*"
    right: (call_expression
      function: (parenthesized_expression (pointer_expression argument: (identifier) @name))
      arguments: (argument_list)))) @definition.variable
  (#parent? @definition.variable translation_unit declaration_list preproc_if preproc_ifdef preproc_else preproc_elif))

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
