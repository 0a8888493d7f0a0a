/// One server response of IMAP (RFC 9051 §7) as read off the wire: its text with each literal cut out, and the
/// literals' bytes in order. `text` holds `{N}` where each literal stood, so the structure stays parseable.
struct IMAPResponse: Sendable {
    var text: String
    var literals: [[UInt8]]

    /// `* 12 FETCH (…)` → 12 and "FETCH"; nil for tagged or continuation lines.
    var untaggedNumber: (Int, String)? {
        guard text.hasPrefix("* ") else { return nil }
        let parts = text.dropFirst(2).split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, let number = Int(parts[0]) else { return nil }
        return (number, parts[1].uppercased())
    }

    /// `* CAPABILITY …`, `* SEARCH …`: the keyword after the star, upper-cased.
    var untaggedKeyword: String? {
        guard text.hasPrefix("* ") else { return nil }
        return text.dropFirst(2).split(separator: " ", maxSplits: 1).first.map { $0.uppercased() }
    }

    /// The text in square brackets after OK/NO (`[UIDVALIDITY 3857529045]`), split into words.
    var responseCode: [String]? {
        guard let open = text.firstIndex(of: "["), let close = text[open...].firstIndex(of: "]") else { return nil }
        return text[text.index(after: open)..<close].split(separator: " ").map(String.init)
    }

    /// The number after `name` inside the parenthesised FETCH data (`UID 41`, `RFC822.SIZE 5120`).
    func fetchNumber(_ name: String) -> UInt64? {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "(" || $0 == ")" })
        guard let index = words.firstIndex(where: { $0.uppercased() == name }), index + 1 < words.count else { return nil }
        return UInt64(words[index + 1])
    }
}

extension MailConnection {
    /// Reads one whole response, following `{N}` literals across lines.
    func readResponse(timeout: TimeAmount? = nil) async throws -> IMAPResponse {
        var response = IMAPResponse(text: "", literals: [])
        while true {
            let line = try await readLineBytes(timeout: timeout)
            let text = String(decoding: line, as: UTF8.self)
            response.text += text
            guard let count = Self.literalLength(endingLine: text) else { return response }
            guard count <= 64 << 20 else {
                throw MailProtocolError(.protocolViolation, "The server announced a literal of \(count) bytes.")
            }
            response.literals.append(try await readBytes(count))
        }
    }

    /// `… {123}` or `… {123+}` at the end of a line announces 123 bytes of literal.
    static func literalLength(endingLine text: String) -> Int? {
        guard text.hasSuffix("}"), let open = text.lastIndex(of: "{") else { return nil }
        var digits = text[text.index(after: open)..<text.index(before: text.endIndex)]
        if digits.hasSuffix("+") { digits = digits.dropLast() }
        return Int(digits)
    }
}

import NIOCore
