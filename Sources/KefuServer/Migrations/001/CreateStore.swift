import Fluent
import SQLKit

struct CreateStore: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("stores")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("merchant_id", .uuid, .required, .references("merchants", "id"))
            .field("platform", .string, .required)
            .field("region", .string)
            .field("name", .string, .required)
            .field("timezone", .string, .required)
            .field("ingestion_key_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "ingestion_key_hash")
            .unique(on: "merchant_id", "platform", "name")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("stores").delete()
    }
}
