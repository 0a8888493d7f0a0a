import Fluent
import SQLKit

/// One buyer, several customer records: a customer belongs to the person `COALESCE(person_id, id)`. The merchant's
/// stores on one platform know a buyer by the same platform id, so those records are one person from the start
/// (filled here for the customers already stored); a supervisor merges the rest (`CustomerService.merge`).
struct AddCustomerPerson: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("customers").field("person_id", .uuid).update()
        let sql = database.sql
        try await sql.raw("CREATE INDEX customers_person ON customers (person_id)").run()
        try await sql.raw("CREATE INDEX customers_external ON customers (external_id)").run()
        try await sql.raw("CREATE INDEX conversations_customer ON conversations (customer_id, last_message_at)").run()
        // Each record after the first of its merchant, platform and platform id points at the first.
        try await sql.raw("""
            UPDATE customers SET person_id = (
                SELECT first.id FROM customers first JOIN stores fs ON fs.id = first.store_id
                JOIN stores s ON s.id = customers.store_id
                WHERE first.external_id = customers.external_id AND fs.merchant_id = s.merchant_id
                AND fs.platform = s.platform AND first.id <> customers.id
                AND (first.created_at < customers.created_at OR (first.created_at = customers.created_at AND first.id < customers.id))
                ORDER BY first.created_at, first.id LIMIT 1)
            """).run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DROP INDEX customers_person").run()
        try await database.sql.raw("DROP INDEX customers_external").run()
        try await database.sql.raw("DROP INDEX conversations_customer").run()
        try await database.schema("customers").deleteField("person_id").update()
    }
}
