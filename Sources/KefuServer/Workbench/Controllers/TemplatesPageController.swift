import Foundation
import KefuCore
import Vapor

/// `GET /templates`: the workspace's canned replies for those who write them (supervisors, admins). The page's
/// script adds and removes them through the API, where each platform's rules vet them.
struct TemplatesPageController: RouteCollection {
    let deps: Dependencies

    func boot(routes: any RoutesBuilder) throws {
        routes.get(.templates, use: templates)
    }

    /// What `templates.leaf` renders.
    struct TemplatesPage: Encodable {
        struct Row: Encodable {
            let id: UUID
            let title: String
            let body: String
            let platform: String
            let language: String?
        }

        let chrome: PageChrome
        let rows: [Row]
        let platforms: [PageOption]
    }

    @Sendable func templates(req: Request) async throws -> Response {
        let viewer = try req.viewer
        try viewer.require(.editTemplates)
        let strings = deps.pageStrings
        let language = req.uiLanguage
        let items = try await deps.templates(on: req.db).list(workspace: viewer.workspaceID, search: nil, platform: nil)
        let every = strings.text("templates.everyPlatform", language)
        let page = TemplatesPage(
            chrome: try await PageChrome.load(req, viewer: viewer, strings: strings),
            rows: items.map { .init(id: $0.id, title: $0.title, body: $0.body, platform: $0.platform.map { strings.platformName($0, language) } ?? every, language: $0.language) },
            platforms: [PageOption(value: "", label: every, selected: true)]
                + Platform.allCases.map { PageOption(value: $0.rawValue, label: strings.platformName($0, language), selected: false) })
        return try await req.view.render("templates", page).encodeResponse(for: req)
    }
}
