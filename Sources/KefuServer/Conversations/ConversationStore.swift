import Foundation
import KefuCore
import SQLKit

/// The one writer of conversations and their messages. Ingest, agents' actions, proactive messages, the outbox and
/// the SLA monitor and re-timer all load and save conversations here, inside a write transaction whose context they
/// pass in (`WriteTransactions.run`), so every change re-times the wait, records inquiries, moves the folder counters
/// and produces its live event the same way.
struct ConversationStore: Sendable {
    let policies: PolicyBook
    let locking: ConversationLocking
    let search: any SearchIndex

    // MARK: Loading for a change (rows locked until the transaction ends)

    /// One conversation the viewer may see, locked for the change about to be made.
    func load(_ id: UUID, visibleTo viewer: Viewer, in tx: WriteContext) async throws -> ConversationRecord {
        let query: SQLQueryString =
            "SELECT \(ConversationRecord.selectList) FROM conversations c WHERE c.id = \(bind: id) AND "
            + viewer.scopeCondition("c") + locking.forUpdate
        guard let row = try await tx.sql.raw(query).first() else { throw KefuError.notFound("conversation") }
        return try ConversationRecord(row: row)
    }

    /// One conversation by id whoever asks (a connector reporting on its own store's message), locked.
    func load(_ id: UUID, in tx: WriteContext) async throws -> ConversationRecord? {
        let query: SQLQueryString =
            "SELECT \(ConversationRecord.selectList) FROM conversations c WHERE c.id = \(bind: id)" + locking.forUpdate
        return try await tx.sql.raw(query).first().map(ConversationRecord.init(row:))
    }

    /// Serializes ingest for one store until the transaction ends (across instances on PostgreSQL), so a message two
    /// requests both deliver is stored once and a conversation they both start is created once.
    func lockStoreForIngest(_ storeID: UUID, in tx: WriteContext) async throws {
        try await locking.lockStoreForIngest(storeID, on: tx.sql)
    }

    /// A store's conversations by the marketplace's ids, locked in id order.
    func loadForIngest(
        store storeID: UUID, externalIDs: [String], in tx: WriteContext
    ) async throws -> [String: ConversationRecord] {
        var found: [String: ConversationRecord] = [:]
        for chunk in Array(Set(externalIDs)).chunked(by: 1_000) {
            let rows = try await tx.sql.raw(
                "SELECT \(ConversationRecord.selectList) FROM conversations c WHERE c.store_id = \(bind: storeID) AND c.external_id IN (\(binds: Array(chunk)))"
                    + locking.forUpdateInIDOrder
            ).all()
            for row in rows {
                let record = try ConversationRecord(row: row)
                found[record.externalID] = record
            }
        }
        return found
    }

    // MARK: Writing

    /// Saves conversations: re-times each one's wait on its store's policy at the transaction's instant, records the
    /// inquiries they opened or answered, moves the folder counters by what changed and adds a `conversation.changed`
    /// live event; `before` holds the states they were loaded with (absent for new conversations). Returns the
    /// records as saved. `namesBefore` holds the customer names they were loaded with, where ingest may rename them;
    /// a new name, subject or order number rewrites the conversation's search keys.
    @discardableResult
    func save(
        _ records: [ConversationRecord], before: [UUID: ConversationState], namesBefore: [UUID: String] = [:],
        in tx: WriteContext
    ) async throws -> [ConversationRecord] {
        let policies = try await policies.policies(for: Array(Set(records.map(\.storeID))), on: tx.sql)
        var saved = records
        for index in saved.indices {
            saved[index].state.retime(with: policies[saved[index].storeID]?.timer, at: tx.now)
        }
        try await upsert(saved, on: tx.sql)
        let rekeyed = saved.filter { record in
            guard let old = before[record.id] else { return true }
            return old.orderNumber != record.state.orderNumber || old.subject != record.state.subject
                || namesBefore[record.id].map { $0 != record.customerName } == true
        }
        try await ConversationKeysIndex.write(
            rekeyed, fresh: Set(rekeyed.filter { before[$0.id] == nil }.map(\.id)), on: tx.sql)
        try await ResponseWaits.record(saved, policies: policies, on: tx.sql)
        try await FolderCounts.apply(
            saved.map { FolderCounts.Change(storeID: $0.storeID, before: before[$0.id], after: $0.state) }, on: tx.sql)
        for index in saved.indices { saved[index].state.waitEvents = [] }
        tx.live.append(saved.map { LiveEvent.changed($0, before: before[$0.id], at: tx.now) })
        return saved
    }

    /// Appends messages to their conversations' record and to the search index. Messages are never updated.
    func append(_ messages: [MessageRecord], in tx: WriteContext) async throws {
        guard !messages.isEmpty else { return }
        for chunk in messages.chunked(by: 500) {
            var insert = tx.sql.insert(into: "messages").columns(MessageRecord.columns)
            for message in chunk { insert = insert.values(message.values) }
            try await insert.run()
        }
        try await search.add(messages, on: tx.sql)
    }

    /// Adds and removes a conversation's own labels.
    func relabel(_ conversation: UUID, add: [String], remove: [String], in tx: WriteContext) async throws {
        for label in Set(add) {
            try await tx.sql.insert(into: "conversation_labels").columns("id", "conversation_id", "label")
                .values(UUID(), conversation, label).ignoringConflicts(with: ["conversation_id", "label"]).run()
        }
        if !remove.isEmpty {
            try await tx.sql.raw(
                "DELETE FROM conversation_labels WHERE conversation_id = \(bind: conversation) AND label IN (\(binds: remove))"
            ).run()
        }
    }

    /// Inserts new conversations and rewrites the state of existing ones in one statement per chunk.
    private func upsert(_ records: [ConversationRecord], on db: any SQLDatabase) async throws {
        for chunk in records.chunked(by: 500) {
            var insert = db.insert(into: "conversations").columns(ConversationRecord.columns)
            for record in chunk { insert = insert.values(record.values) }
            try await insert.onConflict(with: ["id"]) { update in
                var update = update
                for column in ConversationRecord.mutableColumns { update = update.set(excludedValueOf: column) }
                return update
            }.run()
        }
    }
}

extension Array {
    func chunked(by size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
