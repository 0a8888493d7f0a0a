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
        /// The page's language (the browser's, or the last one chosen here) and its words.
        let lang: String
        let title: String
        let emailLabel: String
        let passwordLabel: String
        let submit: String

        init(_ req: Request, strings: PageStrings, email: String = "", error: String? = nil, next: String?) {
            let language = req.uiLanguage
            self.email = email
            self.error = error
            self.next = next
            lang = language.rawValue
            title = strings.text("signIn.title", language)
            emailLabel = strings.text("signIn.email", language)
            passwordLabel = strings.text("signIn.password", language)
            submit = strings.text("signIn.submit", language)
        }
    }

    struct Credentials: Content {
        let email: String
        let password: String
        let next: String?
    }

    @Sendable func form(req: Request) async throws -> Response {
        if req.auth.has(Viewer.self) { return req.redirect(to: SitePath.inbox) }
        let next = SitePath.sameSitePath(req.query[String.self, at: "next"])
        return try await req.view.render("login", LoginPage(req, strings: deps.pageStrings, next: next)).encodeResponse(for: req)
    }

    @Sendable func signIn(req: Request) async throws -> Response {
        let credentials = try req.content.decode(Credentials.self)
        do {
            let (token, _) = try await deps.sessions(on: req.db)
                .signIn(email: credentials.email, password: credentials.password, from: req.signInOrigin(.web, deps.settings))
            let response = req.redirect(to: SitePath.sameSitePath(credentials.next) ?? SitePath.inbox)
            response.cookies[SessionCookie.name] = SessionCookie.make(token: token, secure: deps.settings.secureCookies)
            return response
        } catch let error as KefuError where error.code == "invalid_credentials" {
            return try await refused(req, credentials, message: deps.pageStrings.text("signIn.wrong", req.uiLanguage), status: .unauthorized)
        } catch let throttled as SignInThrottled {
            let strings = deps.pageStrings
            let message = switch throttled.decision {
            case .locked(.account, _): strings.text("signIn.locked", req.uiLanguage, ["minutes": "\(throttled.minutes)"])
            case .locked(.address, _): strings.text("signIn.addressLocked", req.uiLanguage, ["minutes": "\(throttled.minutes)"])
            default: strings.text("signIn.delayed", req.uiLanguage, ["seconds": "\(throttled.retryAfter)"])
            }
            let response = try await refused(req, credentials, message: message, status: .tooManyRequests)
            response.headers.replaceOrAdd(name: .retryAfter, value: "\(throttled.retryAfter)")
            return response
        }
    }

    private func refused(_ req: Request, _ credentials: Credentials, message: String, status: HTTPStatus) async throws -> Response {
        let page = LoginPage(
            req, strings: deps.pageStrings, email: credentials.email, error: message, next: SitePath.sameSitePath(credentials.next))
        return try await req.view.render("login", page).encodeResponse(status: status, for: req)
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
