import Fluent
import Foundation
import KefuCore
import SQLKit

/// The one search box's index of names, subjects and order numbers (`ConversationKeysIndex`), filled from the
/// conversations already stored.
struct CreateConversationKeys: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        if database.isPostgres {
            // Keys compare by bytes, so a prefix is a plain B-tree range whatever the database's collation.
            try await sql.raw("""
                CREATE TABLE conversation_keys (
                    workspace_id UUID NOT NULL, key TEXT COLLATE "C" NOT NULL, conversation_id UUID NOT NULL)
                """).run()
        } else {
            try await database.schema("conversation_keys")
                .field("workspace_id", .uuid, .required)
                .field("key", .string, .required)
                .field("conversation_id", .uuid, .required)
                .create()
        }
        // One transaction for the backfill, the indexes built after it: SQLite committed each insert of 500 keys on
        // its own into indexed rows, 49 s for 100,000 conversations (870,000 keys).
        try await database.transaction { database in
            try await Self.backfill(on: database.sql)
        }
        try await sql.raw("CREATE INDEX conversation_keys_lookup ON conversation_keys (workspace_id, key, conversation_id)").run()
        try await sql.raw("CREATE INDEX conversation_keys_conversation ON conversation_keys (conversation_id)").run()
    }

    /// Keys for the conversations already stored, 2,000 at a time.
    static func backfill(on sql: any SQLDatabase) async throws {
        var after: UUID?
        while true {
            var query: SQLQueryString = "SELECT id, workspace_id, customer_name, subject, order_number FROM conversations"
            if let after { query = query + " WHERE id > \(bind: after)" }
            let rows = try await sql.raw(query + " ORDER BY id LIMIT 2000").all()
            guard let last = rows.last else { break }
            var insert: [(UUID, String, UUID)] = []
            for row in rows {
                let id = try row.decode(column: "id", as: UUID.self)
                let workspace = try row.decode(column: "workspace_id", as: UUID.self)
                for key in ConversationKeys.keys(
                    customerName: try row.decode(column: "customer_name", as: String.self),
                    subject: try row.decode(column: "subject", as: String?.self),
                    orderNumber: try row.decode(column: "order_number", as: String?.self))
                {
                    insert.append((workspace, key, id))
                }
            }
            for chunk in insert.chunked(by: 500) {
                var statement = sql.insert(into: "conversation_keys").columns("workspace_id", "key", "conversation_id")
                for row in chunk { statement = statement.values(row.0, row.1, row.2) }
                try await statement.run()
            }
            after = try last.decode(column: "id", as: UUID.self)
        }
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DROP TABLE conversation_keys").run()
    }
}
