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
        var found = Set<UUID>()
        for select in lookups(query, workspace: workspace) {
            let rows = try await db.raw(select + " LIMIT \(unsafeRaw: String(candidateLimit + 1))").all()
            guard rows.count <= candidateLimit else { return nil }
            found.formUnion(try rows.map { try $0.decode(column: "conversation_id", as: UUID.self) })
        }
        return found.count <= candidateLimit ? Array(found) : nil
    }

    private static func select(_ query: ConversationKeys.Query, workspace: UUID) -> SQLQueryString? {
        let parts = lookups(query, workspace: workspace)
        return parts.isEmpty ? nil : joined(parts, by: " UNION ")
    }

    /// One select per way the query finds conversations: an order number's start, each run of digits, and the
    /// name and subject holding every word (the last one by its start).
    private static func lookups(_ query: ConversationKeys.Query, workspace: UUID) -> [SQLQueryString] {
        var parts = ([query.orderPrefix].compactMap { $0 } + query.digitRuns).map { starting($0, workspace: workspace) }
        if let last = query.lastWordPrefix {
            let every = query.words.map { keys("k.key = \(bind: $0)", workspace: workspace) } + [starting(last, workspace: workspace)]
            parts.append("SELECT g.conversation_id FROM (" + joined(every, by: " INTERSECT ") + ") g")
        }
        return parts
    }

    private static func keys(_ condition: SQLQueryString, workspace: UUID) -> SQLQueryString {
        "SELECT k.conversation_id FROM conversation_keys k WHERE k.workspace_id = \(bind: workspace) AND " + condition
    }

    /// No key holds a character above U+10FFFF, so this bounds every key that starts with `prefix`.
    private static func starting(_ prefix: String, workspace: UUID) -> SQLQueryString {
        keys("k.key >= \(bind: prefix) AND k.key < \(bind: prefix + "\u{10FFFF}")", workspace: workspace)
    }

    private static func joined(_ selects: [SQLQueryString], by operator: String) -> SQLQueryString {
        var sql: SQLQueryString = ""
        for (index, select) in selects.enumerated() { sql = sql + (index == 0 ? "" : "\(unsafeRaw: `operator`)") + select }
        return sql
    }
}
