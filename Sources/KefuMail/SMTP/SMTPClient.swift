import Foundation
import NIOCore

/// The SMTP submission (RFC 5321, 6409) a channel needs to send replies: EHLO, STARTTLS, AUTH PLAIN or LOGIN, and
/// one message per envelope. Refusals are sorted into transient (4xx: try later) and permanent (5xx: tell the agent).
public final class SMTPClient {
    private let connection: MailConnection
    public let server: MailServerURL
    public private(set) var extensions: Set<String> = []
    private var authMechanisms: Set<String> = []

    private init(connection: MailConnection, server: MailServerURL) {
        self.connection = connection
        self.server = server
    }

    /// Connects, says EHLO as `clientName`, secures the connection as the URL says and logs in.
    public static func connect(
        _ server: MailServerURL, password: String? = nil, clientName: String = "kefu.localdomain",
        tls: MailTLS = MailTLS(), timeout: Duration = .seconds(30)
    ) async throws -> SMTPClient {
        guard server.kind == .smtp else { throw MailProtocolError(.protocolViolation, "\(server.host) is not an SMTP URL.") }
        let connection = try await MailConnection.open(
            host: server.host, port: server.port, implicitTLS: server.security == .implicitTLS, tls: tls,
            timeout: TimeAmount(timeout))
        let client = SMTPClient(connection: connection, server: server)
        do {
            _ = try await client.reply(expecting: 220, to: "the greeting")
            try await client.hello(clientName)
            if case .startTLS(let required) = server.security {
                if client.extensions.contains("STARTTLS") {
                    try await client.command("STARTTLS", expecting: 220)
                    try await connection.startTLS(tls)
                    try await client.hello(clientName)
                } else if required {
                    throw MailProtocolError(.connection, "\(server.host) does not offer STARTTLS, and the URL requires it.")
                }
            }
            try await client.authenticate(user: server.user, password: password ?? server.password ?? "")
        } catch {
            await connection.close()
            throw error
        }
        return client
    }

    private func hello(_ name: String) async throws {
        let lines = try await command("EHLO \(name)", expecting: 250)
        extensions = []
        authMechanisms = []
        for line in lines.dropFirst() {
            let words = line.uppercased().split(separator: " ")
            guard let keyword = words.first else { continue }
            extensions.insert(String(keyword))
            if keyword == "AUTH" { authMechanisms.formUnion(words.dropFirst().map(String.init)) }
        }
    }

    private func authenticate(user: String, password: String) async throws {
        guard !user.isEmpty else { return }
        do {
            if authMechanisms.contains("PLAIN"), server.authMechanism != .login {
                let token = Data([0] + Array(user.utf8) + [0] + Array(password.utf8)).base64EncodedString()
                try await command("AUTH PLAIN \(token)", expecting: 235, redacted: "AUTH PLAIN")
            } else if authMechanisms.contains("LOGIN") {
                try await command("AUTH LOGIN", expecting: 334)
                try await command(Data(user.utf8).base64EncodedString(), expecting: 334, redacted: "AUTH LOGIN user")
                try await command(Data(password.utf8).base64EncodedString(), expecting: 235, redacted: "AUTH LOGIN password")
            } else {
                throw MailProtocolError(.authentication, "\(server.host) offers no AUTH PLAIN or LOGIN on this connection.")
            }
        } catch let error as MailProtocolError where error.kind != .connection && error.kind != .timeout {
            throw MailProtocolError(.authentication, "\(server.host) refused the login of \(user): \(error.message)")
        }
    }

    /// Sends one message. `source` is the whole RFC 5322 message with CRLF line ends; lines starting with a dot
    /// are doubled here. Returns what the server said on acceptance (Postfix puts its queue id there).
    @discardableResult
    public func send(from sender: String, to recipients: [String], source: [UInt8]) async throws -> String {
        guard !recipients.isEmpty else { throw MailProtocolError(.permanent, "A message needs at least one recipient.") }
        let smtpUTF8 = extensions.contains("SMTPUTF8") && (sender + recipients.joined()).contains { !$0.isASCII }
        try await command("MAIL FROM:<\(sender)>" + (smtpUTF8 ? " SMTPUTF8" : ""), expecting: 250)
        for recipient in recipients {
            try await command("RCPT TO:<\(recipient)>", expecting: 250, alsoAccept: 251)
        }
        try await command("DATA", expecting: 354)
        try await connection.write(Self.dotStuffed(source) + Array(".\r\n".utf8))
        let accepted = try await reply(expecting: 250, to: "the message")
        return accepted.joined(separator: " ")
    }

    /// Forgets the envelope after a refused recipient, so the connection can send the next message.
    public func reset() async throws {
        try await command("RSET", expecting: 250)
    }

    public func quit() async {
        _ = try? await command("QUIT", expecting: 221)
        await connection.close()
    }

    public func close() async {
        await connection.close()
    }

    // MARK: - Wire

    @discardableResult
    private func command(_ text: String, expecting code: Int, alsoAccept other: Int? = nil, redacted: String? = nil)
        async throws -> [String]
    {
        try await connection.write(text + "\r\n")
        return try await reply(expecting: code, alsoAccept: other, to: redacted ?? text)
    }

    /// Reads a whole (possibly multi-line) reply and checks its code.
    private func reply(expecting code: Int, alsoAccept other: Int? = nil, to what: String) async throws -> [String] {
        var lines: [String] = []
        var received = 0
        while true {
            let line = try await connection.readLine()
            guard line.count >= 3, let number = Int(line.prefix(3)) else {
                throw MailProtocolError(.protocolViolation, "\(server.host) sent \"\(line)\" in answer to \(what).")
            }
            received = number
            lines.append(String(line.dropFirst(4)))
            if line.count == 3 || line[line.index(line.startIndex, offsetBy: 3)] != "-" { break }
        }
        guard received == code || received == other else {
            let said = "\(received) \(lines.joined(separator: " "))"
            let kind: MailProtocolError.Kind = received >= 500 ? .permanent : received >= 400 ? .transient : .protocolViolation
            throw MailProtocolError(kind, "\(server.host) answered \(what) with \(said)")
        }
        return lines
    }

    /// RFC 5321 §4.5.2: a line that starts with "." gets another; the message ends in CRLF.
    static func dotStuffed(_ source: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(source.count + 64)
        var lineStart = true
        for byte in source {
            if lineStart, byte == UInt8(ascii: ".") { out.append(byte) }
            out.append(byte)
            lineStart = byte == UInt8(ascii: "\n")
        }
        if !out.isEmpty, out.suffix(2) != [13, 10] { out += [13, 10] }
        return out
    }
}
