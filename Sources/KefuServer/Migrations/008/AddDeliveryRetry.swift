import Fluent
import SQLKit

/// A delivery that met a temporary error waits until `next_attempt_at` before its channel tries again; a buyer's
/// answer or a bounce finds the reply it refers to by the id the channel gave it (`external_id`).
struct AddDeliveryRetry: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("deliveries").field("next_attempt_at", .datetime).update()
        try await database.sql.raw("CREATE INDEX deliveries_external ON deliveries (store_id, external_id)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DROP INDEX deliveries_external").run()
        try await database.schema("deliveries").deleteField("next_attempt_at").update()
    }
}
