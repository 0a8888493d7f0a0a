import Fluent
import SQLKit

/// Indexes that let every folder's first page and an order-number lookup read only the rows they return.
///
/// Each folder gets a partial index in list order, so a folder with few members (failed, spam) does not scan the
/// whole workspace. The order-number index carries the list order too; without it the planner prefers walking the
/// recency index to avoid a sort, which costs a scan of the workspace for a one-row answer.
struct AddFolderIndexes: AsyncMigration {
    static let folderIndexes: [(name: String, predicate: String)] = [
        ("conversations_unread", "unread = TRUE AND status <> 'spam'"),
        ("conversations_response_needed", "response_needed = TRUE AND status <> 'spam'"),
        ("conversations_customer_care", "customer_care = TRUE AND status <> 'spam'"),
        ("conversations_failed", "has_failed = TRUE"),
        ("conversations_spam", "status = 'spam'"),
    ]

    func prepare(on database: any Database) async throws {
        let sql = database.sql
        try await sql.raw("DROP INDEX conversations_order").run()
        try await sql.raw("DROP INDEX conversations_folders").run()
        try await sql.raw(
            "CREATE INDEX conversations_order ON conversations (workspace_id, order_number, last_message_at DESC, id DESC)"
        ).run()
        for index in Self.folderIndexes {
            try await sql.raw(
                "CREATE INDEX \(unsafeRaw: index.name) ON conversations (workspace_id, last_message_at DESC, id DESC) WHERE \(unsafeRaw: index.predicate)"
            ).run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql
        for index in Self.folderIndexes { try await sql.raw("DROP INDEX \(unsafeRaw: index.name)").run() }
        try await sql.raw("DROP INDEX conversations_order").run()
        try await sql.raw("CREATE INDEX conversations_order ON conversations (workspace_id, order_number)").run()
        try await sql.raw(
            "CREATE INDEX conversations_folders ON conversations (workspace_id, store_id, status, unread, response_needed, customer_care, has_failed)"
        ).run()
    }
}
