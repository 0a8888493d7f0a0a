import Fluent
import SQLKit

/// Which merchants or stores a user is assigned to; one row names one of the two.
struct CreateUserScope: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("user_scopes")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("merchant_id", .uuid, .references("merchants", "id"))
            .field("store_id", .uuid, .references("stores", "id"))
            .create()
        try await database.sql.raw("CREATE INDEX user_scopes_user ON user_scopes (user_id)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("user_scopes").delete()
    }
}
