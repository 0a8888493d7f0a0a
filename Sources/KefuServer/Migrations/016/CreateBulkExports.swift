import Fluent
import SQLKit

/// Bulk exports run in the background: the job with its filter and progress in `bulk_exports`, the file it writes in
/// `bulk_export_parts` (in the database, so any instance behind a load balancer can serve the download).
struct CreateBulkExports: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("bulk_exports")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("requested_by", .uuid, .required, .references("users", "id"))
            .field("format", .string, .required)
            .field("parameters", .string, .required)
            .field("state", .string, .required)
            .field("total", .int)
            .field("done", .int, .required)
            .field("bytes", .int64, .required)
            .field("error", .string)
            .field("holder", .string)
            .field("heartbeat_at", .datetime)
            .field("created_at", .datetime, .required)
            .field("started_at", .datetime)
            .field("finished_at", .datetime)
            .field("expires_at", .datetime, .required)
            .create()
        try await database.sql.raw("CREATE INDEX bulk_exports_state ON bulk_exports (state, created_at)").run()
        try await database.sql.raw("CREATE INDEX bulk_exports_workspace ON bulk_exports (workspace_id, created_at)").run()
        try await database.schema("bulk_export_parts")
            .id()
            .field("export_id", .uuid, .required, .references("bulk_exports", "id"))
            .field("seq", .int, .required)
            .field("data", .data, .required)
            .unique(on: "export_id", "seq")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("bulk_export_parts").delete()
        try await database.schema("bulk_exports").delete()
    }
}
