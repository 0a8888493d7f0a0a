import Foundation
import KefuCore
import SQLKit

/// PostgreSQL keeps the terms in a `text[]` column under a GIN index and answers with array containment. It gets no
/// workspace term (a term in every row makes GIN intersect a posting list of every message: 42 → 111 ms at 1M
/// messages), so a window may hold other workspaces' matches, which are dropped when conversations are loaded with the
/// viewer's scope. Containment does not see the order of terms, so phrases longer than one term are re-checked
/// against the bodies here.
struct PostgresSearchIndex: SearchIndex {
    func add(_ messages: [MessageRecord], on db: any SQLDatabase) async throws {
        for chunk in messages.chunked(by: 1_000) {
            var insert = db.insert(into: "message_search").columns(["message_id", "conversation_id", "terms"])
            for message in chunk {
                insert = insert.values(message.id, message.conversationID, SearchTerms.termList(message.body))
            }
            try await insert.run()
        }
    }

    func window(
        _ query: SearchTerms.Query, workspace: UUID, before: Int64?, limit: Int, on db: any SQLDatabase
    ) async throws -> SearchWindow {
        var sql: SQLQueryString =
            "SELECT s.seq AS position, s.conversation_id, s.message_id FROM message_search s WHERE s.terms @> \(bind: query.allTerms)::text[]"
        if let before { sql = sql + " AND s.seq < \(bind: before)" }
        sql = sql + " ORDER BY s.seq DESC LIMIT \(unsafeRaw: String(limit))"
        let rows = try await db.raw(sql).all()
        var hits = try rows.map(SearchHit.init(row:))
        let lastPosition = hits.last?.position
        if query.phrases.contains(where: { $0.count > 1 }) {
            let messageIDs = try rows.map { try $0.decode(column: "message_id", as: UUID.self) }
            let bodies = try await self.bodies(of: messageIDs, on: db)
            hits = zip(hits, messageIDs).filter { _, id in
                guard let body = bodies[id] else { return false }
                let text = SearchTerms.normalize(body)
                return query.parts.allSatisfy { text.contains($0) }
            }.map(\.0)
        }
        return SearchWindow(hits: hits, lastPosition: lastPosition, reachedEnd: rows.count < limit)
    }

    private func bodies(of ids: [UUID], on db: any SQLDatabase) async throws -> [UUID: String] {
        var bodies: [UUID: String] = [:]
        for chunk in ids.chunked(by: 1_000) {
            for row in try await db.raw("SELECT id, body FROM messages WHERE id IN (\(binds: Array(chunk)))").all() {
                bodies[try row.decode(column: "id", as: UUID.self)] = try row.decode(column: "body", as: String.self)
            }
        }
        return bodies
    }
}
