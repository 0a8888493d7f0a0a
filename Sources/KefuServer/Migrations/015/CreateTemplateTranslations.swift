import Fluent
import SQLKit

/// A template is one reply in several languages: its own text plus a translation per further language, chosen for
/// the buyer's language in the picker. A change to any of them is a new version of the template; the history row of
/// a translation's change names the translation's language in `translation`, and
/// every history row now says when it was replaced (`replaced_at`; older rows read it from the next version).
struct CreateTemplateTranslations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("reply_template_translations")
            .id()
            .field("template_id", .uuid, .required, .references("reply_templates", "id"))
            .field("language", .string, .required)
            .field("title", .string, .required)
            .field("body", .string, .required)
            .field("written_by", .uuid, .references("users", "id"))
            .field("written_at", .datetime, .required)
            .unique(on: "template_id", "language")
            .create()
        // One column per statement: SQLite adds one at a time.
        try await database.schema("reply_template_versions").field("translation", .string).update()
        try await database.schema("reply_template_versions").field("replaced_at", .datetime).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("reply_template_versions").deleteField("replaced_at").update()
        try await database.schema("reply_template_versions").deleteField("translation").update()
        try await database.schema("reply_template_translations").delete()
    }
}
