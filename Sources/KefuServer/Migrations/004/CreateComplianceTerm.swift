import Fluent

/// A workspace's own compliance terms: more to flag (`deny`), or phrases never to flag (`allow`), optionally for one
/// platform only.
struct CreateComplianceTerm: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("compliance_terms")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("term", .string, .required)
            .field("action", .string, .required)
            .field("category", .string, .required)
            .field("severity", .string, .required)
            .field("platform", .string)
            .field("created_by", .uuid, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .unique(on: "workspace_id", "term", "action", "platform")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("compliance_terms").delete()
    }
}
