import Fluent
import SQLKit

struct CreateWorkspace: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("workspaces")
            .id()
            .field("name", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "name")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("workspaces").delete()
    }
}
