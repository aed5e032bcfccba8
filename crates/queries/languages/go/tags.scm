; Definitions in Go. Grouped declarations (`type ( … )`, `const ( … )`, `var ( … )`) yield
; one symbol per spec, with the spec's own extent.

(function_declaration name: (identifier) @name) @definition.function

(method_declaration
  receiver: (parameter_list
    (parameter_declaration
      type: [
        (type_identifier) @receiver
        (pointer_type (type_identifier) @receiver)
        (generic_type type: (type_identifier) @receiver)
        (pointer_type (generic_type type: (type_identifier) @receiver))
      ]))
  name: (field_identifier) @name) @definition.method

(type_spec name: (type_identifier) @name type: (struct_type)) @definition.struct
(type_spec name: (type_identifier) @name type: (interface_type)) @definition.interface
(type_spec name: (type_identifier) @name) @definition.type
(type_alias name: (type_identifier) @name) @definition.type
(method_elem name: (field_identifier) @name) @definition.method

; Package-level constants and variables, one symbol per name, with its spec's extent.
((const_declaration (const_spec name: (identifier) @name) @definition.const) @declaration
  (#parent? @declaration source_file))
((var_declaration (var_spec name: (identifier) @name) @definition.variable) @declaration
  (#parent? @declaration source_file))
((var_declaration (var_spec_list (var_spec name: (identifier) @name) @definition.variable)) @declaration
  (#parent? @declaration source_file))
