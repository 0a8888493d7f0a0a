import Foundation

/// A position in a conversation list, opaque to API clients.
///
/// It carries the exact sort key of the last item returned, so the next page starts right after it even while new
/// messages arrive: the last-message time and id in a list ordered by newest activity; in the urgency order, the
/// deadline, the start of the wait and id while the list is still among waiting conversations (`dueAt` set), then the
/// recency key.
public struct ConversationCursor: Sendable, Equatable {
    public let lastMessageAt: Date
    public let id: UUID
    /// Set while the urgency order is still listing waiting conversations by deadline.
    public let dueAt: Date?
    /// With `dueAt`: when the wait started, which orders conversations sharing a deadline (longest waiting first).
    public let waitStartedAt: Date?

    public init(lastMessageAt: Date, id: UUID) {
        self.lastMessageAt = lastMessageAt
        self.id = id
        dueAt = nil
        waitStartedAt = nil
    }

    public init(dueAt: Date, waitStartedAt: Date, id: UUID) {
        self.dueAt = dueAt
        self.waitStartedAt = waitStartedAt
        self.id = id
        lastMessageAt = dueAt
    }

    private static func hex(_ date: Date) -> String { String(date.timeIntervalSince1970.bitPattern, radix: 16) }

    /// The token clients pass back as `?cursor=`.
    public var token: String {
        let bits =
            if let dueAt, let waitStartedAt { "d" + Self.hex(dueAt) + "." + Self.hex(waitStartedAt) } else { Self.hex(lastMessageAt) }
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
        let parts = text.split(separator: ".")
        let byDeadline = parts.first?.hasPrefix("d") ?? false
        func date(_ part: Substring) -> Date? {
            UInt64(part, radix: 16).map { Date(timeIntervalSince1970: Double(bitPattern: $0)) }
        }
        guard parts.count == (byDeadline ? 3 : 2), let first = date(parts[0].dropFirst(byDeadline ? 1 : 0)),
            let id = parts.last.flatMap({ UUID(uuidString: String($0)) })
        else {
            throw Self.invalid
        }
        if byDeadline {
            guard let started = date(parts[1]) else { throw Self.invalid }
            self.init(dueAt: first, waitStartedAt: started, id: id)
        } else {
            self.init(lastMessageAt: first, id: id)
        }
    }

    private static let invalid = KefuError.invalid(
        "invalid_cursor", "The cursor is not one Kefu returned; start again without ?cursor=.")
}
