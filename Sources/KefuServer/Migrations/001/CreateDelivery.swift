import Fluent
import SQLKit

/// The outbox: one row per outbound message while a connector delivers it. Delivery state changes here, never on the
/// message itself.
struct CreateDelivery: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("deliveries")
            .field("message_id", .uuid, .identifier(auto: false), .references("messages", "id"))
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("store_id", .uuid, .required, .references("stores", "id"))
            .field("conversation_id", .uuid, .required, .references("conversations", "id"))
            .field("state", .string, .required)
            .field("attempts", .int, .required)
            .field("last_error", .string)
            .field("external_id", .string)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.sql.raw("CREATE INDEX deliveries_store_state ON deliveries (store_id, state, updated_at)").run()
        try await database.sql.raw("CREATE INDEX deliveries_conversation ON deliveries (conversation_id, state)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("deliveries").delete()
    }
}
