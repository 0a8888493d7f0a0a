import Foundation
import KefuCore
import SQLKit

/// Stores a batch of a store's incoming messages inside the caller's transaction, through the one conversation
/// writer.
///
/// The work is done in batches (a few statements per request, not per message) because connectors deliver backlogs of
/// thousands of messages after an outage.
struct IngestWriter: Sendable {
    let conversations: ConversationStore
    let policies: PolicyBook
    /// Screens buyers' messages for risk flags (links off the platform, payment requests, phishing).
    let screening: ComplianceBook

    /// Stores one request's messages; buyers' messages get their risk flags.
    func store(_ messages: [IncomingMessage], into store: IngestingStore, in tx: WriteContext) async throws -> IngestResult {
        let db = tx.sql
        let now = tx.now
        try await conversations.lockStoreForIngest(store.storeID, in: tx)
        var seen = Set<String>()
        var duplicates: [String] = []
        var fresh: [IncomingMessage] = []
        for message in messages {
            if seen.insert(message.externalID).inserted { fresh.append(message) } else { duplicates.append(message.externalID) }
        }
        let stored = try await Self.existingMessageIDs(Array(seen), store: store.storeID, on: db)
        if !stored.isEmpty {
            duplicates.append(contentsOf: fresh.filter { stored.contains($0.externalID) }.map(\.externalID))
            fresh.removeAll { stored.contains($0.externalID) }
        }
        guard !fresh.isEmpty else {
            return IngestResult(accepted: 0, duplicates: duplicates)
        }

        let counting = try await policies.policy(for: store.storeID, on: db).timer.qualifyingReplies
        let customers = try await Self.ensureCustomers(for: fresh, store: store, at: now, on: db)
        var conversations = try await self.conversations.loadForIngest(
            store: store.storeID, externalIDs: fresh.map(\.conversationExternalID), in: tx)
        let before = Dictionary(uniqueKeysWithValues: conversations.values.map { ($0.id, $0.state) })
        let namesBefore = Dictionary(uniqueKeysWithValues: conversations.values.map { ($0.id, $0.customerName) })
        var touched: [UUID: ConversationRecord] = [:]
        var records: [MessageRecord] = []
        records.reserveCapacity(fresh.count)
        for message in fresh {
            guard let customerID = customers[message.customer.externalID] else { continue }
            var conversation =
                conversations[message.conversationExternalID]
                ?? ConversationRecord(
                    id: UUID(), workspaceID: store.workspaceID, merchantID: store.merchantID, storeID: store.storeID,
                    platform: store.platform, externalID: message.conversationExternalID,
                    customerID: customerID, customerName: message.customer.name,
                    createdAt: message.sentAt,
                    state: ConversationState(createdAt: message.sentAt))
            conversation.state.receive(
                author: message.author, sentAt: message.sentAt, body: message.body, orderNumber: message.orderNumber,
                subject: message.subject, counting: counting)
            if !message.customer.name.isEmpty { conversation.customerName = message.customer.name }
            conversations[message.conversationExternalID] = conversation
            touched[conversation.id] = conversation
            let inbound = !message.author.isStoreSide
            records.append(
                MessageRecord(
                    workspaceID: store.workspaceID, storeID: store.storeID, conversationID: conversation.id,
                    externalID: message.externalID, direction: inbound ? .inbound : .outbound, author: message.author,
                    authorUserID: nil, body: message.body,
                    language: inbound ? message.customer.language ?? ScriptLanguage.guess(message.body)
                        : ScriptLanguage.guess(message.body),
                    sentAt: message.sentAt, createdAt: now,
                    riskFlags: inbound ? ComplianceService.riskFlags(of: message.body, platform: store.platform, book: screening) : nil))
        }
        let changed = Array(touched.values)
        try await self.conversations.save(changed, before: before, namesBefore: namesBefore, in: tx)
        try await self.conversations.append(records, in: tx)
        return IngestResult(
            accepted: records.count, duplicates: duplicates, storedIDs: Set(fresh.map(\.externalID)))
    }

    private static func existingMessageIDs(_ ids: [String], store: UUID, on db: any SQLDatabase) async throws -> Set<String> {
        var found = Set<String>()
        for chunk in ids.chunked(by: 1_000) {
            let rows = try await db.raw(
                "SELECT external_id FROM messages WHERE store_id = \(bind: store) AND external_id IN (\(binds: Array(chunk)))"
            ).all()
            for row in rows { found.insert(try row.decode(column: "external_id", as: String.self)) }
        }
        return found
    }

    /// Returns the customer id for every buyer in `messages`, creating the ones seen for the first time.
    private static func ensureCustomers(
        for messages: [IncomingMessage], store: IngestingStore, at now: Date, on db: any SQLDatabase
    ) async throws -> [String: UUID] {
        var wanted: [String: IncomingMessage.Customer] = [:]
        for message in messages where wanted[message.customer.externalID] == nil {
            wanted[message.customer.externalID] = message.customer
        }
        var ids: [String: UUID] = [:]
        for chunk in Array(wanted.keys).chunked(by: 1_000) {
            let rows = try await db.raw(
                "SELECT id, external_id FROM customers WHERE store_id = \(bind: store.storeID) AND external_id IN (\(binds: Array(chunk)))"
            ).all()
            for row in rows {
                ids[try row.decode(column: "external_id", as: String.self)] = try row.decode(column: "id", as: UUID.self)
            }
        }
        let missing = wanted.values.filter { ids[$0.externalID] == nil }
        let persons = try await CustomerService.persons(
            of: missing.map(\.externalID), merchant: store.merchantID, platform: store.platform, on: db)
        for chunk in missing.chunked(by: 500) {
            var insert = db.insert(into: "customers")
                .columns("id", "workspace_id", "store_id", "external_id", "name", "language", "created_at", "person_id")
            for customer in chunk {
                let id = UUID()
                ids[customer.externalID] = id
                insert = insert.values(
                    id, store.workspaceID, store.storeID, customer.externalID, customer.name, customer.language, now,
                    persons[customer.externalID])
            }
            try await insert.run()
        }
        return ids
    }
}
