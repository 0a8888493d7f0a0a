import Foundation
import KefuCore
import Vapor

/// The sign-in and sign-out pages.
struct SignInController: RouteCollection {
    let deps: Dependencies

    func boot(routes: any RoutesBuilder) throws {
        routes.get(.signIn, use: form)
        routes.post(.signIn, use: signIn)
        routes.post(.signInCode, use: finishSignIn)
        routes.post(.signOut, use: signOut)
    }

    /// What `login.leaf` renders: the e-mail and password, or (with `challenge`) the code from the user's app.
    struct LoginPage: Encodable {
        let email: String
        let error: String?
        /// Where to go after signing in: the page that sent the browser here.
        let next: String?
        /// Set on the second step: the right password's challenge, sent back with the code.
        let challenge: String?
        let action: String
        /// The page's language (the browser's, or the last one chosen here) and its words.
        let lang: String
        let title: String
        let emailLabel: String
        let passwordLabel: String
        let codeLabel: String
        let codeHint: String
        let submit: String

        init(_ req: Request, strings: PageStrings, email: String = "", error: String? = nil, next: String?, challenge: String? = nil) {
            let language = req.uiLanguage
            self.email = email
            self.error = error
            self.next = next
            self.challenge = challenge
            action = challenge == nil ? SitePage.signIn.path() : SitePage.signInCode.path()
            lang = language.rawValue
            title = strings.text("signIn.title", language)
            emailLabel = strings.text("signIn.email", language)
            passwordLabel = strings.text("signIn.password", language)
            codeLabel = strings.text("signIn.code", language)
            codeHint = strings.text("signIn.codeHint", language)
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
        let next = SitePath.sameSitePath(credentials.next)
        do {
            switch try await deps.sessions(on: req.db)
                .signIn(email: credentials.email, password: credentials.password, from: req.signInOrigin(.web, deps.settings))
            {
            case .signedIn(let token, _):
                return signedIn(req, token: token, next: next)
            case .needsCode(let challenge, _):
                let page = LoginPage(req, strings: deps.pageStrings, email: credentials.email, next: next, challenge: challenge)
                return try await req.view.render("login", page).encodeResponse(for: req)
            }
        } catch let error as KefuError where error.code == "invalid_credentials" {
            return try await refused(req, LoginPage(
                req, strings: deps.pageStrings, email: credentials.email,
                error: deps.pageStrings.text("signIn.wrong", req.uiLanguage), next: next), status: .unauthorized)
        } catch let throttled as SignInThrottled {
            return try await refused(req, throttled, LoginPage(req, strings: deps.pageStrings, email: credentials.email, next: next))
        }
    }

    struct CodeForm: Content {
        let challenge: String
        let code: String
        let email: String?
        let next: String?
    }

    /// The second step: a wrong code asks again on the same challenge; an expired one starts over with the password.
    @Sendable func finishSignIn(req: Request) async throws -> Response {
        let form = try req.content.decode(CodeForm.self)
        let next = SitePath.sameSitePath(form.next)
        let email = form.email ?? ""
        let strings = deps.pageStrings
        do {
            let (token, _) = try await deps.sessions(on: req.db)
                .finishSignIn(challenge: form.challenge, code: form.code, from: req.signInOrigin(.web, deps.settings))
            return signedIn(req, token: token, next: next)
        } catch let error as KefuError where error.code == "invalid_code" {
            return try await refused(req, LoginPage(
                req, strings: strings, email: email, error: strings.text("signIn.wrongCode", req.uiLanguage), next: next,
                challenge: form.challenge), status: .unauthorized)
        } catch let error as KefuError where error.code == "challenge_expired" {
            return try await refused(req, LoginPage(
                req, strings: strings, email: email, error: strings.text("signIn.codeExpired", req.uiLanguage), next: next),
                status: .unauthorized)
        } catch let throttled as SignInThrottled {
            return try await refused(req, throttled, LoginPage(req, strings: strings, email: email, next: next))
        }
    }

    private func signedIn(_ req: Request, token: String, next: String?) -> Response {
        let response = req.redirect(to: next ?? SitePath.inbox)
        response.cookies[SessionCookie.name] = SessionCookie.make(token: token, secure: deps.settings.secureCookies)
        return response
    }

    private func refused(_ req: Request, _ throttled: SignInThrottled, _ page: LoginPage) async throws -> Response {
        let strings = deps.pageStrings
        let message = switch throttled.decision {
        case .locked(.account, _): strings.text("signIn.locked", req.uiLanguage, ["minutes": "\(throttled.minutes)"])
        case .locked(.address, _): strings.text("signIn.addressLocked", req.uiLanguage, ["minutes": "\(throttled.minutes)"])
        default: strings.text("signIn.delayed", req.uiLanguage, ["seconds": "\(throttled.retryAfter)"])
        }
        let response = try await refused(req, LoginPage(
            req, strings: strings, email: page.email, error: message, next: page.next), status: .tooManyRequests)
        response.headers.replaceOrAdd(name: .retryAfter, value: "\(throttled.retryAfter)")
        return response
    }

    private func refused(_ req: Request, _ page: LoginPage, status: HTTPStatus) async throws -> Response {
        try await req.view.render("login", page).encodeResponse(status: status, for: req)
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
