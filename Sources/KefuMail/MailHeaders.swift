import Foundation

/// A message's or a part's header fields, in order, unfolded; names compare without case.
public struct MailHeaders: Sendable, Equatable {
    public struct Field: Sendable, Equatable {
        public let name: String
        /// The raw value, unfolded, as it travelled (encoded words still encoded).
        public let raw: String
    }

    public var fields: [Field]

    public init(fields: [Field]) {
        self.fields = fields
    }

    /// Parses a header block (the lines before the first empty line). Header bytes should be ASCII; raw UTF-8 (what
    /// many Chinese mailers send anyway) is kept, other 8-bit bytes are read as `fallbackCharset`.
    public init(block: ArraySlice<UInt8>, fallbackCharset: String? = nil) {
        let text = String(validating: block, as: UTF8.self) ?? Charsets.decodeLeniently(block, charset: fallbackCharset ?? "gb18030")
        var fields: [Field] = []
        var current: (name: String, value: String)?
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let line = line.hasSuffix("\r") ? line.dropLast() : line[...]
            if let first = line.first, first == " " || first == "\t" {
                // A folded continuation of the field above.
                current?.value += " " + line.trimmingCharacters(in: .whitespaces)
                continue
            }
            if let current { fields.append(Field(name: current.name, raw: current.value)) }
            current = nil
            guard let colon = line.firstIndex(of: ":") else { continue }
            current = (String(line[..<colon]).trimmingCharacters(in: .whitespaces),
                       String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
        }
        if let current { fields.append(Field(name: current.name, raw: current.value)) }
        self.fields = fields
    }

    /// The first field called `name`, raw.
    public subscript(raw name: String) -> String? {
        fields.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.raw
    }

    /// Every field called `name`, raw.
    public func all(_ name: String) -> [String] {
        fields.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }.map(\.raw)
    }

    /// The first field called `name`, with encoded words decoded (`=?gb2312?B?…?=`).
    public subscript(name: String) -> String? {
        self[raw: name].map(EncodedWords.decode)
    }
}

/// RFC 2047 encoded words in headers: `=?charset?B?base64?=` and `=?charset?Q?quoted_printable?=`, white space
/// between two adjacent encoded words dropped, as the RFC says.
public enum EncodedWords {
    public static func decode(_ value: String) -> String {
        guard value.contains("=?") else { return value }
        var output = ""
        var rest = value[...]
        var lastWasEncoded = false
        while let start = rest.range(of: "=?") {
            let before = rest[..<start.lowerBound]
            guard let word = encodedWord(in: rest[start.lowerBound...]) else {
                output += before + "=?"
                rest = rest[start.upperBound...]
                lastWasEncoded = false
                continue
            }
            // White space between two adjacent encoded words is dropped.
            if !(lastWasEncoded && before.allSatisfy(\.isWhitespace)) { output += before }
            output += word.text
            rest = rest[word.end...]
            lastWasEncoded = true
        }
        return output + rest
    }

    private static func encodedWord(in text: Substring) -> (text: String, end: Substring.Index)? {
        // =?charset[*language]?encoding?payload?=
        let afterOpen = text.index(text.startIndex, offsetBy: 2)
        guard let q1 = text[afterOpen...].firstIndex(of: "?") else { return nil }
        let charset = text[afterOpen..<q1].split(separator: "*").first.map(String.init) ?? ""
        let encodingStart = text.index(after: q1)
        guard encodingStart < text.endIndex, let q2 = text[encodingStart...].firstIndex(of: "?") else { return nil }
        let encoding = text[encodingStart..<q2].uppercased()
        let payloadStart = text.index(after: q2)
        guard let close = text[payloadStart...].range(of: "?=") else { return nil }
        let payload = Array(text[payloadStart..<close.lowerBound].utf8)
        guard !payload.contains(UInt8(ascii: " ")) else { return nil }
        let bytes: [UInt8]
        switch encoding {
        case "B": bytes = TransferEncoding.base64(payload)
        case "Q": bytes = TransferEncoding.quotedPrintable(payload, underscoreIsSpace: true)
        default: return nil
        }
        return (Charsets.decodeLeniently(bytes, charset: charset), close.upperBound)
    }
}
