import Foundation
import KefuCore
import SQLKit

/// The merchants, stores and people a viewer may pick from in the workbench's filters, and the names rows show.
struct WorkspaceDirectory: Sendable {
    struct Store: Sendable {
        let id: UUID
        let merchantID: UUID
        let name: String
        let platform: Platform
    }

    struct Named: Sendable {
        let id: UUID
        let name: String
    }

    let stores: [Store]
    let merchants: [Named]
    let users: [Named]

    func store(_ id: UUID) -> Store? { stores.first { $0.id == id } }
    func userName(_ id: UUID?) -> String? { id.flatMap { id in users.first { $0.id == id }?.name } }

    static func load(for viewer: Viewer, on db: any SQLDatabase) async throws -> WorkspaceDirectory {
        var storeQuery: SQLQueryString = "SELECT id, merchant_id, name, platform FROM stores WHERE workspace_id = \(bind: viewer.workspaceID)"
        if let visible = viewer.visibleStoreIDs {
            storeQuery = visible.isEmpty ? storeQuery + " AND 1 = 0" : storeQuery + " AND id IN (\(binds: Array(visible)))"
        }
        let stores = try await db.raw(storeQuery + " ORDER BY name").all().map { row in
            Store(
                id: try row.decode(column: "id", as: UUID.self), merchantID: try row.decode(column: "merchant_id", as: UUID.self),
                name: try row.decode(column: "name", as: String.self),
                platform: try Platform.stored(try row.decode(column: "platform", as: String.self)))
        }
        let merchantIDs = Set(stores.map(\.merchantID))
        let merchants = try await db.raw(
            "SELECT id, name FROM merchants WHERE workspace_id = \(bind: viewer.workspaceID) ORDER BY name"
        ).all().map { Named(id: try $0.decode(column: "id", as: UUID.self), name: try $0.decode(column: "name", as: String.self)) }
            .filter { merchantIDs.contains($0.id) }
        let users = try await db.raw(
            "SELECT id, name FROM users WHERE workspace_id = \(bind: viewer.workspaceID) AND role IN ('admin', 'supervisor', 'agent') ORDER BY name"
        ).all().map { Named(id: try $0.decode(column: "id", as: UUID.self), name: try $0.decode(column: "name", as: String.self)) }
        return WorkspaceDirectory(stores: stores, merchants: merchants, users: users)
    }
}
