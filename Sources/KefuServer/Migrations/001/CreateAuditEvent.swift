import Fluent
import SQLKit

/// Who changed what and when; never updated or deleted.
struct CreateAuditEvent: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("audit_events")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("conversation_id", .uuid, .references("conversations", "id"))
            .field("user_id", .uuid, .references("users", "id"))
            .field("actor", .string, .required)
            .field("action", .string, .required)
            .field("detail", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.sql.raw("CREATE INDEX audit_events_conversation ON audit_events (conversation_id, created_at)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("audit_events").delete()
    }
}
