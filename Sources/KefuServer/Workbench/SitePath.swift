import Foundation

/// Every path of the workbench's pages, in one place: routes are registered from it and links are built from it, so a
/// renamed page cannot leave a dead link behind.
enum SitePath {
    case home
    case signIn(next: String?)
    case signOut
    case language
    case inbox
    case inboxRows
    case conversation(UUID)
    case conversationExport(UUID)
    case performance
    case templates

    var path: String {
        switch self {
        case .home: "/"
        case .signIn(let next):
            "/login" + (next.flatMap(Self.sameSitePath).map { "?next=" + Self.encoded($0) } ?? "")
        case .signOut: "/logout"
        case .language: "/language"
        case .inbox: "/inbox"
        case .inboxRows: "/inbox/rows"
        case .conversation(let id): "/conversations/\(id.uuidString)"
        case .conversationExport(let id): "/conversations/\(id.uuidString)/export"
        case .performance: "/performance"
        case .templates: "/templates"
        }
    }

    /// The path and query of `text` (a path, or a referring page's address), never another site's address: the
    /// host is dropped and `//evil.example` refused. Where a sign-in or a language switch may send the browser back to.
    static func sameSitePath(_ text: String?) -> String? {
        guard let text, let url = URLComponents(string: text), url.path.hasPrefix("/"), !url.path.hasPrefix("//")
        else { return nil }
        return url.path + (url.percentEncodedQuery.map { "?" + $0 } ?? "")
    }

    private static func encoded(_ path: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?#")
        return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
    }
}
