import Fluent
import Foundation
import KefuCore
import Vapor

/// `POST /language`: the workbench language switch. Saved on the user, so it follows them to other browsers, and in a
/// cookie, so the sign-in page speaks it too.
struct LanguageController: RouteCollection {
    let viewers: ViewerCache

    func boot(routes: any RoutesBuilder) throws {
        routes.post(.language, use: choose)
    }

    struct Choice: Content {
        let language: String
    }

    @Sendable func choose(req: Request) async throws -> Response {
        guard let language = UILanguage(tag: try req.content.decode(Choice.self).language) else {
            throw KefuError.invalid("invalid_field", "language must be zh-CN or en.")
        }
        if let viewer = req.auth.get(Viewer.self), let user = try await UserModel.find(viewer.userID, on: req.db) {
            user.locale = language.rawValue
            try await user.save(on: req.db)
            if let token = req.cookies[SessionCookie.name]?.string {
                viewers.forget(hash: Secrets.hash(token))
            }
        }
        let response = req.redirect(to: SitePath.sameSitePath(req.headers.first(name: .referer)) ?? SitePath.inbox)
        response.cookies[UILanguage.cookieName] = HTTPCookies.Value(
            string: language.rawValue, expires: Date().addingTimeInterval(365 * 86_400), path: "/", isHTTPOnly: true,
            sameSite: .lax)
        return response
    }
}
