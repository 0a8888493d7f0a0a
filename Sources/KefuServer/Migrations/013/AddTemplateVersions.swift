import Fluent
import SQLKit

/// Templates are edited rather than deleted and written again: each keeps its version number, who changed it last and
/// when, and every earlier version in `reply_template_versions`.
struct AddTemplateVersions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite adds one at a time.
        try await database.schema("reply_templates").field("version", .int, .required, .sql(.default(1))).update()
        try await database.schema("reply_templates").field("updated_by", .uuid, .references("users", "id")).update()
        try await database.schema("reply_templates").field("updated_at", .datetime).update()
        try await database.schema("reply_template_versions")
            .id()
            .field("template_id", .uuid, .required, .references("reply_templates", "id"))
            .field("version", .int, .required)
            .field("title", .string, .required)
            .field("body", .string, .required)
            .field("platform", .string)
            .field("language", .string)
            .field("written_by", .uuid, .references("users", "id"))
            .field("written_at", .datetime, .required)
            .unique(on: "template_id", "version")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("reply_template_versions").delete()
        for field in ["version", "updated_by", "updated_at"] {
            try await database.schema("reply_templates").deleteField(.key(.init(stringLiteral: field))).update()
        }
    }
}
