import Fluent
import Foundation
import KefuCore
import SQLKit
import Vapor

/// Connector-side and agent-side work on the outbox.
struct OutboxService {
    let db: any Database
    let transactions: WriteTransactions
    let conversations: ConversationStore
    let clock: KefuClock

    struct PendingMessage: Content {
        let messageID: UUID
        let conversationID: UUID
        let conversationExternalID: String
        let orderNumber: String?
        let body: String
        let attempts: Int
        let queuedAt: Date
    }

    /// The queued messages of a store, oldest first, for its connector to send.
    func pending(for store: IngestingStore, limit: Int) async throws -> [PendingMessage] {
        let rows = try await db.sql.raw("""
            SELECT d.message_id, d.conversation_id, c.external_id, c.order_number, m.body, d.attempts, d.updated_at
            FROM deliveries d JOIN messages m ON m.id = d.message_id JOIN conversations c ON c.id = d.conversation_id
            WHERE d.store_id = \(bind: store.storeID) AND d.state = 'queued'
            AND (d.next_attempt_at IS NULL OR d.next_attempt_at <= \(bind: clock.now()))
            ORDER BY d.updated_at LIMIT \(unsafeRaw: String(limit))
            """).all()
        return try rows.map { row in
            PendingMessage(
                messageID: try row.decode(column: "message_id", as: UUID.self),
                conversationID: try row.decode(column: "conversation_id", as: UUID.self),
                conversationExternalID: try row.decode(column: "external_id", as: String.self),
                orderNumber: try row.decode(column: "order_number", as: String?.self),
                body: try row.decode(column: "body", as: String.self),
                attempts: try row.decode(column: "attempts", as: Int.self),
                queuedAt: try row.decode(column: "updated_at", as: Date.self))
        }
    }

    /// Records what the marketplace said about one delivery.
    func report(
        _ messageID: UUID, state: DeliveryState, error: String?, externalID: String?, for store: IngestingStore
    ) async throws -> DeliveryRecord {
        guard state == .sent || state == .failed else {
            throw KefuError.invalid("invalid_state", "Report a delivery as sent or failed.")
        }
        if state == .failed, (error ?? "").isEmpty {
            throw KefuError.invalid("missing_field", "error is required when a delivery failed: say what the marketplace answered.")
        }
        let conversations = conversations
        return try await transactions.run(on: db) { tx in
            let sql = tx.sql
            let now = tx.now
            let delivery = try await Self.delivery(messageID, where: "d.store_id = \(bind: store.storeID)", on: sql)
            try await sql.raw("""
                UPDATE deliveries SET state = \(bind: state.rawValue), attempts = attempts + 1,
                last_error = \(bind: state == .failed ? error : nil), external_id = \(bind: externalID ?? delivery.externalID),
                next_attempt_at = NULL, updated_at = \(bind: now) WHERE message_id = \(bind: messageID)
                """).run()
            try await Self.refreshFailureFlag(delivery.conversationID, conversations: conversations, in: tx)
            try await AuditLog.record(
                state == .sent ? "delivered" : "delivery_failed", conversation: delivery.conversationID,
                workspace: store.workspaceID, by: nil,
                detail: ["message": messageID.uuidString, "error": error ?? ""].filter { !$0.value.isEmpty },
                at: now, on: sql)
            return try await Self.delivery(messageID, where: "1 = 1", on: sql)
        }
    }

    /// Puts a failed delivery back in the queue.
    func retry(_ messageID: UUID, by viewer: Viewer) async throws -> DeliveryRecord {
        try viewer.require(.reply)
        let conversations = conversations
        return try await transactions.run(on: db) { tx in
            let sql = tx.sql
            let now = tx.now
            let delivery = try await Self.delivery(messageID, where: viewer.scopeCondition("d"), on: sql)
            guard delivery.state == .failed else {
                throw KefuError.conflict("not_failed", "Only a failed delivery can be retried; this one is \(delivery.state.rawValue).")
            }
            try await sql.raw(
                "UPDATE deliveries SET state = 'queued', next_attempt_at = NULL, updated_at = \(bind: now) WHERE message_id = \(bind: messageID)"
            ).run()
            try await Self.refreshFailureFlag(delivery.conversationID, conversations: conversations, in: tx)
            try await AuditLog.record(
                "delivery_retried", conversation: delivery.conversationID, workspace: viewer.workspaceID, by: viewer,
                detail: ["message": messageID.uuidString], at: now, on: sql)
            return try await Self.delivery(messageID, where: "1 = 1", on: sql)
        }
    }

    private static func delivery(_ messageID: UUID, where condition: SQLQueryString, on db: any SQLDatabase) async throws
        -> DeliveryRecord
    {
        guard let row = try await db.raw(
            "SELECT d.* FROM deliveries d WHERE d.message_id = \(bind: messageID) AND " + condition
        ).first() else { throw KefuError.notFound("outbound message") }
        return try DeliveryRecord(row: row)
    }

    static func refreshFailureFlag(
        _ conversation: UUID, conversations: ConversationStore, in tx: WriteContext
    ) async throws {
        guard var record = try await conversations.load(conversation, in: tx) else { return }
        let before = record.state
        if try await Outbox.hasFailure(in: conversation, on: tx.sql) {
            record.state.recordDeliveryFailure()
        } else {
            record.state.clearDeliveryFailure()
        }
        guard record.state != before else {
            // Only the delivery changed (queued → sent): a page showing the thread still redraws it.
            tx.live.append([LiveEvent.changed(record, before: before, at: tx.now)])
            return
        }
        try await conversations.save([record], before: [record.id: before], in: tx)
    }
}
