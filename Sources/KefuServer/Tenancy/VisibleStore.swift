import Foundation
import KefuCore
import SQLKit

/// A store as services and pages read it, for a viewer who may see it. (`StoreModel` is the row, for writing it;
/// `IngestingStore` is a connector signed in with the store's key; `StoreDTO` is the API's shape.)
struct VisibleStore: Sendable {
    let id: UUID
    let merchantID: UUID
    let name: String
    let platform: Platform
    /// The store's own shop link on its marketplace, when its settings say.
    let shopAddress: String?

    static let columns: SQLQueryString = "id, merchant_id, name, platform, shop_address"

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: UUID.self)
        merchantID = try row.decode(column: "merchant_id", as: UUID.self)
        name = try row.decode(column: "name", as: String.self)
        platform = try row.decodeStored(column: "platform", as: Platform.self)
        shopAddress = try row.decode(column: "shop_address", as: String?.self)
    }
}

extension SQLDatabase {
    /// Loads one store if the viewer may see it: another workspace's, one outside the viewer's scope and a missing one
    /// all answer 404 alike.
    func store(_ id: UUID, visibleTo viewer: Viewer) async throws -> VisibleStore {
        guard viewer.canSee(storeID: id),
            let row = try await raw("""
                SELECT \(VisibleStore.columns) FROM stores WHERE id = \(bind: id) AND workspace_id = \(bind: viewer.workspaceID)
                """).first()
        else { throw KefuError.notFound("store") }
        return try VisibleStore(row: row)
    }

    /// Every store the viewer may see, by name.
    func stores(visibleTo viewer: Viewer) async throws -> [VisibleStore] {
        var query: SQLQueryString = "SELECT \(VisibleStore.columns) FROM stores WHERE workspace_id = \(bind: viewer.workspaceID)"
        if let visible = viewer.visibleStoreIDs {
            query = visible.isEmpty ? query + " AND 1 = 0" : query + " AND id IN (\(binds: Array(visible)))"
        }
        return try await raw(query + " ORDER BY name").all().map(VisibleStore.init(row:))
    }
}
