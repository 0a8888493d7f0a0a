import Fluent
import SQLKit

/// Order numbers found by their first digits (`OrderNumberQuery`) read an index on both databases. SQLite's
/// `conversations_order` serves a range on the binary-collated column as it is; PostgreSQL compares text by the
/// database's collation, so a prefix needs `LIKE` over an index in `text_pattern_ops`.
struct AddOrderNumberPrefixIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard database.isPostgres else { return }
        try await database.sql.raw(
            "CREATE INDEX conversations_order_prefix ON conversations (workspace_id, order_number text_pattern_ops)"
        ).run()
    }

    func revert(on database: any Database) async throws {
        guard database.isPostgres else { return }
        try await database.sql.raw("DROP INDEX conversations_order_prefix").run()
    }
}
