import Fluent

/// A store's own edit of its platform's policy; stores without a row use the shipped pack in `policies/`.
struct CreateStorePolicy: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("store_policies")
            .field("store_id", .uuid, .identifier(auto: false), .references("stores", "id"))
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("document", .string, .required)
            .field("version", .int, .required)
            .field("updated_by", .uuid, .references("users", "id"))
            .field("updated_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("store_policies").delete()
    }
}
