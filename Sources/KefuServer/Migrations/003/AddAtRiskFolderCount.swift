import Fluent
import SQLKit

/// The counter behind the At risk folder.
struct AddAtRiskFolderCount: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("folder_counts").field("at_risk_count", .int64, .required, .sql(.default(0))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("folder_counts").deleteField("at_risk_count").update()
    }
}
