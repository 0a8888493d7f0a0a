import Foundation
import KefuCore
import SQLKit

/// The delivery queue of outbound messages. A connector takes queued messages, sends them to the marketplace and
/// reports the result; a failed one shows in the `failed` folder until an agent retries it.
enum Outbox {
    static func enqueue(_ message: MessageRecord, at now: Date, on db: any SQLDatabase) async throws {
        try await db.insert(into: "deliveries")
            .columns("message_id", "workspace_id", "store_id", "conversation_id", "state", "attempts", "updated_at")
            .values(message.id, message.workspaceID, message.storeID, message.conversationID,
                    DeliveryState.queued.rawValue, 0, now)
            .run()
    }

    /// Whether any outbound message of the conversation is in the failed state.
    static func hasFailure(in conversation: UUID, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw(
            "SELECT 1 AS found FROM deliveries WHERE conversation_id = \(bind: conversation) AND state = 'failed' LIMIT 1"
        ).first() != nil
    }
}

/// One delivery as the API and connectors see it.
struct DeliveryRecord: Sendable {
    let messageID: UUID
    let storeID: UUID
    let conversationID: UUID
    let state: DeliveryState
    let attempts: Int
    let lastError: String?
    let externalID: String?

    init(row: any SQLRow) throws {
        messageID = try row.decode(column: "message_id", as: UUID.self)
        storeID = try row.decode(column: "store_id", as: UUID.self)
        conversationID = try row.decode(column: "conversation_id", as: UUID.self)
        state = DeliveryState(rawValue: try row.decode(column: "state", as: String.self)) ?? .queued
        attempts = try row.decode(column: "attempts", as: Int.self)
        lastError = try row.decode(column: "last_error", as: String?.self)
        externalID = try row.decode(column: "external_id", as: String?.self)
    }
}
