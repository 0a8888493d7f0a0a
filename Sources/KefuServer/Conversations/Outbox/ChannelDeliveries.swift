import Foundation
import KefuCore
import SQLKit

/// The outbox as a channel running inside Kefu works it: take queued replies (queued → sending), then report each as
/// sent, failed for good, or postponed after a temporary error. Only the instance holding the channel's lease calls
/// these, so a reply is taken by one sender at a time.
/// Which of a store's conversations a channel answers: a store can have a mailbox and a marketplace account at once,
/// and each sends only its own conversations' replies.
struct OutboxScope: Sendable {
    /// The conversations' ids on the channel start with this (`ozon:`); nil for every conversation no other kind owns.
    let prefix: String?

    static func of(_ kind: ChannelKind) -> OutboxScope { OutboxScope(prefix: kind.conversationPrefix) }

    /// The SQL condition on `c.external_id`.
    var condition: SQLQueryString {
        if let prefix { return "c.external_id LIKE \(bind: prefix + "%")" }
        var condition: SQLQueryString = "1 = 1"
        for other in ChannelKind.allCases.compactMap(\.conversationPrefix) {
            condition = condition + " AND c.external_id NOT LIKE \(bind: other + "%")"
        }
        return condition
    }
}

extension ChannelKind {
    /// How the conversations this kind brings in are named (`ozon:<chat id>`); nil for mail, whose ids vary.
    var conversationPrefix: String? {
        switch self {
        case .email, .demo: nil
        case .ozon: OzonInbound.prefix
        case .ebay: EbayInbound.prefix
        }
    }
}

extension OutboxService {
    /// A reply a channel is about to send, with what threading it needs.
    struct ClaimedDelivery: Sendable {
        let messageID: UUID
        let conversationID: UUID
        /// The conversation's id on the channel (a marketplace's chat id, prefixed).
        let conversationExternalID: String
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

    /// Takes up to `limit` due replies of the store's conversations in `scope` and marks them `sending`.
    func claim(for store: IngestingStore, scope: OutboxScope, limit: Int) async throws -> [ClaimedDelivery] {
        try await transactions.run(on: db) { tx in
            let sql = tx.sql
            let rows = try await sql.raw("""
                SELECT d.message_id, d.conversation_id, d.attempts, m.body, c.external_id, c.subject, c.order_number,
                cu.external_id AS customer
                FROM deliveries d JOIN messages m ON m.id = d.message_id JOIN conversations c ON c.id = d.conversation_id
                JOIN customers cu ON cu.id = c.customer_id
                WHERE d.store_id = \(bind: store.storeID) AND d.state = 'queued' AND \(scope.condition)
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
                    messageID: messageID, conversationID: conversationID,
                    conversationExternalID: try row.decode(column: "external_id", as: String.self),
                    body: try row.decode(column: "body", as: String.self),
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
    func requeueInterrupted(for store: IngestingStore, scope: OutboxScope) async throws {
        try await transactions.run(on: db) { tx in
            try await tx.sql.raw("""
                UPDATE deliveries SET state = 'queued', updated_at = \(bind: tx.now)
                WHERE store_id = \(bind: store.storeID) AND state = 'sending' AND conversation_id IN (
                    SELECT c.id FROM conversations c WHERE c.store_id = \(bind: store.storeID) AND \(scope.condition))
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

    /// Which of these conversations (by their id on the channel) hold a reply Kefu sent or is sending: only their
    /// store-side messages need matching with `linkSent`, so a first sync asks once instead of per message.
    func conversationsWithReplies(_ externalIDs: [String], for store: IngestingStore) async throws -> Set<String> {
        var found = Set<String>()
        for chunk in externalIDs.chunked(by: 500) {
            let rows = try await db.sql.raw("""
                SELECT DISTINCT c.external_id FROM deliveries d JOIN conversations c ON c.id = d.conversation_id
                WHERE d.store_id = \(bind: store.storeID) AND c.external_id IN (\(binds: Array(chunk)))
                """).all()
            for row in rows { found.insert(try row.decode(column: "external_id", as: String.self)) }
        }
        return found
    }

    /// A message the platform shows as the store's own, matched to the reply Kefu sent (platforms that answer a send
    /// without the new message's id, like Ozon): the reply takes the platform's id, and counts as sent if a timeout
    /// had left it waiting. True when the message is one of Kefu's replies, which is then not imported again.
    func linkSent(conversation externalID: String, body: String, platformID: String, for store: IngestingStore) async throws
        -> Bool
    {
        let conversations = conversations
        return try await transactions.run(on: db) { tx in
            let sql = tx.sql
            let known = try await sql.raw("""
                SELECT 1 AS found FROM deliveries WHERE store_id = \(bind: store.storeID) AND external_id = \(bind: platformID)
                """).first()
            if known != nil { return true }
            guard let row = try await sql.raw("""
                SELECT d.message_id, d.state, d.conversation_id FROM deliveries d
                JOIN conversations c ON c.id = d.conversation_id JOIN messages m ON m.id = d.message_id
                WHERE d.store_id = \(bind: store.storeID) AND c.external_id = \(bind: externalID) AND d.external_id IS NULL
                AND (d.state IN ('sending', 'sent') OR (d.state = 'queued' AND d.attempts > 0))
                AND m.body = \(bind: body.trimmingCharacters(in: .whitespacesAndNewlines))
                ORDER BY d.updated_at, d.message_id LIMIT 1
                """).first()
            else { return false }
            let messageID = try row.decode(column: "message_id", as: UUID.self)
            let wasSent = try row.decode(column: "state", as: String.self) == DeliveryState.sent.rawValue
            try await sql.raw("""
                UPDATE deliveries SET external_id = \(bind: platformID), state = 'sent', last_error = NULL,
                next_attempt_at = NULL, updated_at = \(bind: tx.now) WHERE message_id = \(bind: messageID)
                """).run()
            if !wasSent {
                let conversation = try row.decode(column: "conversation_id", as: UUID.self)
                try await Self.refreshFailureFlag(conversation, conversations: conversations, in: tx)
                try await AuditLog.record(
                    "delivered", conversation: conversation, workspace: store.workspaceID, by: nil,
                    detail: ["message": messageID.uuidString, "found": "in the platform's history"], at: tx.now, on: sql)
            }
            return true
        }
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
