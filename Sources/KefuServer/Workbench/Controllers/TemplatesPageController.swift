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
            let translations: [Translation]
            let hasTranslations: Bool
            /// "Translation of “发货”", over the form while writing one.
            let translationHeading: String
        }

        struct Translation: Encodable {
            let language: String
            let languageName: String
            let title: String
            let body: String
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
        let languages: [PageOption]

        /// The languages the form offers, each named in itself.
        static let languageNames: KeyValuePairs = ["zh-CN": "中文", "en": "English", "ru": "Русский", "ar": "العربية"]

        static func languageName(_ tag: String) -> String {
            languageNames.first { LanguageTag.base($0.key) == LanguageTag.base(tag) }?.value ?? tag
        }
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
                                version.translation.map(TemplatesPage.languageName), directory.userName(version.writtenBy),
                                clock.dateTime(version.writtenAt),
                            ].compactMap { $0 }.joined(separator: " · "),
                            title: version.title, body: version.body)
                    },
                    hasHistory: !history.isEmpty,
                    translations: item.translations.map { translation in
                        .init(
                            language: translation.language, languageName: TemplatesPage.languageName(translation.language),
                            title: translation.title, body: translation.body)
                    },
                    hasTranslations: !item.translations.isEmpty,
                    translationHeading: strings.text("templates.translationOf", language, ["title": item.title]))
            },
            platforms: [PageOption(value: "", label: every, selected: true)]
                + Platform.allCases.map { PageOption(value: $0.rawValue, label: strings.platformName($0, language), selected: false) },
            languages: TemplatesPage.languageNames.map { PageOption(value: $0.key, label: $0.value, selected: false) })
        return try await req.view.render("templates", page).encodeResponse(for: req)
    }
}
