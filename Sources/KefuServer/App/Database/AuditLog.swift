import Foundation
import SQLKit

/// Appends to the permanent record of who changed what.
enum AuditLog {
    static func record(
        _ action: String, conversation: UUID?, workspace: UUID, by viewer: Viewer?, detail: [String: String] = [:],
        at date: Date, on db: any SQLDatabase
    ) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(detail), as: UTF8.self)
        try await db.insert(into: "audit_events")
            .columns("id", "workspace_id", "conversation_id", "user_id", "actor", "action", "detail", "created_at")
            .values(UUID(), workspace, conversation, viewer?.userID, viewer?.actor ?? "system", action, json, date)
            .run()
    }
}
