import Fluent
import SQLKit

/// Failed sign-ins, counted per account and per client address to slow and then stop password guessing; and what a
/// user needs to recognise their own sessions (web or API, the browser, the address, when it was last used).
struct AddSignInProtection: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("sign_in_failures")
            .id()
            .field("email", .string, .required)
            .field("address", .string, .required)
            .field("failed_at", .datetime, .required)
            .create()
        let sql = database.sql
        try await sql.raw("CREATE INDEX sign_in_failures_email ON sign_in_failures (email, failed_at)").run()
        try await sql.raw("CREATE INDEX sign_in_failures_address ON sign_in_failures (address, failed_at)").run()
        try await sql.raw("CREATE INDEX sign_in_failures_age ON sign_in_failures (failed_at)").run()
        // One column per statement: SQLite adds one at a time.
        for (field, type) in [("kind", DatabaseSchema.DataType.string), ("last_used_at", .datetime), ("user_agent", .string),
                              ("address", .string)] {
            try await database.schema("user_tokens").field(.string(field), type).update()
        }
        try await sql.raw("CREATE INDEX user_tokens_user ON user_tokens (user_id, expires_at)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DROP INDEX user_tokens_user").run()
        for field in ["kind", "last_used_at", "user_agent", "address"] {
            try await database.schema("user_tokens").deleteField(.string(field)).update()
        }
        try await database.schema("sign_in_failures").delete()
    }
}
