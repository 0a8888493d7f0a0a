import Fluent
import SQLKit

struct CreateMerchant: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("merchants")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("name", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "workspace_id", "name")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("merchants").delete()
    }
}
