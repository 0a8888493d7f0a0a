import Fluent
import SQLKit

/// One row per chat a marketplace channel follows: how far its history was read (`cursor`, the platform's message
/// id), up to where the store's agents have read it (`read_cursor`, told back to the platform) and whether a push
/// said there is more (`pending`). Kept apart from `channels` so a thousand chats do not
/// rewrite one row, and so a push is stored before it is acknowledged even when another instance runs the channel.
struct CreateChannelThread: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("channel_threads")
            .field("channel_id", .uuid, .required)
            .field("thread_id", .string, .required)
            .field("cursor", .string)
            .field("read_cursor", .string)
            .field("pending", .bool, .required)
            .field("pushed_at", .datetime)
            .field("updated_at", .datetime, .required)
            .unique(on: "channel_id", "thread_id")
            .create()
        try await database.sql.raw("CREATE INDEX channel_threads_pending ON channel_threads (channel_id, pending)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("channel_threads").delete()
    }
}
