import Fluent
import Foundation
import KefuCore
import SQLKit
import Vapor

/// What an ingest call did: how many messages were stored now, and which were already stored before.
struct IngestResult: Sendable {
    var accepted: Int
    var duplicates: [String]
    /// The external ids this call stored.
    var storedIDs: Set<String> = []
}

/// Takes messages a connector delivers from a marketplace: checks every field, then hands them to the coalescer,
/// which stores them (`IngestWriter`) exactly once per (store, externalID) in a transaction committed before the caller
/// answers.
struct IngestService {
    let coalescer: IngestCoalescer
    let clock: KefuClock

    func ingest(_ messages: [IncomingMessage], into store: IngestingStore) async throws -> IngestResult {
        for (index, message) in messages.enumerated() {
            try IngestLimits.validate(message, at: messages.count == 1 ? "message" : "messages[\(index)]")
        }
        return try await coalescer.ingest(messages, into: store)
    }
}
