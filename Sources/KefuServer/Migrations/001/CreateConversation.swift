import Fluent
import SQLKit

struct CreateConversation: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("conversations")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("merchant_id", .uuid, .required, .references("merchants", "id"))
            .field("store_id", .uuid, .required, .references("stores", "id"))
            .field("platform", .string, .required)
            .field("external_id", .string, .required)
            .field("customer_id", .uuid, .required, .references("customers", "id"))
            .field("customer_name", .string, .required)
            .field("order_number", .string)
            .field("subject", .string)
            .field("kind", .string, .required)
            .field("status", .string, .required)
            .field("spam_reason", .string)
            .field("response_needed", .bool, .required)
            .field("customer_care", .bool, .required)
            .field("unread", .bool, .required)
            .field("has_failed", .bool, .required)
            .field("answered", .bool, .required)
            .field("assignee_id", .uuid, .references("users", "id"))
            .field("preview", .string, .required)
            .field("last_message_at", .datetime, .required)
            .field("awaiting_since", .datetime)
            .field("message_count", .int, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "store_id", "external_id")
            .create()
        // The message center lists newest first within a workspace or a store, and looks conversations up by order.
        for statement in [
            "CREATE INDEX conversations_workspace_recent ON conversations (workspace_id, last_message_at DESC, id DESC)",
            "CREATE INDEX conversations_store_recent ON conversations (store_id, last_message_at DESC, id DESC)",
            "CREATE INDEX conversations_order ON conversations (workspace_id, order_number)",
            "CREATE INDEX conversations_folders ON conversations (workspace_id, store_id, status, unread, response_needed, customer_care, has_failed)",
        ] {
            try await database.sql.raw(SQLQueryString(statement)).run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("conversations").delete()
    }
}
