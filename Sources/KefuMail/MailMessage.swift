import Foundation

/// An e-mail as Kefu reads it: who wrote it, which conversation it continues, what the customer wrote now (quoted
/// history cut), its attachments, and whether it is a machine's answer (an auto-reply or a bounce) rather than a
/// customer's.
public struct MailMessage: Sendable {
    public let headers: MailHeaders
    public let root: MIMEPart
    /// Without angle brackets.
    public let messageID: String?
    public let inReplyTo: [String]
    public let references: [String]
    public let subject: String
    public let from: MailAddress?
    public let to: [MailAddress]
    public let date: Date?
    /// The readable text of the message: the plain-text part, or the HTML part made readable.
    public let fullText: String
    /// `fullText` without the quoted history of earlier messages.
    public let text: String
    public let attachments: [MailAttachment]
    public let kind: Kind

    public enum Kind: Sendable, Equatable {
        /// A person wrote it.
        case personal
        /// An out-of-office or other automatic answer: it must not open a conversation or stop a deadline.
        case autoReply
        /// A delivery failure report (DSN) about one of our messages.
        case bounce(DeliveryFailure)
    }

    /// What a bounce says about the message it returns.
    public struct DeliveryFailure: Sendable, Equatable {
        /// The returned message's Message-ID, when the report carries its headers.
        public let originalMessageID: String?
        public let recipient: String?
        public let status: String?
        /// The remote server's words (`Diagnostic-Code`), for the agent.
        public let reason: String
    }

    public init(bytes: some Collection<UInt8>) {
        let all = Array(bytes)
        root = MIMEPart(bytes: all[...])
        headers = root.headers
        messageID = headers[raw: "Message-ID"].flatMap { MailAddress.messageIDs(in: $0).first }
        inReplyTo = headers[raw: "In-Reply-To"].map(MailAddress.messageIDs(in:)) ?? []
        references = headers[raw: "References"].map(MailAddress.messageIDs(in:)) ?? []
        subject = (headers["Subject"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        from = headers["From"].flatMap { MailAddress.list($0).first }
        to = headers["To"].map(MailAddress.list) ?? []
        date = headers[raw: "Date"].flatMap(MailDate.parse)
        let leaves = root.leaves
        let plain = leaves.first { !$0.isAttachment && $0.contentType.value == "text/plain" }
        let html = leaves.first { !$0.isAttachment && $0.contentType.value == "text/html" }
        let readable = plain.map { $0.text } ?? html.map { HTMLText.text($0.text) } ?? ""
        fullText = readable.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        text = QuotedHistory.cut(fullText)
        attachments = leaves.filter(\.isAttachment).filter { $0.contentType.value != "message/delivery-status" }.map {
            MailAttachment(filename: $0.filename ?? "attachment", contentType: $0.contentType.value, bytes: $0.body)
        }
        kind = Self.kind(headers: headers, root: root, subject: subject)
    }

    /// RFC 3834 `Auto-Submitted`, the headers vacation responders set, and DSN reports (RFC 3464).
    static func kind(headers: MailHeaders, root: MIMEPart, subject: String) -> Kind {
        if root.contentType.value == "multipart/report",
            root.contentType.parameters["report-type"]?.lowercased() == "delivery-status"
        {
            return .bounce(failure(in: root))
        }
        if let submitted = headers[raw: "Auto-Submitted"]?.lowercased(), !submitted.hasPrefix("no") { return .autoReply }
        if headers[raw: "X-Autoreply"] != nil || headers[raw: "X-Autorespond"] != nil { return .autoReply }
        if let precedence = headers[raw: "Precedence"]?.lowercased(), ["auto_reply", "bulk", "junk"].contains(precedence) {
            return .autoReply
        }
        if headers[raw: "X-Auto-Response-Suppress"] != nil, subject.lowercased().hasPrefix("automatic reply") { return .autoReply }
        return .personal
    }

    static func failure(in report: MIMEPart) -> DeliveryFailure {
        let status = report.leaves.first { $0.contentType.value == "message/delivery-status" }
        // The status part is header blocks: one for the message, one per recipient.
        let fields = status.map { MailHeaders(block: $0.body[...]).fields } ?? []
        func field(_ name: String) -> String? {
            fields.last { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.raw
        }
        let returned = report.leaves.first { ["message/rfc822", "text/rfc822-headers"].contains($0.contentType.value) }
        let originalID = returned.flatMap { MailHeaders(block: MIMEPart.split($0.body[...]).0)[raw: "Message-ID"] }
            .flatMap { MailAddress.messageIDs(in: $0).first }
        let recipient = (field("Final-Recipient") ?? field("Original-Recipient")).map {
            $0.split(separator: ";").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? $0
        }
        let explanation = report.leaves.first { $0.contentType.value == "text/plain" }?.text
        let reason = field("Diagnostic-Code").map { $0.split(separator: ";", maxSplits: 1).last.map(String.init) ?? $0 }
            ?? explanation?.split(separator: "\n").first.map(String.init) ?? "The message could not be delivered."
        return DeliveryFailure(
            originalMessageID: originalID, recipient: recipient, status: field("Status"),
            reason: reason.trimmingCharacters(in: .whitespaces))
    }
}

/// A file that came with a message.
public struct MailAttachment: Sendable, Equatable {
    public let filename: String
    public let contentType: String
    public let bytes: [UInt8]
}

/// `"王芳" <wang@example.com>` or `wang@example.com`.
public struct MailAddress: Sendable, Equatable {
    public let name: String?
    /// Lower-cased.
    public let address: String

    /// The addresses of a header value (decoded), commas inside quotes and angle brackets respected.
    public static func list(_ value: String) -> [MailAddress] {
        var pieces: [String] = []
        var current = ""
        var quoted = false
        var angle = false
        for character in value {
            switch character {
            case "\"": quoted.toggle()
            case "<": angle = true
            case ">": angle = false
            default: break
            }
            if character == ",", !quoted, !angle {
                pieces.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        pieces.append(current)
        return pieces.compactMap(parse)
    }

    static func parse(_ text: String) -> MailAddress? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let open = trimmed.lastIndex(of: "<"), let close = trimmed.lastIndex(of: ">"), open < close {
            let address = trimmed[trimmed.index(after: open)..<close].trimmingCharacters(in: .whitespaces).lowercased()
            let name = trimmed[..<open].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            guard address.contains("@") else { return nil }
            return MailAddress(name: name.isEmpty ? nil : name, address: address)
        }
        guard trimmed.contains("@"), !trimmed.contains(" ") else { return nil }
        return MailAddress(name: nil, address: trimmed.lowercased())
    }

    /// The ids in a Message-ID, In-Reply-To or References value, without angle brackets.
    public static func messageIDs(in value: String) -> [String] {
        var ids: [String] = []
        var rest = value[...]
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            let id = rest[rest.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
            if !id.isEmpty { ids.append(id) }
            rest = rest[rest.index(after: close)...]
        }
        if ids.isEmpty {
            ids = value.split(whereSeparator: \.isWhitespace).map(String.init).filter { $0.contains("@") }
        }
        return ids
    }
}

/// RFC 5322 dates as mailers write them (`Tue, 24 Nov 2026 09:15:02 +0800`, with or without the weekday, seconds or a
/// zone comment).
public enum MailDate {
    public static func parse(_ raw: String) -> Date? {
        var text = raw
        if let comment = text.firstIndex(of: "(") { text = String(text[..<comment]) }
        text = text.trimmingCharacters(in: .whitespaces)
        if let comma = text.firstIndex(of: ",") { text = String(text[text.index(after: comma)...]).trimmingCharacters(in: .whitespaces) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        for format in ["d MMM yyyy HH:mm:ss Z", "d MMM yyyy HH:mm Z", "d MMM yy HH:mm:ss Z", "d MMM yyyy HH:mm:ss zzz"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}
