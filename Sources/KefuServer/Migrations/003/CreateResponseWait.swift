import Fluent
import SQLKit

/// One buyer inquiry and how it was answered: the unit the platforms score response rates on. A row is written when a
/// wait starts and completed when a counted reply ends it, so the scoreboard reads waits, not every message.
struct CreateResponseWait: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("response_waits")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("store_id", .uuid, .required, .references("stores", "id"))
            .field("conversation_id", .uuid, .required, .references("conversations", "id"))
            .field("customer_id", .uuid, .required, .references("customers", "id"))
            .field("policy", .string, .required)
            .field("started_at", .datetime, .required)
            .field("local_day", .int, .required)
            .field("due_at", .datetime, .required)
            .field("answered_at", .datetime)
            .field("response_seconds", .double)
            .create()
        for statement in [
            "CREATE INDEX response_waits_store_time ON response_waits (store_id, started_at)",
            "CREATE INDEX response_waits_open ON response_waits (conversation_id, answered_at)",
        ] {
            try await database.sql.raw(SQLQueryString(statement)).run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("response_waits").delete()
    }
}
