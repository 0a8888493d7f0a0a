import Foundation
import KefuCore
import SQLKit

/// `conversation_keys`, the one search box's index of names, subjects and order numbers (`ConversationKeys`): written
/// by `ConversationStore.save` whenever one of the three changes, read as one `c.id IN (…)` condition. Plain rows and
/// B-tree ranges, the same SQL on both databases (the key column compares bytes: PostgreSQL's is `COLLATE "C"`).
enum ConversationKeysIndex {
    /// Rewrites the keys of `records`; those in `fresh` are new and have none yet.
    static func write(_ records: [ConversationRecord], fresh: Set<UUID>, on db: any SQLDatabase) async throws {
        guard !records.isEmpty else { return }
        let stale = records.map(\.id).filter { !fresh.contains($0) }
        for chunk in stale.chunked(by: 500) {
            try await db.raw("DELETE FROM conversation_keys WHERE conversation_id IN (\(binds: Array(chunk)))").run()
        }
        var rows: [(UUID, String, UUID)] = []
        for record in records {
            for key in ConversationKeys.keys(
                customerName: record.customerName, subject: record.state.subject, orderNumber: record.state.orderNumber)
            {
                rows.append((record.workspaceID, key, record.id))
            }
        }
        for chunk in rows.chunked(by: 500) {
            var insert = db.insert(into: "conversation_keys").columns("workspace_id", "key", "conversation_id")
            for row in chunk { insert = insert.values(row.0, row.1, row.2) }
            try await insert.run()
        }
    }

    /// How many matching conversations `candidates` lists by id; beyond that a list reads the index as a condition.
    static let candidateLimit = 2_000

    /// `c.id IN (…)`: the conversations of `workspace` whose keys match `query`.
    static func condition(_ query: ConversationKeys.Query, workspace: UUID) -> SQLQueryString {
        guard let select = select(query, workspace: workspace) else { return "1 = 0" }
        return "c.id IN (" + select + ")"
    }

    /// The ids of the conversations matching `query`, or nil when more than `candidateLimit` do. A short list of ids
    /// lets the database start from them; as a subquery, the planner may instead walk the whole list's order index
    /// looking for the few that match (65 ms for an order number's start at 100,000 conversations).
    static func candidates(_ query: ConversationKeys.Query, workspace: UUID, on db: any SQLDatabase) async throws -> [UUID]? {
        let limit: SQLQueryString = "\(unsafeRaw: String(candidateLimit + 1))"
        func ids(_ select: SQLQueryString) async throws -> [UUID]? {
            let rows = try await db.raw(select + " LIMIT " + limit).all()
            guard rows.count <= candidateLimit else { return nil }
            return try rows.map { try $0.decode(column: "conversation_id", as: UUID.self) }
        }
        func keys(_ condition: SQLQueryString) -> SQLQueryString {
            "SELECT k.conversation_id FROM conversation_keys k WHERE k.workspace_id = \(bind: workspace) AND " + condition
        }
        var found = Set<UUID>()
        for prefix in [query.orderPrefix].compactMap({ $0 }) + query.digitRuns {
            guard let matched = try await ids(keys("k.key >= \(bind: prefix) AND k.key < \(bind: prefix + "\u{10FFFF}")")) else {
                return nil
            }
            found.formUnion(matched)
        }
        if let words = wordsSelect(query, workspace: workspace) {
            guard let matched = try await ids(words) else { return nil }
            found.formUnion(matched)
        }
        return found.count <= candidateLimit ? Array(found) : nil
    }

    private static func select(_ query: ConversationKeys.Query, workspace: UUID) -> SQLQueryString? {
        func keys(_ condition: SQLQueryString) -> SQLQueryString {
            "SELECT k.conversation_id FROM conversation_keys k WHERE k.workspace_id = \(bind: workspace) AND " + condition
        }
        // No key holds a character above U+10FFFF, so this bounds every key that starts with `prefix`.
        func starting(_ prefix: String) -> SQLQueryString {
            keys("k.key >= \(bind: prefix) AND k.key < \(bind: prefix + "\u{10FFFF}")")
        }
        func all(_ selects: [SQLQueryString]) -> SQLQueryString {
            var sql: SQLQueryString = "SELECT g.conversation_id FROM ("
            for (index, select) in selects.enumerated() { sql = sql + (index == 0 ? "" : " INTERSECT ") + select }
            return sql + ") g"
        }
        var parts: [SQLQueryString] = []
        if let prefix = query.orderPrefix { parts.append(starting(prefix)) }
        for run in query.digitRuns { parts.append(starting(run)) }
        if let words = wordsSelect(query, workspace: workspace) { parts.append(words) }
        guard !parts.isEmpty else { return nil }
        var sql: SQLQueryString = ""
        for (index, part) in parts.enumerated() { sql = sql + (index == 0 ? "" : " UNION ") + part }
        return sql
    }

    /// Conversations whose name and subject hold every word of the query, the last one by its start.
    private static func wordsSelect(_ query: ConversationKeys.Query, workspace: UUID) -> SQLQueryString? {
        guard let last = query.lastWordPrefix else { return nil }
        func keys(_ condition: SQLQueryString) -> SQLQueryString {
            "SELECT k.conversation_id FROM conversation_keys k WHERE k.workspace_id = \(bind: workspace) AND " + condition
        }
        var sql: SQLQueryString = "SELECT g.conversation_id FROM ("
        let selects = query.words.map { keys("k.key = \(bind: $0)") }
            + [keys("k.key >= \(bind: last) AND k.key < \(bind: last + "\u{10FFFF}")")]
        for (index, select) in selects.enumerated() { sql = sql + (index == 0 ? "" : " INTERSECT ") + select }
        return sql + ") g"
    }
}
