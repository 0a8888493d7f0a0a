import Fluent
import KefuCore
import Vapor

/// Signs a request in from `Authorization: Bearer <token>` against the stored token hashes.
struct BearerUserAuthenticator: BearerAuthenticator {
    let sessions: Dependencies

    func authenticate(bearer: BearerAuthorization, for request: Request) -> EventLoopFuture<Void> {
        let sessions = sessions.sessions(on: request.db)
        let token = bearer.token
        return request.signIn(cached: sessions.cachedViewer(forToken: token)) {
            try await sessions.viewer(forToken: token)
        }
    }
}

/// Answers 401 with Kefu's error body when no user signed in, and 403 to an admin who must set up two-factor sign-in
/// first, for anything but that, their sessions and signing out.
struct RequireViewer: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard let viewer = request.auth.get(Viewer.self) else {
            return request.eventLoop.makeFailedFuture(KefuError.unauthorized)
        }
        guard !viewer.mustSetUpTwoFactor || Self.allowedBeforeTwoFactor(request.url.path) else {
            return request.eventLoop.makeFailedFuture(KefuError.twoFactorSetUpRequired)
        }
        return next.respond(to: request)
    }

    static func allowedBeforeTwoFactor(_ path: String) -> Bool {
        ["/api/v1/me", "/api/v1/auth/logout", "/api/v1/sessions"].contains { path == $0 || path.hasPrefix($0 + "/") }
    }
}

extension KefuError {
    static let twoFactorSetUpRequired = KefuError(
        code: "two_factor_setup_required", status: 403,
        message: "Your workspace requires two-factor sign-in for admins: set it up first (POST /api/v1/me/two-factor).")
}

extension Request {
    var viewer: Viewer {
        get throws { try auth.require(Viewer.self) }
    }
}
