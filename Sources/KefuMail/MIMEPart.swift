import Foundation

/// One entity of a MIME message: its headers and either a body or the parts of a multipart.
public struct MIMEPart: Sendable {
    public let headers: MailHeaders
    /// The decoded body (transfer encoding removed), for a part that is not multipart.
    public let body: [UInt8]
    public let parts: [MIMEPart]

    /// `text/plain` by default, as RFC 2045 says.
    public var contentType: ContentType { ContentType(headers[raw: "Content-Type"] ?? "text/plain; charset=us-ascii") }

    public var disposition: ContentType? { headers[raw: "Content-Disposition"].map(ContentType.init) }

    /// The file name an attachment carries, from the disposition's `filename` or the type's `name` (RFC 2231 and
    /// RFC 2047 encodings both seen in the wild).
    public var filename: String? {
        disposition?.parameters["filename"] ?? contentType.parameters["name"]
    }

    /// An attachment: a part with a file name or an `attachment` disposition that is not the text of the message.
    public var isAttachment: Bool {
        if disposition?.value == "attachment" { return true }
        if filename != nil { return true }
        let type = contentType.value
        return !type.hasPrefix("text/") && !type.hasPrefix("multipart/") && type != "message/delivery-status"
            && type != "message/rfc822"
    }

    /// The body as text in its declared charset. Mailers that declare none (or us-ascii) and still send 8-bit text send
    /// UTF-8 or, in this market, GBK: valid UTF-8 is read as UTF-8, anything else as GB18030.
    public var text: String {
        let declared = contentType.parameters["charset"]?.lowercased()
        if declared == nil || declared == "us-ascii" || declared == "ascii", body.contains(where: { $0 >= 0x80 }) {
            return String(validating: body, as: UTF8.self) ?? Charsets.decodeLeniently(body, charset: "gb18030")
        }
        return Charsets.decodeLeniently(body, charset: declared)
    }

    /// Every leaf part, depth first.
    public var leaves: [MIMEPart] {
        parts.isEmpty ? [self] : parts.flatMap(\.leaves)
    }

    /// Parses an entity: a header block, an empty line, then the body.
    public init(bytes: ArraySlice<UInt8>, depth: Int = 0) {
        let (headerBlock, bodyBytes) = Self.split(bytes)
        headers = MailHeaders(block: headerBlock)
        let type = ContentType(headers[raw: "Content-Type"] ?? "text/plain")
        if type.value.hasPrefix("multipart/"), let boundary = type.parameters["boundary"], depth < 20 {
            parts = Self.parts(of: bodyBytes, boundary: boundary).map { MIMEPart(bytes: $0, depth: depth + 1) }
            body = []
        } else {
            parts = []
            switch headers[raw: "Content-Transfer-Encoding"]?.lowercased().trimmingCharacters(in: .whitespaces) {
            case "base64": body = TransferEncoding.base64(bodyBytes)
            case "quoted-printable": body = TransferEncoding.quotedPrintable(bodyBytes)
            default: body = Array(bodyBytes)
            }
        }
    }

    /// Splits at the first empty line (CRLF CRLF or LF LF).
    static func split(_ bytes: ArraySlice<UInt8>) -> (ArraySlice<UInt8>, ArraySlice<UInt8>) {
        var index = bytes.startIndex
        var lineStart = index
        while index < bytes.endIndex {
            if bytes[index] == UInt8(ascii: "\n") {
                let line = bytes[lineStart..<index]
                if line.isEmpty || line == [UInt8(ascii: "\r")] {
                    return (bytes[bytes.startIndex..<lineStart], bytes[(index + 1)...])
                }
                lineStart = index + 1
            }
            index += 1
        }
        return (bytes, bytes[bytes.endIndex...])
    }

    /// The bodies between `--boundary` lines, up to `--boundary--`.
    static func parts(of body: ArraySlice<UInt8>, boundary: String) -> [ArraySlice<UInt8>] {
        let delimiter = Array("--\(boundary)".utf8)
        var parts: [ArraySlice<UInt8>] = []
        var partStart: Int?
        var lineStart = body.startIndex
        var index = body.startIndex
        while lineStart < body.endIndex {
            while index < body.endIndex, body[index] != UInt8(ascii: "\n") { index += 1 }
            var line = body[lineStart..<index]
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            if line.starts(with: delimiter) {
                let rest = line.dropFirst(delimiter.count)
                if let start = partStart {
                    // The part ends before the line break that precedes the delimiter.
                    var end = lineStart
                    if end > start, body[end - 1] == UInt8(ascii: "\n") { end -= 1 }
                    if end > start, body[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                    parts.append(body[start..<max(start, end)])
                }
                if rest.starts(with: [UInt8(ascii: "-"), UInt8(ascii: "-")]) { return parts }
                partStart = min(index + 1, body.endIndex)
            }
            index += 1
            lineStart = index
        }
        // No closing delimiter: a truncated message keeps what it has.
        if let start = partStart, start < body.endIndex { parts.append(body[start...]) }
        return parts
    }
}

/// A header value with parameters: `text/plain; charset="gb2312"`, `attachment; filename*=UTF-8''%E5%8F%91.pdf`.
public struct ContentType: Sendable, Equatable {
    /// Lower-cased: `multipart/alternative`, `attachment`.
    public let value: String
    /// Lower-cased names; values unquoted and decoded (RFC 2231 continuations and charsets, RFC 2047 words).
    public let parameters: [String: String]

    public init(_ raw: String) {
        let pieces = Self.splitParameters(raw)
        value = (pieces.first ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        var plain: [String: String] = [:]
        var extended: [String: [(Int, String, Bool)]] = [:]
        for piece in pieces.dropFirst() {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            var name = piece[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var text = piece[piece.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 {
                text = String(text.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
            }
            // RFC 2231: name*0*=, name*1=, name*=charset''value
            let encoded = name.hasSuffix("*")
            if encoded { name.removeLast() }
            if let star = name.firstIndex(of: "*"), let number = Int(name[name.index(after: star)...]) {
                extended[String(name[..<star]), default: []].append((number, text, encoded))
            } else if encoded {
                extended[name, default: []].append((0, text, true))
            } else {
                plain[name] = EncodedWords.decode(text)
            }
        }
        for (name, pieces) in extended {
            let ordered = pieces.sorted { $0.0 < $1.0 }
            var charset: String?
            var bytes: [UInt8] = []
            for (index, piece) in ordered.enumerated() {
                var text = piece.1
                if piece.2, index == 0, let firstQuote = text.firstIndex(of: "'"),
                    let secondQuote = text[text.index(after: firstQuote)...].firstIndex(of: "'")
                {
                    charset = String(text[..<firstQuote])
                    text = String(text[text.index(after: secondQuote)...])
                }
                bytes += piece.2 ? Self.percentDecoded(text) : Array(text.utf8)
            }
            plain[name] = Charsets.decodeLeniently(bytes, charset: charset?.isEmpty == false ? charset : "utf-8")
        }
        parameters = plain
    }

    private static func percentDecoded(_ text: String) -> [UInt8] {
        var output: [UInt8] = []
        var bytes = Array(text.utf8)[...]
        while let byte = bytes.popFirst() {
            if byte == UInt8(ascii: "%"), bytes.count >= 2,
                let value = UInt8(String(decoding: bytes.prefix(2), as: UTF8.self), radix: 16)
            {
                output.append(value)
                bytes = bytes.dropFirst(2)
            } else {
                output.append(byte)
            }
        }
        return output
    }

    /// Splits at semicolons outside quotes.
    private static func splitParameters(_ raw: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        var quoted = false
        for character in raw {
            if character == "\"" { quoted.toggle() }
            if character == ";", !quoted {
                pieces.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        pieces.append(current)
        return pieces
    }
}
