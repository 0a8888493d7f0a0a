import Foundation
import SQLKit

/// What happened to a conversation besides its messages, read from the audit record: the lines a thread shows between
/// the messages (who assigned it, labelled it, changed its status or flagged it, Kefu's deadline warnings, a reply that
/// failed to reach the platform or was sent again).
struct ConversationActivity: Sendable {
    /// The audit actions a thread shows. Reads, replies and notes are not among them: the messages show those.
    static let actions = [
        "assigned", "labeled", "status", "flagged", "unflagged", "slaAtRisk", "slaOverdue", "delivery_failed",
        "delivery_retried",
    ]
    /// A thread shows at most the newest this many lines; a conversation reassigned all day stays readable.
    static let limit = 200

    let at: Date
    let action: String
    /// Who did it; `nil` when Kefu did (warnings, deliveries).
    let userID: UUID?
    let detail: [String: String]

    /// Oldest first.
    static func of(_ conversation: UUID, on db: any SQLDatabase) async throws -> [ConversationActivity] {
        let rows = try await db.raw("""
            SELECT action, user_id, detail, created_at FROM audit_events
            WHERE conversation_id = \(bind: conversation) AND action IN (\(binds: actions))
            ORDER BY created_at DESC LIMIT \(unsafeRaw: String(limit))
            """).all()
        let decoder = JSONDecoder()
        return try rows.reversed().map { row in
            let json = try row.decode(column: "detail", as: String.self)
            return ConversationActivity(
                at: try row.decode(column: "created_at", as: Date.self),
                action: try row.decode(column: "action", as: String.self),
                userID: try row.decode(column: "user_id", as: UUID?.self),
                detail: (try? decoder.decode([String: String].self, from: Data(json.utf8))) ?? [:])
        }
    }
}
