import Fluent
import SQLKit

/// "Most urgent first" breaks ties between conversations sharing a deadline by how long each has waited, then by id;
/// the urgency index carries the wait's start so a first page still reads only the rows it returns.
struct AddUrgencyTieBreak: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.sql.raw("DROP INDEX conversations_urgency").run()
        try await database.sql.raw(
            "CREATE INDEX conversations_urgency ON conversations (workspace_id, sla_urgent_at, sla_started_at, id)"
        ).run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DROP INDEX conversations_urgency").run()
        try await database.sql.raw("CREATE INDEX conversations_urgency ON conversations (workspace_id, sla_urgent_at, id)").run()
    }
}
