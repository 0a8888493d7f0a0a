import Fluent
import SQLKit

/// A buyer's orders in a store, read on every reply in a conversation about an order: the guard warns about an order
/// number of their shape that is none of them (another buyer's order). Without it the read scans the store's orders.
struct AddOrderCustomerIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.sql.raw("CREATE INDEX orders_store_customer ON orders (store_id, customer_external_id)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DROP INDEX orders_store_customer").run()
    }
}
