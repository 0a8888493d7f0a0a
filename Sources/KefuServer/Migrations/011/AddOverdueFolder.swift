import Fluent
import SQLKit

/// The Overdue folder and its counter: At risk now means not yet overdue, so both counters are recounted from the
/// conversations as they stand.
struct AddOverdueFolder: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("folder_counts").field("overdue_count", .int64, .required, .sql(.default(0))).update()
        try await database.sql.raw("""
            UPDATE folder_counts SET
                at_risk_count = (SELECT COUNT(*) FROM conversations c
                    WHERE c.store_id = folder_counts.store_id AND c.status <> 'spam' AND c.sla_state = 'atRisk'),
                overdue_count = (SELECT COUNT(*) FROM conversations c
                    WHERE c.store_id = folder_counts.store_id AND c.status <> 'spam' AND c.sla_state = 'overdue')
            """).run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("""
            UPDATE folder_counts SET at_risk_count = at_risk_count + overdue_count
            """).run()
        try await database.schema("folder_counts").deleteField("overdue_count").update()
    }
}
