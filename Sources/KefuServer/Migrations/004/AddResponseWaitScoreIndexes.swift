import Fluent
import SQLKit

/// Covering indexes for the scoreboard, measured on a store with 100,000 open waits and 1,100,000 messages: the totals
/// and the open waits are read from one index range without touching the table, the percentiles walk an index in
/// response-time order instead of sorting, and Pinduoduo's per-day, per-buyer grouping reads its index in order.
struct AddResponseWaitScoreIndexes: AsyncMigration {
    static let indexes = [
        ("response_waits_scores", "(store_id, started_at, response_seconds, due_at, answered_at)"),
        ("response_waits_seconds", "(store_id, response_seconds, started_at)"),
        ("response_waits_days", "(store_id, local_day, customer_id, response_seconds)"),
    ]

    func prepare(on database: any Database) async throws {
        for (name, columns) in Self.indexes {
            try await database.sql.raw("CREATE INDEX \(unsafeRaw: name) ON response_waits \(unsafeRaw: columns)").run()
        }
    }

    func revert(on database: any Database) async throws {
        for (name, _) in Self.indexes {
            try await database.sql.raw("DROP INDEX \(unsafeRaw: name)").run()
        }
    }
}
