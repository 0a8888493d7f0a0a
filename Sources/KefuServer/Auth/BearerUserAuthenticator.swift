import Fluent
import KefuCore
import Vapor

/// Signs a request in from `Authorization: Bearer <token>` against the stored token hashes.
struct BearerUserAuthenticator: AsyncBearerAuthenticator {
    func authenticate(bearer: BearerAuthorization, for request: Request) async throws {
        if let viewer = try await SessionService(app: request.application).viewer(forToken: bearer.token) {
            request.auth.login(viewer)
        }
    }
}

/// Answers 401 with Kefu's error body when no user signed in.
struct RequireViewer: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.auth.has(Viewer.self) else { throw KefuError.unauthorized }
        return try await next.respond(to: request)
    }
}

extension Request {
    var viewer: Viewer {
        get throws { try auth.require(Viewer.self) }
    }
}
