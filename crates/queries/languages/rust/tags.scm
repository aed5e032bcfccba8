; Definitions in Rust. Whole items, so a citation of a whole item can follow it.

(function_item name: (identifier) @name) @definition.function
(function_signature_item name: (identifier) @name) @definition.function
(struct_item name: (type_identifier) @name) @definition.struct
(union_item name: (type_identifier) @name) @definition.struct
(enum_item name: (type_identifier) @name) @definition.enum
(trait_item name: (type_identifier) @name) @definition.trait
(type_item name: (type_identifier) @name) @definition.type
(associated_type name: (type_identifier) @name) @definition.type

; Constants and statics, at any level but a function body's (the extractor drops those);
; a `static mut` is a variable.
(const_item name: (identifier) @name) @definition.const
(static_item (mutable_specifier) name: (identifier) @name) @definition.variable
(static_item name: (identifier) @name) @definition.const
; A static `thread_local!` declares: a macro's body is tokens, so its extent is the line of
; its name (from the `static` keyword); `static` without `mut` is all the macro accepts.
(macro_invocation
  macro: (identifier) @_macro
  (token_tree "static" @definition.const . (identifier) @name)
  (#eq? @_macro "thread_local"))

(mod_item name: (identifier) @name) @definition.module
(macro_definition name: (identifier) @name) @definition.macro

; `impl Type` and `impl Trait for Type` qualify their items with `Type`.
(impl_item type: (_) @name) @scope
