import Fluent
import Foundation
import KefuCore
import Vapor

/// The workspace's people, for admins: who is locked out after wrong passwords, and the two things an admin does
/// about an account in trouble (lift its lock, sign it out everywhere).
struct UserController: RouteCollection {
    let deps: Dependencies

    func boot(routes: any RoutesBuilder) throws {
        routes.get("users", use: users)
        routes.post("users", ":userID", "unlock", use: unlock)
        routes.delete("users", ":userID", "sessions", use: signOutEverywhere)
    }

    struct UserDTO: Content {
        let id: UUID
        let email: String
        let name: String
        let role: Role
        /// Until when wrong passwords keep the account from signing in; absent when it is not locked.
        let lockedUntil: Date?
    }

    struct UsersResponse: Content {
        let items: [UserDTO]
    }

    @Sendable func users(req: Request) async throws -> UsersResponse {
        let viewer = try req.viewer
        try viewer.require(.administer)
        let users = try await UserModel.query(on: req.db).filter(\.$workspaceID == viewer.workspaceID).sort(\.$email).all()
        let locked = try await deps.signInFailures(on: req.db).lockedUntil(emails: users.map(\.email), at: deps.clock.now())
        return UsersResponse(items: try users.map { user in
            UserDTO(id: try user.requireID(), email: user.email, name: user.name, role: user.role, lockedUntil: locked[user.email])
        })
    }

    /// Lets a locked-out user try again at once; audited.
    @Sendable func unlock(req: Request) async throws -> HTTPStatus {
        let (viewer, user) = try await managedUser(req)
        try await deps.signInFailures(on: req.db).unlock(user, by: viewer)
        return .noContent
    }

    /// Ends every session of the user (a lost laptop, a password given away); audited.
    @Sendable func signOutEverywhere(req: Request) async throws -> AuthController.RevokedResponse {
        let (viewer, user) = try await managedUser(req)
        let revoked = try await deps.sessions(on: req.db).revokeAll(of: try user.requireID(), keeping: nil)
        let detail = ["user": try user.requireID().uuidString, "email": user.email, "sessions": "\(revoked)"]
        try await deps.transactions.run(on: req.db) { tx in
            try await AuditLog.record(
                "user_signed_out_everywhere", conversation: nil, workspace: viewer.workspaceID, by: viewer, detail: detail,
                at: tx.now, on: tx.sql)
        }
        return AuthController.RevokedResponse(revoked: revoked)
    }

    /// An admin and a user of their own workspace; one of another workspace is not found.
    private func managedUser(_ req: Request) async throws -> (Viewer, UserModel) {
        let viewer = try req.viewer
        try viewer.require(.administer)
        let id = try req.parameters.require("userID", as: UUID.self)
        guard let user = try await UserModel.find(id, on: req.db), user.workspaceID == viewer.workspaceID else {
            throw KefuError.notFound("user")
        }
        return (viewer, user)
    }
}
