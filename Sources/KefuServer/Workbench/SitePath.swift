import Foundation
import Vapor

/// Every page of the workbench, in one place: the routes are registered from these patterns and every link — in
/// Swift, in the Leaf views (through `PageChrome.paths`) and in the scripts (`data-paths`) — is built from them, so a
/// renamed page cannot leave a dead link behind.
enum SitePage: String, CaseIterable, Sendable {
    case home, signIn, signInCode, signOut, language, inbox, inboxRows, conversation, conversationExport, customer, performance,
        templates, channels, attachment, exportDownload, security

    /// The route, `:conversationID` (or another `:…ID`) standing for an id.
    var pattern: String {
        switch self {
        case .home: ""
        case .signIn: "login"
        case .signInCode: "login/code"
        case .signOut: "logout"
        case .language: "language"
        case .inbox: "inbox"
        case .inboxRows: "inbox/rows"
        case .conversation: "conversations/:conversationID"
        case .conversationExport: "conversations/:conversationID/export"
        case .customer: "customers/:customerID"
        case .performance: "performance"
        case .templates: "templates"
        case .channels: "channels"
        case .attachment: "attachments/:attachmentID"
        case .exportDownload: "exports/:exportID/download"
        case .security: "security"
        }
    }

    var components: [PathComponent] { pattern.pathComponents }

    /// The page's path; `id` fills its `:…ID` segment.
    func path(_ id: UUID? = nil) -> String {
        "/" + pattern.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(":") ? id?.uuidString.lowercased() ?? "" : String($0) }.joined(separator: "/")
    }
}

/// Links to the workbench's pages.
enum SitePath {
    static let inbox = SitePage.inbox.path()

    static func conversation(_ id: UUID) -> String { SitePage.conversation.path(id) }

    static func conversationExport(_ id: UUID) -> String { SitePage.conversationExport.path(id) }

    /// A buyer's page: their conversations and orders across the merchant's stores.
    static func customer(_ id: UUID) -> String { SitePage.customer.path(id) }

    /// A customer's file, downloaded (never shown inline).
    static func attachment(_ id: UUID) -> String { SitePage.attachment.path(id) }

    /// The sign-in page, bringing the browser back to `next` (a path of this site) afterwards.
    static func signIn(next: String?) -> String {
        SitePage.signIn.path() + queryString([("next", sameSitePath(next))])
    }

    /// The inbox with a query, e.g. `inbox(["folder": "unread"])`.
    static func inbox(_ query: [(String, String?)]) -> String {
        inbox + queryString(query)
    }

    /// The path and query of `text` (a path, or a referring page's address), never another site's address: the
    /// host is dropped and `//evil.example` refused. Where a sign-in or a language switch may send the browser back to.
    static func sameSitePath(_ text: String?) -> String? {
        guard let text, let url = URLComponents(string: text), url.path.hasPrefix("/"), !url.path.hasPrefix("//")
        else { return nil }
        return url.path + (url.percentEncodedQuery.map { "?" + $0 } ?? "")
    }
}

extension RoutesBuilder {
    @discardableResult
    func get<Response: AsyncResponseEncodable>(
        _ page: SitePage, use closure: @Sendable @escaping (Request) async throws -> Response
    ) -> Route {
        get(page.components, use: closure)
    }

    @discardableResult
    func post<Response: AsyncResponseEncodable>(
        _ page: SitePage, use closure: @Sendable @escaping (Request) async throws -> Response
    ) -> Route {
        post(page.components, use: closure)
    }
}
