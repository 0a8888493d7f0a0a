import Fluent
import SQLKit

/// Two-factor sign-in: each user's authenticator secret (sealed like channels' secrets) and recovery codes, the
/// sign-ins waiting for their second step, and the workspace rule that admins must use it.
struct AddTwoFactor: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("user_two_factor")
            .field("user_id", .uuid, .identifier(auto: false), .references("users", "id", onDelete: .cascade))
            .field("secret", .string, .required)
            .field("confirmed_at", .datetime)
            .field("last_step", .int64)
            .field("recovery_codes", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("sign_in_challenges")
            .id()
            .field("token_hash", .string, .required)
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("address", .string, .required)
            .field("user_agent", .string)
            .field("expires_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()
        try await database.schema("workspaces")
            .field("require_two_factor_for_admins", .bool, .required, .sql(.default(false)))
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("workspaces").deleteField("require_two_factor_for_admins").update()
        try await database.schema("sign_in_challenges").delete()
        try await database.schema("user_two_factor").delete()
    }
}
