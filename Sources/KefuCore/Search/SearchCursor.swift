/// A position in search results, opaque to API clients, like `ConversationCursor`.
///
/// Results come newest matching message first, and the cursor is the index position of the last match a page looked
/// at (`before`). In the urgency order the newest `SearchCursor.urgencyRanked` matching conversations are ranked by
/// deadline and paged by `offset`; the rest follow newest first.
public struct SearchCursor: Sendable, Equatable {
    public let before: Int64?
    public let offset: Int?

    /// How many matching conversations the urgency order ranks by deadline before it continues newest first.
    public static let urgencyRanked = 500

    public init(before: Int64) {
        self.before = before
        offset = nil
    }

    public init(offset: Int) {
        before = nil
        self.offset = offset
    }

    public var token: String {
        if let offset { return "u" + String(offset, radix: 36) }
        return "s" + String(before ?? 0, radix: 36)
    }

    public init(token: String) throws(KefuError) {
        let value = Int64(token.dropFirst(), radix: 36)
        switch (token.first, value) {
        case ("s", let value?) where value > 0: self.init(before: value)
        case ("u", let value?) where value > 0 && value < Int64(Self.urgencyRanked): self.init(offset: Int(value))
        default:
            throw .invalid("invalid_cursor", "The cursor is not one Kefu returned for this search; search again without ?cursor=.")
        }
    }
}

/// A position in one-box results (`?find=`): conversations whose identifiers match (order number, customer name,
/// subject) come first in the list's own order, then those whose messages match, newest matching message first.
public enum FindCursor: Sendable, Equatable {
    case identifiers(ConversationCursor)
    /// Into the message matches; `nil` at their start.
    case messages(SearchCursor?)

    public var identifiersCursor: ConversationCursor? {
        if case .identifiers(let cursor) = self { cursor } else { nil }
    }

    public var token: String {
        switch self {
        case .identifiers(let cursor): "i" + cursor.token
        case .messages(let cursor): "m" + (cursor?.token ?? "")
        }
    }

    public init(token: String) throws(KefuError) {
        let rest = String(token.dropFirst())
        switch token.first {
        case "i": self = .identifiers(try ConversationCursor(token: rest))
        case "m": self = .messages(rest.isEmpty ? nil : try SearchCursor(token: rest))
        default:
            throw .invalid("invalid_cursor", "The cursor is not one Kefu returned for this search; search again without ?cursor=.")
        }
    }
}
