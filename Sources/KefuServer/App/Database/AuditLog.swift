import Foundation
import SQLKit

/// Appends to the permanent record of who changed what.
enum AuditLog {
    /// One event, for `recordAll`.
    struct Entry: Sendable {
        let action: String
        let conversation: UUID?
        let workspace: UUID
        let detail: [String: String]
    }

    static func record(
        _ action: String, conversation: UUID?, workspace: UUID, by viewer: Viewer?, detail: [String: String] = [:],
        at date: Date, on db: any SQLDatabase
    ) async throws {
        try await recordAll([Entry(action: action, conversation: conversation, workspace: workspace, detail: detail)],
                            by: viewer, at: date, on: db)
    }

    /// Several events by one actor in as few statements as the databases' bind limits allow.
    static func recordAll(_ entries: [Entry], by viewer: Viewer?, at date: Date, on db: any SQLDatabase) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        for chunk in entries.chunked(by: 500) {
            var insert = db.insert(into: "audit_events")
                .columns("id", "workspace_id", "conversation_id", "user_id", "actor", "action", "detail", "created_at")
            for entry in chunk {
                let json = String(decoding: try encoder.encode(entry.detail), as: UTF8.self)
                insert = insert.values(
                    UUID(), entry.workspace, entry.conversation, viewer?.userID, viewer?.actor ?? "system", entry.action,
                    json, date)
            }
            try await insert.run()
        }
    }
}
