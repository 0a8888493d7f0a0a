import Foundation

/// Writes a reply as a mail server takes it: threaded to the customer's message (`In-Reply-To`, `References`), its
/// subject `Re: …` without stacking prefixes, a `Message-ID` Kefu keeps to recognise answers and bounces, and the text
/// in UTF-8 quoted-printable, so any language survives any relay.
public struct MailComposer: Sendable {
    public struct Reply: Sendable {
        public let from: MailAddress
        public let to: [MailAddress]
        public let subject: String
        public let text: String
        /// Without angle brackets, e.g. `kefu-<uuid>@shop.example.com`.
        public let messageID: String
        /// The message answered, when there is one: its id and the ids it referenced.
        public let inReplyTo: String?
        public let references: [String]
        public let date: Date

        public init(
            from: MailAddress, to: [MailAddress], subject: String, text: String, messageID: String,
            inReplyTo: String?, references: [String], date: Date
        ) {
            self.from = from
            self.to = to
            self.subject = subject
            self.text = text
            self.messageID = messageID
            self.inReplyTo = inReplyTo
            self.references = references
            self.date = date
        }
    }

    public init() {}

    /// The prefixes mail clients put before a reply's subject, in the languages Kefu's customers write in.
    static let replyPrefixes = ["re:", "re :", "aw:", "sv:", "antw:", "réf:", "回复:", "回复：", "答复:", "答复：", "回覆:", "回覆：", "ответ:", "رد:"]

    /// `Re: ` and the subject without the prefixes replies and forwards stacked before it.
    public static func replySubject(_ subject: String) -> String {
        "Re: " + baseSubject(subject)
    }

    /// The subject with every leading `Re:`/`Fwd:`-style prefix removed: what threading compares.
    public static func baseSubject(_ subject: String) -> String {
        var rest = subject.trimmingCharacters(in: .whitespaces)
        var stripped = true
        while stripped {
            stripped = false
            let lowered = rest.lowercased()
            for prefix in replyPrefixes + ["fw:", "fwd:", "转发:", "转发：", "пересл:"] where lowered.hasPrefix(prefix) {
                rest = String(rest.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
                stripped = true
                break
            }
            // "Re[2]:" as some clients count replies.
            if !stripped, lowered.hasPrefix("re["), let close = rest.firstIndex(of: "]"),
                rest[rest.index(after: close)...].hasPrefix(":")
            {
                rest = String(rest[rest.index(close, offsetBy: 2)...]).trimmingCharacters(in: .whitespaces)
                stripped = true
            }
        }
        return rest
    }

    /// The message, CRLF line ends, ready for SMTP `DATA` (dot-stuffing is the transport's).
    public func compose(_ reply: Reply) -> [UInt8] {
        var lines: [String] = []
        lines.append("From: " + Self.address(reply.from))
        lines.append("To: " + reply.to.map(Self.address).joined(separator: ", "))
        lines.append("Subject: " + Self.headerText(reply.subject))
        lines.append("Date: " + Self.rfc5322(reply.date))
        lines.append("Message-ID: <\(reply.messageID)>")
        if let inReplyTo = reply.inReplyTo {
            lines.append("In-Reply-To: <\(inReplyTo)>")
            var chain = reply.references
            if !chain.contains(inReplyTo) { chain.append(inReplyTo) }
            lines.append("References: " + chain.map { "<\($0)>" }.joined(separator: " "))
        }
        lines.append("MIME-Version: 1.0")
        lines.append("Content-Type: text/plain; charset=utf-8")
        lines.append("Content-Transfer-Encoding: quoted-printable")
        lines.append("")
        let head = lines.joined(separator: "\r\n") + "\r\n"
        return Array(head.utf8) + Self.quotedPrintable(reply.text)
    }

    static func address(_ address: MailAddress) -> String {
        guard let name = address.name, !name.isEmpty else { return address.address }
        return headerText(name, quotingASCII: true) + " <\(address.address)>"
    }

    /// ASCII as it is (quoted when it is a display name with specials), anything else as RFC 2047 base64 words short
    /// enough for a header line.
    static func headerText(_ text: String, quotingASCII: Bool = false) -> String {
        if text.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 }) {
            guard quotingASCII, text.contains(where: { "()<>[]:;@\\,.\"".contains($0) }) else { return text }
            return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        // Whole characters per word, at most 45 bytes of UTF-8 (60 of base64) each.
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 45, !chunk.isEmpty {
                words.append(encodedWord(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append(encodedWord(chunk)) }
        return words.joined(separator: "\r\n ")
    }

    private static func encodedWord(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?" + Data(bytes).base64EncodedString() + "?="
    }

    static func rfc5322(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }

    /// RFC 2045 quoted-printable of UTF-8 text, lines at most 76 characters, CRLF line ends.
    static func quotedPrintable(_ text: String) -> [UInt8] {
        var output: [UInt8] = []
        let hex = Array("0123456789ABCDEF".utf8)
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n")
        for (index, line) in normalized.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if index > 0 { output += [13, 10] }
            var column = 0
            let bytes = Array(line.utf8)
            for (position, byte) in bytes.enumerated() {
                let isLast = position == bytes.count - 1
                let literal =
                    (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "="))
                    || ((byte == 32 || byte == 9) && !isLast)
                var piece: [UInt8] = literal ? [byte] : [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
                // A line starting with "." is escaped too: SMTP would read a lone "." as the end of the message.
                if column == 0, byte == UInt8(ascii: ".") { piece = [UInt8(ascii: "="), hex[2], hex[14]] }
                if column + piece.count > 75 {
                    output += [UInt8(ascii: "="), 13, 10]
                    column = 0
                }
                output += piece
                column += piece.count
            }
        }
        return output + [13, 10]
    }
}
