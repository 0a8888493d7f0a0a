import Foundation
import KefuCore
import Vapor

/// `GET /security`: the signed-in user's two-factor sign-in, set up and turned off by the page's script through the
/// API. An admin the workspace requires two factors of is sent here until they have set them up.
struct SecurityPageController: RouteCollection {
    let deps: Dependencies

    func boot(routes: any RoutesBuilder) throws {
        routes.get(.security, use: security)
    }

    /// What `security.leaf` renders.
    struct SecurityPage: Encodable {
        let chrome: PageChrome
        let enabled: Bool
        let required: Bool
        let mustSetUp: Bool
        let state: String
        let recoveryCodesLeft: String
    }

    @Sendable func security(req: Request) async throws -> View {
        let viewer = try req.viewer
        let user = try await UserModel.of(viewer, on: req.db)
        let status = try await deps.twoFactor(on: req.db).status(of: user)
        let strings = deps.pageStrings
        let language = req.uiLanguage
        return try await req.view.render("security", SecurityPage(
            chrome: try await PageChrome.load(req, viewer: viewer, strings: strings),
            enabled: status.enabled, required: status.required, mustSetUp: viewer.mustSetUpTwoFactor,
            state: strings.text(status.enabled ? "security.on" : "security.off", language),
            recoveryCodesLeft: strings.text("security.codesLeft", language, ["n": "\(status.recoveryCodesLeft)"])))
    }
}
