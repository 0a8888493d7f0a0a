import Fluent
import SQLKit

/// How many conversations each folder holds, per store, kept in step with every change (see `FolderCounts`), so the
/// header's counts cost a sum over the viewer's stores instead of a scan of every conversation.
struct CreateFolderCounts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("folder_counts")
            .field("store_id", .uuid, .identifier(auto: false), .references("stores", "id"))
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("merchant_id", .uuid, .required, .references("merchants", "id"))
            .field("platform", .string, .required)
            .field("all_count", .int64, .required)
            .field("unread_count", .int64, .required)
            .field("response_needed_count", .int64, .required)
            .field("customer_care_count", .int64, .required)
            .field("failed_count", .int64, .required)
            .field("spam_count", .int64, .required)
            .create()
        try await database.sql.raw("""
            INSERT INTO folder_counts (store_id, workspace_id, merchant_id, platform, all_count, unread_count,
                response_needed_count, customer_care_count, failed_count, spam_count)
            SELECT s.id, s.workspace_id, s.merchant_id, s.platform,
                COALESCE(SUM(CASE WHEN c.status <> 'spam' THEN 1 ELSE 0 END), 0),
                COALESCE(SUM(CASE WHEN c.status <> 'spam' AND c.unread = TRUE THEN 1 ELSE 0 END), 0),
                COALESCE(SUM(CASE WHEN c.status <> 'spam' AND c.response_needed = TRUE THEN 1 ELSE 0 END), 0),
                COALESCE(SUM(CASE WHEN c.status <> 'spam' AND c.customer_care = TRUE THEN 1 ELSE 0 END), 0),
                COALESCE(SUM(CASE WHEN c.has_failed = TRUE THEN 1 ELSE 0 END), 0),
                COALESCE(SUM(CASE WHEN c.status = 'spam' THEN 1 ELSE 0 END), 0)
            FROM stores s LEFT JOIN conversations c ON c.store_id = s.id
            GROUP BY s.id, s.workspace_id, s.merchant_id, s.platform
            """).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("folder_counts").delete()
    }
}
