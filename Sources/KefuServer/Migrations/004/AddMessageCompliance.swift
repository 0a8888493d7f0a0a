import Fluent
import SQLKit

/// What the compliance guard said about each message: the verdict and findings an outbound message was sent with
/// (warnings the agent acknowledged included), and the risk flags of an inbound one (`suspiciousLink,phishing`).
struct AddMessageCompliance: AsyncMigration {
    func prepare(on database: any Database) async throws {
        for name in ["compliance", "risk_flags"] {
            try await database.schema("messages").field(.definition(name: .key(.string(name)), dataType: .string, constraints: [])).update()
        }
        // Flagged messages are few; the conversation list filters on them through this partial index.
        try await database.sql.raw("CREATE INDEX messages_risk ON messages (conversation_id) WHERE risk_flags IS NOT NULL").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DROP INDEX messages_risk").run()
        for name in ["compliance", "risk_flags"] {
            try await database.schema("messages").deleteField(.key(.string(name))).update()
        }
    }
}
