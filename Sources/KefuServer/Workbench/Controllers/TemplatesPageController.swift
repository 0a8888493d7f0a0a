import Foundation
import KefuCore
import Vapor

/// `GET /templates`: the workspace's canned replies for those who write them (supervisors, admins), each with its
/// earlier versions. The page's script adds, changes and removes them through the API, where the rules vet them.
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
            /// The platform's identifier ("" for every platform) and the language, for the edit form.
            let platformValue: String
            let language: String?
            let version: Int
            let historyTitle: String
            let history: [Version]
            let hasHistory: Bool
        }

        struct Version: Encodable {
            /// "第 2 版 · 李娜 · 2026-11-20 10:05"
            let heading: String
            let title: String
            let body: String
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
        let templates = deps.templates(on: req.db)
        let items = try await templates.list(workspace: viewer.workspaceID, search: nil, platform: nil)
        let histories = try await templates.histories(workspace: viewer.workspaceID)
        let directory = try await WorkspaceDirectory.load(for: viewer, on: req.db.sql)
        let clock = req.readerClock(now: deps.clock.now())
        let every = strings.text("templates.everyPlatform", language)
        let page = TemplatesPage(
            chrome: try await PageChrome.load(req, viewer: viewer, strings: strings),
            rows: items.map { item in
                let history = histories[item.id] ?? []
                return .init(
                    id: item.id, title: item.title, body: item.body,
                    platform: item.platform.map { strings.platformName($0, language) } ?? every,
                    platformValue: item.platform?.rawValue ?? "", language: item.language, version: item.version,
                    historyTitle: strings.text("templates.history", language, ["n": "\(history.count)"]),
                    history: history.map { version in
                        TemplatesPage.Version(
                            heading: [
                                strings.text("templates.version", language, ["v": "\(version.version)"]),
                                directory.userName(version.writtenBy), clock.dateTime(version.writtenAt),
                            ].compactMap { $0 }.joined(separator: " · "),
                            title: version.title, body: version.body)
                    },
                    hasHistory: !history.isEmpty)
            },
            platforms: [PageOption(value: "", label: every, selected: true)]
                + Platform.allCases.map { PageOption(value: $0.rawValue, label: strings.platformName($0, language), selected: false) })
        return try await req.view.render("templates", page).encodeResponse(for: req)
    }
}
