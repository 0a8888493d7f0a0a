import Foundation
import KefuCore
import Vapor

/// The sign-in and sign-out pages.
struct SignInController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("login", use: form)
        routes.post("login", use: signIn)
        routes.post("logout", use: signOut)
    }

    /// What `login.leaf` renders.
    struct LoginPage: Encodable {
        let email: String
        let error: String?
    }

    struct Credentials: Content {
        let email: String
        let password: String
    }

    @Sendable func form(req: Request) async throws -> View {
        try await req.view.render("login", LoginPage(email: "", error: nil))
    }

    @Sendable func signIn(req: Request) async throws -> Response {
        let credentials = try req.content.decode(Credentials.self)
        do {
            let (token, expiresAt) = try await SessionService(app: req.application)
                .signIn(email: credentials.email, password: credentials.password)
            let response = req.redirect(to: "/inbox")
            response.cookies[SessionCookie.name] = SessionCookie.make(
                token: token, expiresAt: expiresAt, secure: req.application.kefu.secureCookies)
            return response
        } catch let error as KefuError where error.code == "invalid_credentials" {
            let page = LoginPage(email: credentials.email, error: error.message)
            return try await req.view.render("login", page).encodeResponse(status: .unauthorized, for: req)
        }
    }

    @Sendable func signOut(req: Request) async throws -> Response {
        if let token = req.cookies[SessionCookie.name]?.string, !token.isEmpty {
            try await SessionService(app: req.application).signOut(token: token)
        }
        let response = req.redirect(to: "/login")
        response.cookies[SessionCookie.name] = SessionCookie.expired
        return response
    }
}
