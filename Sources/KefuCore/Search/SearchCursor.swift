/// A position in search results, which come newest matching message first: the index position of the last match a
/// page looked at. Opaque to API clients, like `ConversationCursor`.
public struct SearchCursor: Sendable, Equatable {
    public let before: Int64

    public init(before: Int64) {
        self.before = before
    }

    public var token: String { "s" + String(before, radix: 36) }

    public init(token: String) throws(KefuError) {
        guard token.first == "s", let value = Int64(token.dropFirst(), radix: 36), value > 0 else {
            throw .invalid("invalid_cursor", "The cursor is not one Kefu returned for this search; search again without ?cursor=.")
        }
        self.init(before: value)
    }
}
