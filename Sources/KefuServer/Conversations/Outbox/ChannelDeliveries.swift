import Foundation
import KefuCore
import SQLKit

/// The outbox as a channel running inside Kefu works it: take queued replies (queued → sending), then report each as
/// sent, failed for good, or postponed after a temporary error. Only the instance holding the channel's lease calls
/// these, so a reply is taken by one sender at a time.
extension OutboxService {
    /// A reply a channel is about to send, with what threading it needs.
    struct ClaimedDelivery: Sendable {
        let messageID: UUID
        let conversationID: UUID
        let body: String
        let subject: String?
        let orderNumber: String?
        /// The customer's identity on the channel (their e-mail address for mail).
        let customerAddress: String
        let attempts: Int
        /// The ids of the conversation's earlier messages and sent replies, oldest first.
        let threadIDs: [String]
        /// The id of the customer's latest message, which the reply answers.
        let answering: String?
    }

    /// Takes up to `limit` due replies of the store and marks them `sending`.
    func claim(for store: IngestingStore, limit: Int) async throws -> [ClaimedDelivery] {
        try await transactions.run(on: db) { tx in
            let sql = tx.sql
            let rows = try await sql.raw("""
                SELECT d.message_id, d.conversation_id, d.attempts, m.body, c.subject, c.order_number, cu.external_id AS customer
                FROM deliveries d JOIN messages m ON m.id = d.message_id JOIN conversations c ON c.id = d.conversation_id
                JOIN customers cu ON cu.id = c.customer_id
                WHERE d.store_id = \(bind: store.storeID) AND d.state = 'queued'
                AND (d.next_attempt_at IS NULL OR d.next_attempt_at <= \(bind: tx.now))
                ORDER BY d.updated_at, d.message_id LIMIT \(unsafeRaw: String(limit))
                """).all()
            var claimed: [ClaimedDelivery] = []
            for row in rows {
                let messageID = try row.decode(column: "message_id", as: UUID.self)
                let conversationID = try row.decode(column: "conversation_id", as: UUID.self)
                // Taken only if still queued: should a lost lease let two runners in for a moment, one of them sends.
                let taken = try await sql.raw("""
                    UPDATE deliveries SET state = 'sending', updated_at = \(bind: tx.now)
                    WHERE message_id = \(bind: messageID) AND state = 'queued' RETURNING message_id
                    """).all()
                guard !taken.isEmpty else { continue }
                let thread = try await Self.threadIDs(conversationID, before: messageID, on: sql)
                claimed.append(ClaimedDelivery(
                    messageID: messageID, conversationID: conversationID, body: try row.decode(column: "body", as: String.self),
                    subject: try row.decode(column: "subject", as: String?.self),
                    orderNumber: try row.decode(column: "order_number", as: String?.self),
                    customerAddress: try row.decode(column: "customer", as: String.self),
                    attempts: try row.decode(column: "attempts", as: Int.self),
                    threadIDs: thread.all, answering: thread.lastInbound))
            }
            return claimed
        }
    }

    /// A temporary refusal: back to the queue until `retryAt`, the error kept for the thread to show.
    func postpone(_ messageID: UUID, error: String, retryAt: Date) async throws {
        try await transactions.run(on: db) { tx in
            try await tx.sql.raw("""
                UPDATE deliveries SET state = 'queued', attempts = attempts + 1, last_error = \(bind: error),
                next_attempt_at = \(bind: retryAt), updated_at = \(bind: tx.now)
                WHERE message_id = \(bind: messageID) AND state = 'sending'
                """).run()
        }
    }

    /// Replies a stopped instance left `sending` go back to the queue: delivery is at least once.
    func requeueInterrupted(for store: IngestingStore) async throws {
        try await transactions.run(on: db) { tx in
            try await tx.sql.raw("""
                UPDATE deliveries SET state = 'queued', updated_at = \(bind: tx.now)
                WHERE store_id = \(bind: store.storeID) AND state = 'sending'
                """).run()
        }
    }

    /// Marks the reply the channel sent as `externalID` failed (a bounce came back for it); nil when it is not ours.
    func failSent(externalID: String, reason: String, for store: IngestingStore) async throws -> DeliveryRecord? {
        guard let row = try await db.sql.raw("""
            SELECT message_id FROM deliveries WHERE store_id = \(bind: store.storeID) AND external_id = \(bind: externalID)
            """).first()
        else { return nil }
        let messageID = try row.decode(column: "message_id", as: UUID.self)
        return try await report(messageID, state: .failed, error: reason, externalID: nil, for: store)
    }

    private static func threadIDs(_ conversation: UUID, before messageID: UUID, on db: any SQLDatabase) async throws
        -> (all: [String], lastInbound: String?)
    {
        let rows = try await db.raw("""
            SELECT m.external_id AS inbound, d.external_id AS sent, m.sent_at FROM messages m
            LEFT JOIN deliveries d ON d.message_id = m.id
            WHERE m.conversation_id = \(bind: conversation) AND m.id <> \(bind: messageID)
            AND (m.external_id IS NOT NULL OR d.external_id IS NOT NULL)
            ORDER BY m.sent_at, m.id
            """).all()
        var all: [String] = []
        var lastInbound: String?
        for row in rows {
            if let inbound = try row.decode(column: "inbound", as: String?.self), !inbound.hasPrefix("sha256:") {
                all.append(inbound)
                lastInbound = inbound
            } else if let sent = try row.decode(column: "sent", as: String?.self) {
                all.append(sent)
            }
        }
        return (all, lastInbound)
    }
}
