import Foundation
import KefuCore
import SQLKit

/// Full-text search over message bodies, one implementation per database, chosen once at start
/// (`SearchIndexes.for(postgres:)`): the only code that knows how each database stores the index.
///
/// Both number rows in insertion order, so the newest matches come first.
protocol SearchIndex: Sendable {
    /// Indexes new messages, inside the transaction that stores them.
    func add(_ messages: [MessageRecord], on db: any SQLDatabase) async throws

    /// The newest `limit` messages of the workspace matching `query`, older than `before` when given.
    func window(
        _ query: SearchTerms.Query, workspace: UUID, before: Int64?, limit: Int, on db: any SQLDatabase
    ) async throws -> SearchWindow
}

/// A matching message: its position in the index and its conversation.
struct SearchHit: Sendable {
    let position: Int64
    let conversationID: UUID

    /// From a row with `position` and `conversation_id`, as both indexes select them.
    init(row: any SQLRow) throws {
        position = try row.decode(column: "position", as: Int64.self)
        conversationID = try row.decode(column: "conversation_id", as: UUID.self)
    }
}

/// One step back through the index: the matches, and where the step ended.
struct SearchWindow: Sendable {
    var hits: [SearchHit]
    /// The oldest position the step read; the next step starts below it.
    var lastPosition: Int64?
    /// Whether the step read to the oldest match.
    var reachedEnd: Bool
}

enum SearchIndexes {
    /// How many matching messages the first step of a search reads, newest first, and the most any step reads;
    /// steps grow fourfold, since most pages fill from the newest few hundred matches.
    static let firstWindow = 256
    static let maxWindow = 4_096

    static func `for`(postgres: Bool) -> any SearchIndex {
        postgres ? PostgresSearchIndex() : SQLiteSearchIndex()
    }
}
