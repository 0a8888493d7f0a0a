import Fluent
import SQLKit

/// The permanent record: rows are inserted and never updated or deleted.
struct CreateMessage: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("messages")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("store_id", .uuid, .required, .references("stores", "id"))
            .field("conversation_id", .uuid, .required, .references("conversations", "id"))
            .field("external_id", .string)
            .field("direction", .string, .required)
            .field("author", .string, .required)
            .field("author_user_id", .uuid, .references("users", "id"))
            .field("body", .string, .required)
            .field("language", .string)
            .field("sent_at", .datetime, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "store_id", "external_id")
            .create()
        try await database.sql.raw("CREATE INDEX messages_conversation ON messages (conversation_id, sent_at)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("messages").delete()
    }
}
