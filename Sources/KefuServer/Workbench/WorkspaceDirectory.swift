import Foundation
import KefuCore
import SQLKit

/// The merchants, stores and people a viewer may pick from in the workbench's filters, and the names rows show.
struct WorkspaceDirectory: Sendable {
    struct Named: Sendable {
        let id: UUID
        let name: String
    }

    let stores: [VisibleStore]
    let merchants: [Named]
    let users: [Named]

    func store(_ id: UUID) -> VisibleStore? { stores.first { $0.id == id } }
    func userName(_ id: UUID?) -> String? { id.flatMap { id in users.first { $0.id == id }?.name } }

    static func load(for viewer: Viewer, on db: any SQLDatabase) async throws -> WorkspaceDirectory {
        let stores = try await db.stores(visibleTo: viewer)
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
