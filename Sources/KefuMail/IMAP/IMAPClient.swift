import Foundation
import NIOCore

/// The IMAP (RFC 9051 / 3501) a connector needs: log in over TLS, open a mailbox read-only, list UIDs, fetch whole
/// messages without marking them seen, wait with IDLE, and append (for tests and sent copies). One task at a time.
public final class IMAPClient {
    /// What opening a mailbox told us; a changed `uidValidity` means every UID we kept is void.
    public struct Mailbox: Sendable, Equatable {
        public let name: String
        public let exists: Int
        public let uidValidity: UInt32
        public let uidNext: UInt32?
    }

    public struct Fetched: Sendable {
        public let uid: UInt32
        public let source: [UInt8]
    }

    private let connection: MailConnection
    private var tagNumber = 0
    public private(set) var capabilities: Set<String> = []
    public let server: MailServerURL

    private init(connection: MailConnection, server: MailServerURL) {
        self.connection = connection
        self.server = server
    }

    /// Connects, secures the connection as the URL says, and logs in with `password` (or the URL's).
    public static func connect(
        _ server: MailServerURL, password: String? = nil, tls: MailTLS = MailTLS(), timeout: Duration = .seconds(30)
    ) async throws -> IMAPClient {
        guard server.kind == .imap else { throw MailProtocolError(.protocolViolation, "\(server.host) is not an IMAP URL.") }
        let connection = try await MailConnection.open(
            host: server.host, port: server.port, implicitTLS: server.security == .implicitTLS, tls: tls,
            timeout: TimeAmount(timeout))
        let client = IMAPClient(connection: connection, server: server)
        do {
            try await client.start(tls: tls)
            try await client.login(user: server.user, password: password ?? server.password ?? "")
        } catch {
            await connection.close()
            throw error
        }
        return client
    }

    private func start(tls: MailTLS) async throws {
        let greeting = try await connection.readResponse()
        guard greeting.text.uppercased().hasPrefix("* OK") || greeting.text.uppercased().hasPrefix("* PREAUTH") else {
            throw MailProtocolError(.connection, "\(server.host) refused the connection: \(greeting.text)")
        }
        try await refreshCapabilities()
        if case .startTLS(let required) = server.security {
            if capabilities.contains("STARTTLS") {
                try await run("STARTTLS")
                try await connection.startTLS(tls)
                try await refreshCapabilities()
            } else if required {
                throw MailProtocolError(.connection, "\(server.host) does not offer STARTTLS, and the URL requires it.")
            }
        }
    }

    private func login(user: String, password: String) async throws {
        do {
            if server.authMechanism == .plain || (server.authMechanism == nil && capabilities.contains("AUTH=PLAIN")) {
                let token = Data(([0] + Array(user.utf8) + [0] + Array(password.utf8))).base64EncodedString()
                if capabilities.contains("SASL-IR") {
                    try await run("AUTHENTICATE PLAIN \(token)", redacted: "AUTHENTICATE PLAIN •••")
                } else {
                    try await run("AUTHENTICATE PLAIN", continuation: Array((token + "\r\n").utf8))
                }
            } else if capabilities.contains("LOGINDISABLED") {
                throw MailProtocolError(.authentication, "\(server.host) allows no login on this connection (use TLS).")
            } else {
                try await run("LOGIN \(Self.quoted(user)) \(Self.quoted(password))", redacted: "LOGIN •••")
            }
        } catch let error as MailProtocolError where error.kind != .connection && error.kind != .timeout {
            throw MailProtocolError(.authentication, "\(server.host) refused the login of \(user): \(error.message)")
        }
        try await refreshCapabilities()
    }

    private func refreshCapabilities() async throws {
        let responses = try await run("CAPABILITY")
        for response in responses where response.untaggedKeyword == "CAPABILITY" {
            capabilities = Set(response.text.split(separator: " ").dropFirst(2).map { $0.uppercased() })
        }
    }

    /// Opens a mailbox read-only (EXAMINE), so reading never changes the seller's flags.
    public func examine(_ name: String) async throws -> Mailbox {
        let responses = try await run("EXAMINE \(Self.quoted(name))")
        var exists = 0
        var uidValidity: UInt32?
        var uidNext: UInt32?
        for response in responses {
            if let (number, keyword) = response.untaggedNumber, keyword == "EXISTS" { exists = number }
            if let code = response.responseCode, code.count >= 2 {
                switch code[0].uppercased() {
                case "UIDVALIDITY": uidValidity = UInt32(code[1])
                case "UIDNEXT": uidNext = UInt32(code[1])
                default: break
                }
            }
        }
        guard let uidValidity else { throw MailProtocolError(.protocolViolation, "\(server.host) sent no UIDVALIDITY for \(name).") }
        return Mailbox(name: name, exists: exists, uidValidity: uidValidity, uidNext: uidNext)
    }

    /// The UIDs at or above `first`, ascending.
    public func uids(from first: UInt32) async throws -> [UInt32] {
        let responses = try await run("UID SEARCH UID \(max(first, 1)):*")
        var found: [UInt32] = []
        for response in responses where response.untaggedKeyword == "SEARCH" {
            found += response.text.split(separator: " ").dropFirst(2).compactMap { UInt32($0) }
        }
        // `n:*` always matches the last message, even when its UID is below n.
        return found.filter { $0 >= first }.sorted()
    }

    /// Whole messages, by UID, without setting \Seen.
    public func fetch(_ uids: [UInt32]) async throws -> [Fetched] {
        guard !uids.isEmpty else { return [] }
        let set = uids.map(String.init).joined(separator: ",")
        let responses = try await run("UID FETCH \(set) (UID BODY.PEEK[])")
        var fetched: [Fetched] = []
        for response in responses {
            guard let (_, keyword) = response.untaggedNumber, keyword == "FETCH",
                let uid = response.fetchNumber("UID"), let source = response.literals.first
            else { continue }
            fetched.append(Fetched(uid: UInt32(uid), source: source))
        }
        return fetched.sorted { $0.uid < $1.uid }
    }

    /// Waits up to `limit` for the open mailbox to change; true when the server reported new or removed mail.
    /// Servers drop an idle client after 30 minutes, so callers keep `limit` well under that.
    public func idle(upTo limit: Duration) async throws -> Bool {
        guard capabilities.contains("IDLE") else {
            throw MailProtocolError(.protocolViolation, "\(server.host) does not support IDLE.")
        }
        let tag = nextTag()
        try await connection.write("\(tag) IDLE\r\n")
        let ready = try await connection.readResponse()
        guard ready.text.hasPrefix("+") else { throw Self.failure(ready, command: "IDLE", host: server.host) }
        let done = connection.writeLater(Array("DONE\r\n".utf8), after: TimeAmount(limit))
        var changed = false
        while true {
            let response = try await connection.readResponse(timeout: TimeAmount(limit) + connection.timeout)
            if response.text.hasPrefix(tag + " ") {
                try Self.check(response, command: "IDLE", host: server.host)
                return changed
            }
            if let (_, keyword) = response.untaggedNumber, keyword == "EXISTS" || keyword == "EXPUNGE" {
                changed = true
                done.writeNow()
            }
        }
    }

    /// Stores a message in a mailbox; returns its UID when the server says (UIDPLUS).
    @discardableResult
    public func append(_ source: [UInt8], to mailbox: String, seen: Bool = false) async throws -> UInt32? {
        let flags = seen ? " (\\Seen)" : ""
        let responses = try await run(
            "APPEND \(Self.quoted(mailbox))\(flags) {\(source.count)}", continuation: source + Array("\r\n".utf8))
        guard let code = responses.last?.responseCode, code.first?.uppercased() == "APPENDUID", code.count >= 3 else {
            return nil
        }
        return UInt32(code[2])
    }

    public func create(_ mailbox: String) async throws {
        try await run("CREATE \(Self.quoted(mailbox))")
    }

    public func delete(_ mailbox: String) async throws {
        try await run("DELETE \(Self.quoted(mailbox))")
    }

    public func logout() async {
        _ = try? await run("LOGOUT")
        await connection.close()
    }

    public func close() async {
        await connection.close()
    }

    // MARK: - Commands

    /// Sends one command and returns the untagged responses before its tagged completion, then the completion.
    @discardableResult
    private func run(_ command: String, redacted: String? = nil, continuation: [UInt8]? = nil) async throws -> [IMAPResponse] {
        let tag = nextTag()
        try await connection.write("\(tag) \(command)\r\n")
        var responses: [IMAPResponse] = []
        var pendingContinuation = continuation
        while true {
            let response = try await connection.readResponse()
            if response.text.hasPrefix("+") {
                guard let bytes = pendingContinuation else {
                    throw MailProtocolError(.protocolViolation, "\(server.host) asked for more of \(redacted ?? command).")
                }
                pendingContinuation = nil
                try await connection.write(bytes)
                continue
            }
            responses.append(response)
            if response.text.hasPrefix(tag + " ") {
                try Self.check(response, command: redacted ?? Self.verb(command), host: server.host)
                return responses
            }
            if response.untaggedKeyword == "BYE", !command.hasPrefix("LOGOUT") {
                throw MailProtocolError(.connection, "\(server.host) closed the session: \(response.text)")
            }
        }
    }

    private func nextTag() -> String {
        tagNumber += 1
        return "K\(tagNumber)"
    }

    private static func check(_ response: IMAPResponse, command: String, host: String) throws {
        let status = response.text.split(separator: " ", maxSplits: 2).dropFirst().first?.uppercased()
        guard status != "OK" else { return }
        throw failure(response, command: command, host: host)
    }

    private static func failure(_ response: IMAPResponse, command: String, host: String) -> MailProtocolError {
        let words = response.text.split(separator: " ", maxSplits: 2)
        let said = words.count > 2 ? String(words[2]) : response.text
        let code = response.responseCode?.first?.uppercased()
        let kind: MailProtocolError.Kind =
            switch code {
            case "AUTHENTICATIONFAILED", "AUTHORIZATIONFAILED": .authentication
            case "UNAVAILABLE", "INUSE", "LIMIT", "SERVERBUG": .transient
            default: words.dropFirst().first?.uppercased() == "BAD" ? .protocolViolation : .permanent
            }
        return MailProtocolError(kind, "\(host) answered \(command) with: \(said)")
    }

    private static func verb(_ command: String) -> String {
        command.split(separator: " ").prefix(2).joined(separator: " ")
    }

    /// An IMAP quoted string; mailbox names outside ASCII would need modified UTF-7 and are refused by servers.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
