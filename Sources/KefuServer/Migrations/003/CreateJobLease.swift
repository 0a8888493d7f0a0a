import Fluent

/// Which Kefu instance runs a scheduled job until when, so instances sharing one PostgreSQL never run it twice.
struct CreateJobLease: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("job_leases")
            .field("name", .string, .identifier(auto: false))
            .field("holder", .string, .required)
            .field("expires_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("job_leases").delete()
    }
}
