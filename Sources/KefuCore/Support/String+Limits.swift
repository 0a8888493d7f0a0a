import Foundation

extension String {
    /// Whether the text has more than `limit` characters. Counting characters walks grapheme clusters; a text with no
    /// more UTF-8 bytes than the limit cannot have more characters, which answers for almost every message at once.
    public func hasMoreCharacters(than limit: Int) -> Bool {
        utf8.count > limit && count > limit
    }

    /// Whether the text is empty or only white space and line breaks; stops at the first other character.
    public var isBlank: Bool {
        unicodeScalars.allSatisfy { CharacterSet.whitespacesAndNewlines.contains($0) }
    }

    /// The text without white space and line breaks at either end; the text itself when there are none, which is
    /// nearly always and costs no copy.
    public var trimmedOfWhitespace: String {
        guard let first = unicodeScalars.first, let last = unicodeScalars.last,
            !CharacterSet.whitespacesAndNewlines.contains(first), !CharacterSet.whitespacesAndNewlines.contains(last)
        else { return trimmingCharacters(in: .whitespacesAndNewlines) }
        return self
    }
}
