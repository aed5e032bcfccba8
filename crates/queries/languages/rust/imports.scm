(use_declaration argument: (_) @import)
(extern_crate_declaration name: (identifier) @import)
(mod_item name: (identifier) @import.mod !body)
((attribute_item (attribute (identifier) @_path value: (string_literal) @import.path))
 .
 (mod_item name: (identifier) @import.mod !body)
 (#eq? @_path "path"))
