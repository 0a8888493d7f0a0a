import Fluent

/// The buyer's phone number and shipping address as the order has them, so the guard can stop a reply that repeats
/// them in full.
struct AddOrderBuyerContact: AsyncMigration {
    func prepare(on database: any Database) async throws {
        for name in ["buyer_phone", "shipping_address"] {
            try await database.schema("orders").field(.definition(name: .key(.string(name)), dataType: .string, constraints: [])).update()
        }
    }

    func revert(on database: any Database) async throws {
        for name in ["buyer_phone", "shipping_address"] {
            try await database.schema("orders").deleteField(.key(.string(name))).update()
        }
    }
}
