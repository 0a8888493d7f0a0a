import Fluent

/// A workspace's canned replies, optionally for one platform and one language.
struct CreateReplyTemplate: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("reply_templates")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("title", .string, .required)
            .field("body", .string, .required)
            .field("platform", .string)
            .field("language", .string)
            .field("created_by", .uuid, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .unique(on: "workspace_id", "title")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("reply_templates").delete()
    }
}
