import Fluent
import SQLKit

/// Files customers send with their messages (an e-mail's attachments): kept in the database beside the message, up
/// to a size limit; a larger one keeps its name and size only.
struct CreateAttachment: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("attachments")
            .field("id", .uuid, .identifier(auto: false))
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("store_id", .uuid, .required, .references("stores", "id"))
            .field("message_id", .uuid, .required, .references("messages", "id"))
            .field("position", .int, .required)
            .field("filename", .string, .required)
            .field("content_type", .string, .required)
            .field("size", .int, .required)
            .field("data", .data)
            .field("created_at", .datetime, .required)
            .unique(on: "message_id", "position")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("attachments").delete()
    }
}
