import Foundation
import KefuCore
import Vapor

/// What every workbench page shows around its content: who is signed in, in which language, the unread badge, and
/// what the viewer's role lets the page offer.
struct PageChrome: Encodable {
    /// The strings of the page's language, for `#(chrome.t.key_name)`.
    let t: [String: String]
    let lang: String
    /// The language the switch in the header offers.
    let switchTo: String
    let user: String
    let userID: String
    let role: String
    let unread: Int
    let unreadBadge: String
    /// The strings the scripts need, as JSON in a `data-` attribute (Leaf escapes it; the browser unescapes it).
    let scriptStrings: String
    let canReply: Bool
    let canNote: Bool
    let canTriage: Bool
    let canAssignOthers: Bool
    /// Navigation beyond the inbox, by role.
    let showsPerformance: Bool
    let showsTemplates: Bool
    let showsChannels: Bool
    /// The pages' paths for the views (`#(chrome.paths.inbox)`), from `SitePage`.
    let paths: [String: String]
    /// The same as JSON for the scripts (`data-paths`).
    let scriptPaths: String

    /// The chrome of a page that has no folder counts of its own: the badge's count is read here.
    static func load(_ req: Request, viewer: Viewer, strings: PageStrings) async throws -> PageChrome {
        let counts = try await FolderCounts.read(for: viewer, merchantID: nil, storeID: nil, platform: nil, on: req.db.sql)
        return PageChrome(req, viewer: viewer, unread: counts[.unread] ?? 0, strings: strings)
    }

    init(_ req: Request, viewer: Viewer, unread: Int, strings: PageStrings) {
        let language = req.uiLanguage
        t = strings.forTemplates(language)
        lang = language.rawValue
        switchTo = (language == .zh ? UILanguage.en : .zh).rawValue
        user = viewer.name
        userID = viewer.userID.uuidString
        role = strings.text("role.\(viewer.role.rawValue)", language)
        self.unread = unread
        unreadBadge = strings.text("nav.unreadBadge", language, ["n": "\(unread)"])
        scriptStrings = strings.forScripts(language)
        canReply = viewer.role.may(.reply)
        canNote = viewer.role.may(.writeNote)
        canTriage = viewer.role.may(.triage)
        canAssignOthers = viewer.role.may(.assignOthers)
        showsPerformance = viewer.role.seesPerformance
        showsTemplates = viewer.role.may(.editTemplates)
        showsChannels = viewer.role.may(.administer)
        paths = Self.paths
        scriptPaths = Self.scriptPaths
    }

    /// Every page without a parameter, by name, plus the unread folder the badge links to.
    static let paths: [String: String] = {
        var paths = Dictionary(uniqueKeysWithValues: SitePage.allCases.filter { !$0.pattern.contains(":") }.map { ($0.rawValue, $0.path()) })
        paths["unread"] = SitePath.inbox([("folder", "unread")])
        return paths
    }()

    static let scriptPaths: String = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(paths)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }()
}

/// One choice of a `<select>` or a link list.
struct PageOption: Encodable, Sendable {
    let value: String
    let label: String
    let selected: Bool
}

/// Builds `?a=1&b=2` from ordered pairs, leaving out empty values.
func queryString(_ pairs: [(String, String?)]) -> String {
    var allowed = CharacterSet.urlQueryAllowed
    allowed.remove(charactersIn: "&=+?#")
    let parts = pairs.compactMap { key, value -> String? in
        guard let value, !value.isEmpty else { return nil }
        return key + "=" + (value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)
    }
    return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
}
