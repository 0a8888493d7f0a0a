import Fluent
import Foundation
import KefuCore
import SQLKit
import Vapor

/// The signed-in user of a request, with what they may see: their workspace and, unless their role sees all of it,
/// the stores they are assigned to.
struct Viewer: Authenticatable, Sendable {
    let userID: UUID
    let workspaceID: UUID
    let email: String
    let name: String
    let role: Role
    /// `nil` when the viewer sees every store of the workspace.
    let visibleStoreIDs: Set<UUID>?
    /// The workbench language the user chose (`zh-CN`, `en`), when they chose one.
    let locale: String?
    let twoFactorEnabled: Bool
    /// The workspace requires two-factor sign-in of this user (an admin) and they have not set it up yet.
    let mustSetUpTwoFactor: Bool

    func require(_ permission: Permission) throws(KefuError) {
        guard role.may(permission) else {
            throw .forbidden("Your role (\(role.rawValue)) may not do this.")
        }
    }

    func canSee(storeID: UUID) -> Bool {
        visibleStoreIDs?.contains(storeID) ?? true
    }

    /// The SQL condition that keeps a query inside what the viewer may see, for a table aliased `alias` with
    /// `workspace_id` and `store_id` columns.
    func scopeCondition(_ alias: String) -> SQLQueryString {
        var condition: SQLQueryString = "\(ident: alias).workspace_id = \(bind: workspaceID)"
        if let stores = visibleStoreIDs {
            if stores.isEmpty {
                condition = "1 = 0"
            } else {
                condition = condition + " AND \(ident: alias).store_id IN (\(binds: Array(stores)))"
            }
        }
        return condition
    }

    var actor: String { "user:\(email)" }
}

extension Viewer {
    /// Loads a user's visibility from their role and assignments.
    static func load(_ user: UserModel, on db: any Database) async throws -> Viewer {
        let userID = try user.requireID()
        var stores: Set<UUID>?
        let scopes = try await UserScopeModel.query(on: db).filter(\.$userID == userID).all()
        if !scopes.isEmpty || !user.role.seesWholeWorkspaceByDefault {
            var visible = Set(scopes.compactMap(\.storeID))
            let merchants = scopes.compactMap(\.merchantID)
            if !merchants.isEmpty {
                let merchantStores = try await StoreModel.query(on: db)
                    .filter(\.$workspaceID == user.workspaceID)
                    .filter(\.$merchantID ~~ merchants)
                    .all()
                for store in merchantStores { visible.insert(try store.requireID()) }
            }
            stores = visible
        }
        let security = try await db.sql.raw("""
            SELECT w.require_two_factor_for_admins AS required, t.confirmed_at AS confirmed
            FROM workspaces w LEFT JOIN user_two_factor t ON t.user_id = \(bind: userID)
            WHERE w.id = \(bind: user.workspaceID)
            """).first()
        let enabled = try security?.decode(column: "confirmed", as: Date?.self) != nil
        let required = try security?.decode(column: "required", as: Bool.self) ?? false
        return Viewer(
            userID: userID, workspaceID: user.workspaceID, email: user.email, name: user.name, role: user.role,
            visibleStoreIDs: stores, locale: user.locale, twoFactorEnabled: enabled,
            mustSetUpTwoFactor: required && user.role == .admin && !enabled)
    }
}
