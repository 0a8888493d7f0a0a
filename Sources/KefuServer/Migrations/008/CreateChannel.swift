import Fluent
import SQLKit

/// A store's channels (a mailbox today, marketplace chat APIs next): what to connect to, its secrets sealed with the
/// instance's key, and what its connector last reported, for the Channels page and `kefu channel list`.
struct CreateChannel: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("channels")
            .field("id", .uuid, .identifier(auto: false))
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("store_id", .uuid, .required, .references("stores", "id"))
            .field("kind", .string, .required)
            .field("settings", .string, .required)
            .field("secrets", .string, .required)
            .field("enabled", .bool, .required)
            .field("status", .string, .required)
            .field("last_sync_at", .datetime)
            .field("last_error", .string)
            .field("backlog", .int, .required)
            .field("synced", .int, .required)
            .field("cursor", .string)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.sql.raw("CREATE INDEX channels_store ON channels (store_id)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("channels").delete()
    }
}
