; TypeScript-only facts, appended to `javascript/facts.scm`.

(class_declaration name: (_) @impl.type (class_heritage (implements_clause (type_identifier) @impl.interface)))
(class_declaration name: (_) @impl.type (class_heritage (extends_clause value: (identifier) @impl.interface)))
