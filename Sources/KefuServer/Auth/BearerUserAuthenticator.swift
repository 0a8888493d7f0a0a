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

/// Answers 401 with Kefu's error body when no user signed in.
struct RequireViewer: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard request.auth.has(Viewer.self) else { return request.eventLoop.makeFailedFuture(KefuError.unauthorized) }
        return next.respond(to: request)
    }
}

extension Request {
    var viewer: Viewer {
        get throws { try auth.require(Viewer.self) }
    }
}
