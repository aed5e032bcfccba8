(import_declaration (scoped_identifier) @import)
(import_declaration (identifier) @import)
