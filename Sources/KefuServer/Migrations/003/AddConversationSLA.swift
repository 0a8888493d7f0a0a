import Fluent
import SQLKit

/// The reply deadline of each conversation's current or last wait, timed by its store's policy (see `SLATrack`).
///
/// `sla_urgent_at` repeats the deadline only while the buyer waits, so "most urgent first" is one index range scan.
struct AddConversationSLA: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds a single column.
        let columns: [(String, DatabaseSchema.DataType)] = [
            ("clock_started_at", .datetime), ("first_response_at", .datetime), ("last_reply_at", .datetime),
            ("sla_policy", .string), ("sla_started_at", .datetime), ("sla_due_at", .datetime),
            ("sla_at_risk_at", .datetime), ("sla_state", .string), ("sla_breached", .bool),
            ("sla_responded_at", .datetime), ("sla_urgent_at", .datetime),
            // Which wait and state the monitor last warned about, so each warning is given once.
            ("sla_warned_wait", .datetime), ("sla_warned_state", .string),
        ]
        for (name, type) in columns {
            try await database.schema("conversations").field(.definition(name: .key(.string(name)), dataType: type, constraints: [])).update()
        }
        for statement in [
            "CREATE INDEX conversations_urgency ON conversations (workspace_id, sla_urgent_at, id)",
            "CREATE INDEX conversations_sla_watch ON conversations (sla_state, sla_at_risk_at)",
            "CREATE INDEX conversations_sla_due ON conversations (sla_state, sla_due_at)",
        ] {
            try await database.sql.raw(SQLQueryString(statement)).run()
        }
    }

    func revert(on database: any Database) async throws {
        for index in ["conversations_urgency", "conversations_sla_watch", "conversations_sla_due"] {
            try await database.sql.raw("DROP INDEX \(ident: index)").run()
        }
        for name in [
            "clock_started_at", "first_response_at", "last_reply_at", "sla_policy", "sla_started_at", "sla_due_at",
            "sla_at_risk_at", "sla_state", "sla_breached", "sla_responded_at", "sla_urgent_at", "sla_warned_wait",
            "sla_warned_state",
        ] {
            try await database.schema("conversations").deleteField(.string(name)).update()
        }
    }
}
