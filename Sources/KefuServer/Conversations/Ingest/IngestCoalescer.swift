import Foundation
import KefuCore
import SQLKit
import Vapor

/// Group commit: ingest requests that arrive while a write is in progress are stored together in the next
/// transaction, and each is answered only after that transaction commits.
///
/// Ingest for one store is serial on both databases (SQLite has one writer; PostgreSQL takes a per-store advisory
/// lock), so sixteen connectors sending one message each would otherwise queue for sixteen transactions of about eight
/// statements each. Together they cost one. A request is never answered before its messages are durable, and a group
/// that fails is retried request by request, so one bad request cannot fail its neighbours.
actor IngestCoalescer {
    private struct Pending {
        let store: IngestingStore
        let messages: [IncomingMessage]
        let continuation: CheckedContinuation<IngestResult, any Error>
    }

    /// The most messages one transaction takes; a single larger request still goes in whole.
    static let maxMessagesPerGroup = 2_000

    private let writer: IngestWriter
    private let transactions: WriteTransactions
    private let database: DatabaseAccess
    private var pending: [Pending] = []
    private var draining = false

    init(writer: IngestWriter, transactions: WriteTransactions, database: DatabaseAccess) {
        self.writer = writer
        self.transactions = transactions
        self.database = database
    }

    func ingest(_ messages: [IncomingMessage], into store: IngestingStore) async throws -> IngestResult {
        try await withCheckedThrowingContinuation { continuation in
            pending.append(Pending(store: store, messages: messages, continuation: continuation))
            if !draining {
                draining = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            var group: [Pending] = []
            var size = 0
            while let next = pending.first, group.isEmpty || size + next.messages.count <= Self.maxMessagesPerGroup {
                group.append(pending.removeFirst())
                size += next.messages.count
            }
            let requests = group.map { ($0.store, $0.messages) }
            let writer = writer
            do {
                let db = try database.open()
                let results = try await transactions.run(on: db) { tx in
                    try await Self.storeTogether(requests, writer: writer, in: tx)
                }
                for (request, result) in zip(group, results) { request.continuation.resume(returning: result) }
            } catch {
                for request in group {
                    do {
                        let result = try await transactions.run(on: try database.open()) { tx in
                            try await writer.store(request.messages, into: request.store, in: tx)
                        }
                        request.continuation.resume(returning: result)
                    } catch {
                        request.continuation.resume(throwing: error)
                    }
                }
            }
        }
        draining = false
    }

    /// Stores several requests' messages with one batch per store, then tells each request which of its messages
    /// were new: the first request to carry an external id gets it, later ones see a duplicate.
    static func storeTogether(
        _ requests: [(IngestingStore, [IncomingMessage])], writer: IngestWriter, in tx: WriteContext
    ) async throws -> [IngestResult] {
        var stores: [UUID: IngestingStore] = [:]
        var messagesByStore: [UUID: [IncomingMessage]] = [:]
        for (store, messages) in requests {
            stores[store.storeID] = store
            messagesByStore[store.storeID, default: []].append(contentsOf: messages)
        }
        var newlyStored: [UUID: Set<String>] = [:]
        for (storeID, messages) in messagesByStore {
            guard let store = stores[storeID] else { continue }
            let result = try await writer.store(messages, into: store, in: tx)
            newlyStored[storeID] = result.storedIDs
        }
        var claimed: [UUID: Set<String>] = [:]
        return requests.map { store, messages in
            var accepted = 0
            var duplicates: [String] = []
            for message in messages {
                let isNew = newlyStored[store.storeID]?.contains(message.externalID) ?? false
                if isNew, claimed[store.storeID, default: []].insert(message.externalID).inserted {
                    accepted += 1
                } else {
                    duplicates.append(message.externalID)
                }
            }
            return IngestResult(accepted: accepted, duplicates: duplicates)
        }
    }
}
