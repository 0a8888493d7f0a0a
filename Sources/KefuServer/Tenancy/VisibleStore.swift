import Foundation
import KefuCore
import SQLKit

/// What services read of a store the viewer may see.
struct VisibleStore: Sendable {
    let id: UUID
    let name: String
    let platform: Platform
    /// The store's own shop link on its marketplace, when its settings say.
    let shopAddress: String?
}

extension SQLDatabase {
    /// Loads one store if the viewer may see it: another workspace's, one outside the viewer's scope and a missing one
    /// all answer 404 alike.
    func store(_ id: UUID, visibleTo viewer: Viewer) async throws -> VisibleStore {
        guard viewer.canSee(storeID: id),
            let row = try await raw("""
                SELECT name, platform, shop_address FROM stores WHERE id = \(bind: id) AND workspace_id = \(bind: viewer.workspaceID)
                """).first()
        else { throw KefuError.notFound("store") }
        let platform = try Platform.stored(try row.decode(column: "platform", as: String.self))
        return VisibleStore(
            id: id, name: try row.decode(column: "name", as: String.self), platform: platform,
            shopAddress: try row.decode(column: "shop_address", as: String?.self))
    }
}
