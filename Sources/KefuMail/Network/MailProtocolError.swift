/// What went wrong talking to a mail server, sorted by what the caller should do about it.
public struct MailProtocolError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The server could not be reached or the connection broke; try again later.
        case connection
        /// The server refused the user name or password; retrying will not help until someone fixes them.
        case authentication
        /// The server answered with a temporary refusal (SMTP 4xx, IMAP NO on a busy mailbox).
        case transient
        /// The server refused for good (SMTP 5xx: recipient unknown, message too large).
        case permanent
        /// The server said something this client does not understand.
        case protocolViolation
        /// No answer within the time allowed.
        case timeout
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    /// Whether trying again later may succeed.
    public var isTransient: Bool { kind != .authentication && kind != .permanent }
}
