import Foundation

/// Readable text from an HTML mail body: what an agent needs to read, not a rendering. Scripts, styles and the head
/// are dropped; blocks and line breaks become new lines; entities are decoded; runs of blank lines collapse.
public enum HTMLText {
    static let blockTags: Set<String> = [
        "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "ul", "ol", "hr",
    ]
    static let droppedTags: Set<String> = ["script", "style", "head", "title"]

    public static func text(_ html: String) -> String {
        var output = ""
        var index = html.startIndex
        var dropping: String?
        while index < html.endIndex {
            let character = html[index]
            if character == "<" {
                guard let close = html[index...].firstIndex(of: ">") else { break }
                let tag = html[html.index(after: index)..<close]
                let isEnd = tag.hasPrefix("/")
                let name = tag.drop { $0 == "/" || $0 == "!" }.prefix { $0.isLetter || $0.isNumber }.lowercased()
                if let dropped = dropping {
                    if isEnd, name == dropped { dropping = nil }
                } else if droppedTags.contains(name), !isEnd, !tag.hasSuffix("/") {
                    dropping = name
                } else if blockTags.contains(name) {
                    output.append("\n")
                }
                index = html.index(after: close)
                continue
            }
            if dropping == nil {
                if character == "&", let (decoded, end) = entity(in: html[index...]) {
                    output.append(decoded)
                    index = end
                    continue
                }
                output.append(character.isWhitespace && character != "\u{00A0}" ? " " : character)
            }
            index = html.index(after: index)
        }
        return tidy(output)
    }

    /// Trims each line, collapses runs of spaces, and keeps at most one blank line between paragraphs.
    static func tidy(_ text: String) -> String {
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let collapsed = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
            let trimmed = collapsed.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty, lines.last?.isEmpty ?? true { continue }
            lines.append(trimmed)
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    private static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "copy": "©", "reg": "®",
        "hellip": "…", "mdash": "—", "ndash": "–", "laquo": "«", "raquo": "»", "ldquo": "“", "rdquo": "”",
        "lsquo": "‘", "rsquo": "’", "middot": "·", "yen": "¥", "euro": "€", "times": "×",
    ]

    private static func entity(in text: Substring) -> (String, String.Index)? {
        guard let semicolon = text.prefix(12).firstIndex(of: ";") else { return nil }
        let body = text[text.index(after: text.startIndex)..<semicolon]
        let end = text.index(after: semicolon)
        if body.hasPrefix("#") {
            let digits = body.dropFirst()
            let value = digits.hasPrefix("x") || digits.hasPrefix("X") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            guard let value, let scalar = Unicode.Scalar(value) else { return nil }
            return (String(Character(scalar)), end)
        }
        guard let decoded = named[body.lowercased()] else { return nil }
        return (decoded, end)
    }
}
