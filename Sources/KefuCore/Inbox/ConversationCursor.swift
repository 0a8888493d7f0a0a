import Foundation

/// A position in a conversation list, opaque to API clients.
///
/// It carries the exact sort key of the last item returned, so the next page starts right after it even while new
/// messages arrive: the last-message time and id in a list ordered by newest activity; in the urgency order, the
/// deadline and id while the list is still among waiting conversations (`dueAt` set), then the recency key.
public struct ConversationCursor: Sendable, Equatable {
    public let lastMessageAt: Date
    public let id: UUID
    /// Set while the urgency order is still listing waiting conversations by deadline.
    public let dueAt: Date?

    public init(lastMessageAt: Date, id: UUID) {
        self.lastMessageAt = lastMessageAt
        self.id = id
        dueAt = nil
    }

    public init(dueAt: Date, id: UUID) {
        self.dueAt = dueAt
        self.id = id
        lastMessageAt = dueAt
    }

    /// The token clients pass back as `?cursor=`.
    public var token: String {
        let bits = (dueAt == nil ? "" : "d") + String(lastMessageAt.timeIntervalSince1970.bitPattern, radix: 16)
        return Data("\(bits).\(id.uuidString)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public init(token: String) throws(KefuError) {
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64.append("=") }
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else {
            throw Self.invalid
        }
        let parts = text.split(separator: ".", maxSplits: 1)
        let byDeadline = parts.first?.hasPrefix("d") ?? false
        guard parts.count == 2, let bits = UInt64(parts[0].dropFirst(byDeadline ? 1 : 0), radix: 16),
            let id = UUID(uuidString: String(parts[1]))
        else {
            throw Self.invalid
        }
        let date = Date(timeIntervalSince1970: Double(bitPattern: bits))
        if byDeadline {
            self.init(dueAt: date, id: id)
        } else {
            self.init(lastMessageAt: date, id: id)
        }
    }

    private static let invalid = KefuError.invalid(
        "invalid_cursor", "The cursor is not one Kefu returned; start again without ?cursor=.")
}
