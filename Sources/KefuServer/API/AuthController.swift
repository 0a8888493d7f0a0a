import Fluent
import Foundation
import KefuCore
import Vapor

/// Sign-in for API clients: an e-mail and password buy a bearer token.
struct AuthController: RouteCollection {
    let deps: Dependencies

    func boot(routes: any RoutesBuilder) throws {
        routes.post("auth", "login", use: login)
    }

    /// Routes that need a signed-in user.
    func bootSignedIn(routes: any RoutesBuilder) {
        routes.post("auth", "logout", use: logout)
        routes.get("me", use: me)
    }

    struct LoginInput: Content {
        let email: String
        let password: String
    }

    struct LoginResponse: Content {
        let token: String
        let expiresAt: Date
    }

    @Sendable func login(req: Request) async throws -> LoginResponse {
        let input = try req.content.decode(LoginInput.self)
        let (token, expiresAt) = try await deps.sessions(on: req.db)
            .signIn(email: input.email, password: input.password)
        return LoginResponse(token: token, expiresAt: expiresAt)
    }

    @Sendable func logout(req: Request) async throws -> HTTPStatus {
        guard let bearer = req.headers.bearerAuthorization else { return .noContent }
        try await deps.sessions(on: req.db).signOut(token: bearer.token)
        return .noContent
    }

    struct MeResponse: Content {
        let id: UUID
        let workspaceID: UUID
        let email: String
        let name: String
        let role: Role
        /// `null` when the user sees every store of the workspace.
        let storeIDs: [UUID]?
    }

    @Sendable func me(req: Request) async throws -> MeResponse {
        let viewer = try req.viewer
        return MeResponse(
            id: viewer.userID, workspaceID: viewer.workspaceID, email: viewer.email, name: viewer.name,
            role: viewer.role, storeIDs: viewer.visibleStoreIDs.map { Array($0).sorted { $0.uuidString < $1.uuidString } })
    }
}
