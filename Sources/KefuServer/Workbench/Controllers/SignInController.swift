import Foundation
import KefuCore
import Vapor

/// The sign-in and sign-out pages.
struct SignInController: RouteCollection {
    let deps: Dependencies

    func boot(routes: any RoutesBuilder) throws {
        routes.get(.signIn, use: form)
        routes.post(.signIn, use: signIn)
        routes.post(.signOut, use: signOut)
    }

    /// What `login.leaf` renders.
    struct LoginPage: Encodable {
        let email: String
        let error: String?
        /// Where to go after signing in: the page that sent the browser here.
        let next: String?
        let action = SitePage.signIn.path()
    }

    struct Credentials: Content {
        let email: String
        let password: String
        let next: String?
    }

    @Sendable func form(req: Request) async throws -> Response {
        if req.auth.has(Viewer.self) { return req.redirect(to: SitePath.inbox) }
        let next = SitePath.sameSitePath(req.query[String.self, at: "next"])
        return try await req.view.render("login", LoginPage(email: "", error: nil, next: next)).encodeResponse(for: req)
    }

    @Sendable func signIn(req: Request) async throws -> Response {
        let credentials = try req.content.decode(Credentials.self)
        do {
            let (token, expiresAt) = try await deps.sessions(on: req.db)
                .signIn(email: credentials.email, password: credentials.password)
            let response = req.redirect(to: SitePath.sameSitePath(credentials.next) ?? SitePath.inbox)
            response.cookies[SessionCookie.name] = SessionCookie.make(
                token: token, expiresAt: expiresAt, secure: deps.settings.secureCookies)
            return response
        } catch let error as KefuError where error.code == "invalid_credentials" {
            let page = LoginPage(email: credentials.email, error: error.message, next: SitePath.sameSitePath(credentials.next))
            return try await req.view.render("login", page).encodeResponse(status: .unauthorized, for: req)
        }
    }

    @Sendable func signOut(req: Request) async throws -> Response {
        if let token = req.cookies[SessionCookie.name]?.string, !token.isEmpty {
            try await deps.sessions(on: req.db).signOut(token: token)
        }
        let response = req.redirect(to: SitePath.signIn(next: nil))
        response.cookies[SessionCookie.name] = SessionCookie.expired
        return response
    }
}
