import Fluent
import Foundation
import KefuCore
import Vapor

/// Sign-in for API clients: an e-mail and password buy a bearer token.
struct AuthController: RouteCollection {
    let deps: Dependencies

    func boot(routes: any RoutesBuilder) throws {
        routes.post("auth", "login", use: login)
        routes.post("auth", "login", "code", use: finishLogin)
    }

    /// Routes that need a signed-in user.
    func bootSignedIn(routes: any RoutesBuilder) {
        routes.post("auth", "logout", use: logout)
        routes.get("me", use: me)
        routes.get("sessions", use: sessions)
        routes.delete("sessions", use: revokeOthers)
        routes.delete("sessions", ":sessionID", use: revoke)
        routes.post("me", "password", use: changePassword)
    }

    struct LoginInput: Content {
        let email: String
        let password: String
    }

    struct LoginResponse: Content {
        let token: String
        let expiresAt: Date
    }

    /// The password was right; the user's authenticator app has the rest (`POST /auth/login/code`).
    struct CodeNeeded: Content {
        let challenge: String
        let expiresAt: Date
    }

    /// 200 with a token, or 202 with a challenge when the user signs in with two factors.
    @Sendable func login(req: Request) async throws -> Response {
        let input = try req.content.decode(LoginInput.self)
        switch try await deps.sessions(on: req.db)
            .signIn(email: input.email, password: input.password, from: req.signInOrigin(.api, deps.settings))
        {
        case .signedIn(let token, let expiresAt):
            return try await LoginResponse(token: token, expiresAt: expiresAt).encodeResponse(for: req)
        case .needsCode(let challenge, let expiresAt):
            return try await CodeNeeded(challenge: challenge, expiresAt: expiresAt).encodeResponse(status: .accepted, for: req)
        }
    }

    struct CodeInput: Content {
        let challenge: String
        /// Six digits from the app, or one of the recovery codes.
        let code: String
    }

    @Sendable func finishLogin(req: Request) async throws -> LoginResponse {
        let input = try req.content.decode(CodeInput.self)
        let (token, expiresAt) = try await deps.sessions(on: req.db)
            .finishSignIn(challenge: input.challenge, code: input.code, from: req.signInOrigin(.api, deps.settings))
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
        let twoFactorEnabled: Bool
        /// The workspace requires two-factor sign-in of this user and it is not set up: nothing but setting it up (and
        /// signing out) is allowed until it is.
        let mustSetUpTwoFactor: Bool
    }

    @Sendable func me(req: Request) async throws -> MeResponse {
        let viewer = try req.viewer
        return MeResponse(
            id: viewer.userID, workspaceID: viewer.workspaceID, email: viewer.email, name: viewer.name,
            role: viewer.role, storeIDs: viewer.visibleStoreIDs.map { Array($0).sorted { $0.uuidString < $1.uuidString } },
            twoFactorEnabled: viewer.twoFactorEnabled, mustSetUpTwoFactor: viewer.mustSetUpTwoFactor)
    }

    struct SessionsResponse: Content {
        let items: [SessionService.Session]
    }

    /// The signed-in user's own sessions: pages and API tokens, with where and when each was last used.
    @Sendable func sessions(req: Request) async throws -> SessionsResponse {
        SessionsResponse(items: try await deps.sessions(on: req.db).sessions(of: try req.viewer.userID, currentToken: req.sessionToken))
    }

    @Sendable func revoke(req: Request) async throws -> HTTPStatus {
        let id = try req.parameters.require("sessionID", as: UUID.self)
        try await deps.sessions(on: req.db).revoke(id, of: try req.viewer.userID)
        return .noContent
    }

    struct RevokedResponse: Content {
        let revoked: Int
    }

    /// Signs the user out everywhere but here.
    @Sendable func revokeOthers(req: Request) async throws -> RevokedResponse {
        RevokedResponse(revoked: try await deps.sessions(on: req.db).revokeAll(of: try req.viewer.userID, keeping: req.sessionToken))
    }
}

struct PasswordChange: Content {
    let current: String
    let new: String
}

extension AuthController {
    /// A new password for the signed-in user; every other session ends.
    @Sendable func changePassword(req: Request) async throws -> RevokedResponse {
        let input = try req.content.decode(PasswordChange.self)
        let revoked = try await deps.sessions(on: req.db).changePassword(
            of: try req.viewer, current: input.current, new: input.new, from: req.signInOrigin(.api, deps.settings),
            keeping: req.sessionToken)
        return RevokedResponse(revoked: revoked)
    }
}

extension Request {
    /// The token this request signed in with: the bearer header's, or the page session cookie's.
    var sessionToken: String? {
        headers.bearerAuthorization?.token ?? cookies[SessionCookie.name]?.string
    }

    func signInOrigin(_ kind: SessionService.SessionKind, _ settings: KefuConfiguration) -> SessionService.Origin {
        SessionService.Origin(
            kind: kind, address: clientAddress(trustingProxy: settings.trustProxy), userAgent: headers.first(name: .userAgent))
    }
}
