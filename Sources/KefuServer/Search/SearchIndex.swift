import Foundation
import KefuCore
import SQLKit

/// Full-text search over message bodies; the only place that knows how each database stores the index.
///
/// SQLite keeps `SearchTerms` in an FTS5 table, plus one term naming the workspace so the index itself keeps tenants
/// apart, and answers a query as FTS5 phrases. PostgreSQL keeps the terms in a `text[]` column under a GIN index and
/// answers with array containment; it gets no workspace term (a term in every row makes GIN intersect a posting list
/// of every message: 42 → 111 ms at 1M messages), and since containment does not see the order of terms, phrases
/// longer than one term are re-checked against the bodies here. Both number rows in insertion order, so the newest
/// matches come first.
enum SearchIndex {
    /// How many matching messages the first step of a search reads, newest first, and the most any step reads;
    /// steps grow fourfold, since most pages fill from the newest few hundred matches.
    static let firstWindow = 256
    static let maxWindow = 4_096

    /// A matching message: its position in the index and its conversation.
    struct Hit: Sendable {
        let position: Int64
        let conversationID: UUID
    }

    /// One step back through the index: the matches, and where the step ended.
    struct Window: Sendable {
        var hits: [Hit]
        /// The oldest position the step read; the next step starts below it.
        var lastPosition: Int64?
        /// Whether the step read to the oldest match.
        var reachedEnd: Bool
    }

    static func workspaceTerm(_ workspace: UUID) -> String {
        "ws" + workspace.uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }

    static func add(_ messages: [MessageRecord], on db: any SQLDatabase) async throws {
        guard !messages.isEmpty else { return }
        let postgres = db.dialect.name == "postgresql"
        for chunk in messages.chunked(by: 1_000) {
            var insert = db.insert(into: "message_search")
                .columns(postgres ? ["message_id", "conversation_id", "terms"] : ["terms", "conversation_id"])
            for message in chunk {
                if postgres {
                    insert = insert.values(message.id, message.conversationID, SearchTerms.termList(message.body))
                } else {
                    insert = insert.values(
                        workspaceTerm(message.workspaceID) + " " + SearchTerms.indexed(message.body),
                        message.conversationID)
                }
            }
            try await insert.run()
        }
    }

    /// The newest `limit` messages of the workspace matching `query`, older than `before` when given. (On
    /// PostgreSQL the window may hold other workspaces' matches; conversations are scoped when they are loaded.)
    static func window(
        _ query: SearchTerms.Query, workspace: UUID, before: Int64?, limit: Int, on db: any SQLDatabase
    ) async throws -> Window {
        let postgres = db.dialect.name == "postgresql"
        var sql: SQLQueryString
        if postgres {
            sql = "SELECT s.seq AS position, s.conversation_id, s.message_id FROM message_search s WHERE s.terms @> \(bind: query.allTerms)::text[]"
            if let before { sql = sql + " AND s.seq < \(bind: before)" }
            sql = sql + " ORDER BY s.seq DESC LIMIT \(unsafeRaw: String(limit))"
        } else {
            let match = "\"\(workspaceTerm(workspace))\" " + query.fts5
            sql = "SELECT rowid AS position, conversation_id FROM message_search WHERE message_search MATCH \(bind: match)"
            if let before { sql = sql + " AND rowid < \(bind: before)" }
            sql = sql + " ORDER BY rowid DESC LIMIT \(unsafeRaw: String(limit))"
        }
        let rows = try await db.raw(sql).all()
        var hits = try rows.map { row in
            Hit(
                position: try row.decode(column: "position", as: Int64.self),
                conversationID: try row.decode(column: "conversation_id", as: UUID.self))
        }
        let window = Window(hits: hits, lastPosition: hits.last?.position, reachedEnd: rows.count < limit)
        if postgres, query.phrases.contains(where: { $0.count > 1 }) {
            let messageIDs = try rows.map { try $0.decode(column: "message_id", as: UUID.self) }
            let bodies = try await self.bodies(of: messageIDs, on: db)
            hits = zip(hits, messageIDs).filter { _, id in
                guard let body = bodies[id] else { return false }
                let text = SearchTerms.normalize(body)
                return query.parts.allSatisfy { text.contains($0) }
            }.map(\.0)
        }
        return Window(hits: hits, lastPosition: window.lastPosition, reachedEnd: window.reachedEnd)
    }

    private static func bodies(of ids: [UUID], on db: any SQLDatabase) async throws -> [UUID: String] {
        var bodies: [UUID: String] = [:]
        for chunk in ids.chunked(by: 1_000) {
            for row in try await db.raw("SELECT id, body FROM messages WHERE id IN (\(binds: Array(chunk)))").all() {
                bodies[try row.decode(column: "id", as: UUID.self)] = try row.decode(column: "body", as: String.self)
            }
        }
        return bodies
    }
}
