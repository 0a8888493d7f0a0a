import Foundation
import KefuCore
import NIOConcurrencyHelpers
import SQLKit

/// PostgreSQL keeps the terms in a `text[]` column under a GIN index and answers with array containment. It gets no
/// workspace term (a term in every row makes GIN intersect a posting list of every message: 42 → 111 ms at 1M
/// messages), so a window may hold other workspaces' matches, which are dropped when conversations are loaded with the
/// viewer's scope. Containment does not see the order of terms, so phrases longer than one term are re-checked
/// against the bodies here.
///
/// Newest first is read two ways. For terms in most messages the primary key is walked backwards until a window is
/// full. For the rest it would walk the whole table (a five-digit number in no message: 0.8 s at 1M messages), so
/// the GIN index finds every match and they are sorted; which terms are common, PostgreSQL's own statistics say
/// (`pg_stats.most_common_elems`, `CommonTerms`), since its planner estimates every term alike.
struct PostgresSearchIndex: SearchIndex {
    let commonTerms = CommonTerms()

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
        var matching: SQLQueryString =
            "SELECT s.seq AS position, s.conversation_id, s.message_id FROM message_search s WHERE s.terms @> \(bind: query.allTerms)::text[]"
        if let before { matching = matching + " AND s.seq < \(bind: before)" }
        let common = try await commonTerms.current(on: db)
        // `OFFSET 0` keeps the planner from walking the primary key for the `ORDER BY`: the GIN index answers first.
        let sql: SQLQueryString = query.allTerms.allSatisfy(common.contains)
            ? matching + " ORDER BY s.seq DESC LIMIT \(unsafeRaw: String(limit))"
            : "SELECT * FROM (" + matching + " OFFSET 0) s ORDER BY s.position DESC LIMIT \(unsafeRaw: String(limit))"
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

/// The terms PostgreSQL's statistics list as the most common in `message_search` (a few hundred, each in a few percent
/// of messages or more), read again every ten minutes. Empty before the table is first analysed: every term is then
/// looked up through the GIN index, which is right for a small table.
final class CommonTerms: Sendable {
    private let cached = NIOLockedValueBox<(terms: Set<String>, readAt: ContinuousClock.Instant)?>(nil)
    static let refresh: Duration = .seconds(600)

    func current(on db: any SQLDatabase) async throws -> Set<String> {
        let now = ContinuousClock.now
        if let cached = cached.withLockedValue({ $0 }), now - cached.readAt < Self.refresh { return cached.terms }
        let row = try await db.raw("""
            SELECT most_common_elems::text::text[] AS terms FROM pg_stats
            WHERE schemaname = current_schema() AND tablename = 'message_search' AND attname = 'terms'
            """).first()
        let terms = Set(try row?.decode(column: "terms", as: [String]?.self) ?? [])
        cached.withLockedValue { $0 = (terms, now) }
        return terms
    }
}
