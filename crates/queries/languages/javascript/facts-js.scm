; JavaScript-only facts (TypeScript's class heritage has another shape).

(class_declaration name: (_) @impl.type (class_heritage (identifier) @impl.interface))
