import Fluent
import KefuCore
import Vapor

/// Signs a request in from `Authorization: Bearer <token>` against the stored token hashes.
struct BearerUserAuthenticator: AsyncBearerAuthenticator {
    func authenticate(bearer: BearerAuthorization, for request: Request) async throws {
        let hash = Secrets.hash(bearer.token)
        guard let token = try await UserTokenModel.query(on: request.db).filter(\.$tokenHash == hash).first(),
            token.expiresAt > request.clock.now(),
            let user = try await UserModel.find(token.userID, on: request.db)
        else { return }
        request.auth.login(try await Viewer.load(user, on: request.db))
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
