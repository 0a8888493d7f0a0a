import Fluent
import Foundation
import KefuCore
import Vapor

/// The web pages' sign-in: a session token in an HttpOnly cookie, stored hashed in `user_tokens` like bearer tokens,
/// so signing out anywhere ends it and every Kefu instance sharing the database accepts it.
enum SessionCookie {
    static let name = "kefu_session"

    /// The cookie outlives the session (400 days, the most browsers keep one): the server decides when a session
    /// ends, and a page session that is used keeps going (`SessionService` pushes its expiry back).
    static func make(token: String, secure: Bool) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: token, expires: nil, maxAge: 400 * 86_400, domain: nil, path: "/", isSecure: secure, isHTTPOnly: true,
            sameSite: .lax)
    }

    static let expired = HTTPCookies.Value(
        string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, domain: nil, path: "/", isSecure: false,
        isHTTPOnly: true, sameSite: .lax)
}

/// Signs a page request in from the session cookie.
struct SessionCookieAuthenticator: RequestAuthenticator {
    let sessions: Dependencies

    func authenticate(request: Request) -> EventLoopFuture<Void> {
        guard let token = request.cookies[SessionCookie.name]?.string, !token.isEmpty else {
            return request.eventLoop.makeSucceededVoidFuture()
        }
        let sessions = sessions.sessions(on: request.db)
        return request.signIn(cached: sessions.cachedViewer(forToken: token)) {
            try await sessions.viewer(forToken: token)
        }
    }
}

/// Signs an API request in from the session cookie, but only when it carries `X-Kefu-Client: web`: a form or link on
/// another site cannot add that header, and a cross-site script that tries needs a CORS preflight Kefu never grants.
struct WebClientCookieAuthenticator: RequestAuthenticator {
    static let header = "X-Kefu-Client"
    let sessions: Dependencies

    func authenticate(request: Request) -> EventLoopFuture<Void> {
        guard request.auth.get(Viewer.self) == nil, request.headers.first(name: Self.header) == "web" else {
            return request.eventLoop.makeSucceededVoidFuture()
        }
        return SessionCookieAuthenticator(sessions: sessions).authenticate(request: request)
    }
}
