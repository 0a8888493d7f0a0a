import Fluent

/// The store's own shop address on its marketplace (`https://acme.tmall.com`): where a platform forbids sending
/// other shops' links, the guard lets this one through.
struct AddStoreShopAddress: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("stores").field(.definition(name: .key("shop_address"), dataType: .string, constraints: [])).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("stores").deleteField(.key("shop_address")).update()
    }
}
