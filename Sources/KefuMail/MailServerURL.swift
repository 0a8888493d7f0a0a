import Foundation

/// Where a mailbox or an outgoing server is, written as people paste it: `imaps://shop%40example.org:secret@imap.example.org/INBOX`,
/// `smtp://user:pass@smtp.example.org:587?starttls=required`. User and password are percent-encoded as in any URL.
public struct MailServerURL: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case imap, smtp
    }

    /// How the connection is protected.
    public enum Security: Sendable, Equatable {
        /// TLS from the first byte (`imaps://`, `smtps://`).
        case implicitTLS
        /// STARTTLS; `required` refuses a server that does not offer it, otherwise it is used when offered.
        case startTLS(required: Bool)
    }

    /// How to log in, when the URL says (`?auth=login`); otherwise the client picks PLAIN where offered.
    public enum AuthMechanism: String, Sendable {
        case plain, login
    }

    public let kind: Kind
    public let security: Security
    public let authMechanism: AuthMechanism?
    public let host: String
    public let port: Int
    public let user: String
    /// nil when the password comes another way (`--password-stdin`).
    public let password: String?
    /// IMAP only: the mailbox to read, `INBOX` unless the path names another.
    public let mailbox: String?

    /// A URL that cannot be used, and why, for the person who typed it.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    public init(_ text: String) throws(Problem) {
        guard let components = URLComponents(string: text.trimmingCharacters(in: .whitespaces)),
            let scheme = components.scheme?.lowercased()
        else { throw Problem(message: "\(Self.redacted(text)) is not a URL such as imaps://user:password@host/INBOX.") }
        let kind: Kind
        var security: Security
        switch scheme {
        case "imap": (kind, security) = (.imap, .startTLS(required: false))
        case "imaps": (kind, security) = (.imap, .implicitTLS)
        case "smtp": (kind, security) = (.smtp, .startTLS(required: false))
        case "smtps": (kind, security) = (.smtp, .implicitTLS)
        default: throw Problem(message: "The scheme must be imap, imaps, smtp or smtps, not \(scheme).")
        }
        self.kind = kind
        var mechanism: AuthMechanism?
        for item in components.queryItems ?? [] {
            switch (item.name.lowercased(), item.value?.lowercased()) {
            case ("auth", let value?) where AuthMechanism(rawValue: value) != nil:
                mechanism = AuthMechanism(rawValue: value)
            case ("starttls", "required"):
                guard security != .implicitTLS else {
                    throw Problem(message: "starttls=required goes with \(kind.rawValue)://; \(scheme):// is TLS from the start.")
                }
                security = .startTLS(required: true)
            case ("starttls", "optional"): break
            default: throw Problem(message: "Unknown option \(item.name) (starttls=required or optional, auth=plain or login).")
            }
        }
        authMechanism = mechanism
        self.security = security
        guard let host = components.host, !host.isEmpty else { throw Problem(message: "The URL names no server.") }
        self.host = host
        switch (kind, security) {
        case (.imap, .implicitTLS): port = components.port ?? 993
        case (.imap, _): port = components.port ?? 143
        case (.smtp, .implicitTLS): port = components.port ?? 465
        case (.smtp, _): port = components.port ?? 587
        }
        guard let user = components.percentEncodedUser?.removingPercentEncoding, !user.isEmpty else {
            throw Problem(message: "The URL names no user: \(scheme)://USER:PASSWORD@\(host)/…")
        }
        self.user = user
        password = components.percentEncodedPassword?.removingPercentEncoding
        let path = components.percentEncodedPath.removingPercentEncoding?.trimmingCharacters(in: CharacterSet(charactersIn: "/")) ?? ""
        switch kind {
        case .imap: mailbox = path.isEmpty ? "INBOX" : path
        case .smtp:
            guard path.isEmpty else { throw Problem(message: "An smtp URL has no path (\(path)).") }
            mailbox = nil
        }
    }

    /// The URL with the password replaced, for messages and logs.
    public static func redacted(_ text: String) -> String {
        guard var components = URLComponents(string: text), components.password != nil else { return text }
        components.password = "•••"
        return components.string ?? text
    }
}
