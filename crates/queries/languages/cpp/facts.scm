; C++-only facts, appended to `c/facts.scm`.

(static_assert_declaration) @invariant
(class_specifier name: (type_identifier) @impl.type (base_class_clause (type_identifier) @impl.interface))
(struct_specifier name: (type_identifier) @impl.type (base_class_clause (type_identifier) @impl.interface))
