import Foundation
import KefuCore
import Vapor

/// Every string of the workbench in every `UILanguage`, read once from `Resources/Locales/<language>.json`.
///
/// Keys are dotted (`folder.atRisk`); templates see them with underscores (`#(t.folder_atRisk)`) because Leaf reads a
/// dot as a step into a nested value.
struct PageStrings: Sendable {
    let tables: [UILanguage: [String: String]]
    private let templateTables: [UILanguage: [String: String]]
    private let scriptJSON: [UILanguage: String]

    /// Prefixes of the keys the pages' scripts use; the rest stay on the server.
    static let scriptKeyPrefixes = ["reply.", "live.", "error.", "action.", "spam.", "delivery.", "time.", "sla.", "label.", "nav.unreadBadge", "channels.", "templates.blockedOn", "platform.", "export.", "security."]

    init(tables: [UILanguage: [String: String]]) {
        self.tables = tables
        templateTables = tables.mapValues { table in
            Dictionary(uniqueKeysWithValues: table.map { ($0.key.replacingOccurrences(of: ".", with: "_"), $0.value) })
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        scriptJSON = tables.mapValues { table in
            let forScripts = table.filter { key, _ in Self.scriptKeyPrefixes.contains { key.hasPrefix($0) } }
            return (try? encoder.encode(forScripts)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        }
    }

    /// The strings the scripts need, as JSON, made once per language.
    func forScripts(_ language: UILanguage) -> String {
        scriptJSON[language] ?? "{}"
    }

    static func load(from resources: KefuResources) throws -> PageStrings {
        var tables: [UILanguage: [String: String]] = [:]
        for language in UILanguage.allCases {
            let path = resources.rootPath + "Resources/Locales/\(language.rawValue).json"
            guard let data = FileManager.default.contents(atPath: path) else {
                throw KefuError(code: "missing_locale", status: 500, message: "The strings file \(path) is missing.")
            }
            tables[language] = try JSONDecoder().decode([String: String].self, from: data)
        }
        return PageStrings(tables: tables)
    }

    /// The string for `key`, with `{name}` placeholders filled in. A missing key shows as itself, so it is noticed.
    /// A marketplace's name as the page's readers know it (拼多多, not Pinduoduo, on a Chinese page).
    func platformName(_ platform: Platform, _ language: UILanguage) -> String {
        text("platform.\(platform.rawValue)", language)
    }

    func text(_ key: String, _ language: UILanguage, _ values: [String: String] = [:]) -> String {
        var text = tables[language]?[key] ?? key
        for (name, value) in values {
            text = text.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return text
    }

    /// The whole table for a template: `t.folder_atRisk`.
    func forTemplates(_ language: UILanguage) -> [String: String] {
        templateTables[language] ?? [:]
    }
}

