import Foundation
import SQLKit

/// How writers of conversations keep out of each other's way on each database: the one place that knows.
///
/// SQLite has one writer at a time (`WriteGate`), so it needs no locks. PostgreSQL runs writers side by side, and
/// several Kefu instances may share it: agent actions lock their conversation row, ingest takes a per-store advisory
/// lock (two instances never race on the same store's conversations), and the SLA monitor skips rows another writer
/// holds.
enum ConversationLocking: Sendable {
    case none
    case postgres

    init(postgres: Bool) {
        self = postgres ? .postgres : .none
    }

    /// Appended to a `SELECT` of rows about to be changed.
    var forUpdate: SQLQueryString {
        switch self {
        case .none: ""
        case .postgres: " FOR UPDATE"
        }
    }

    /// For a batch of rows about to be changed, locked in one order so two batches cannot deadlock.
    var forUpdateInIDOrder: SQLQueryString {
        switch self {
        case .none: ""
        case .postgres: " ORDER BY c.id FOR UPDATE"
        }
    }

    /// For background passes, which leave rows that a writer holds to the next pass.
    var forUpdateSkipLocked: SQLQueryString {
        switch self {
        case .none: ""
        case .postgres: " FOR UPDATE SKIP LOCKED"
        }
    }

    /// Ingest for one store at a time, across every instance, until the transaction ends.
    func lockStoreForIngest(_ storeID: UUID, on db: any SQLDatabase) async throws {
        switch self {
        case .none: return
        case .postgres:
            try await db.raw("SELECT pg_advisory_xact_lock(hashtextextended(\(bind: storeID.uuidString), 0))").run()
        }
    }

    /// The columns of a `FROM (VALUES …) AS v` list: PostgreSQL names them in the alias, SQLite calls them
    /// column1, column2, ….
    func valuesAlias(_ names: [String]) -> (alias: SQLQueryString, columns: [String]) {
        switch self {
        case .none: ("v", names.indices.map { "column\($0 + 1)" })
        case .postgres: ("v(\(unsafeRaw: names.joined(separator: ", ")))", names)
        }
    }
}
