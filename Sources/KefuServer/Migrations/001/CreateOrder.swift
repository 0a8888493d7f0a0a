import Fluent
import SQLKit

struct CreateOrder: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("orders")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("store_id", .uuid, .required, .references("stores", "id"))
            .field("number", .string, .required)
            .field("status", .string, .required)
            .field("currency", .string, .required)
            .field("total_minor", .int64, .required)
            .field("items_json", .string, .required)
            .field("customer_external_id", .string)
            .field("customer_name", .string)
            .field("carrier", .string)
            .field("tracking_number", .string)
            .field("placed_at", .datetime)
            .field("shipped_at", .datetime)
            .field("delivered_at", .datetime)
            .field("updated_at", .datetime, .required)
            .unique(on: "store_id", "number")
            .create()
        try await database.sql.raw("CREATE INDEX orders_workspace_number ON orders (workspace_id, number)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("orders").delete()
    }
}
