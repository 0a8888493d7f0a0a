import Fluent
import SQLKit

struct CreateCustomer: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("customers")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("store_id", .uuid, .required, .references("stores", "id"))
            .field("external_id", .string, .required)
            .field("name", .string, .required)
            .field("language", .string)
            .field("created_at", .datetime, .required)
            .unique(on: "store_id", "external_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("customers").delete()
    }
}
