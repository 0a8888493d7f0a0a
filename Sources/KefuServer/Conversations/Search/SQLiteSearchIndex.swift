import Foundation
import KefuCore
import SQLKit

/// SQLite keeps `SearchTerms` in an FTS5 table, plus one term naming the workspace so the index itself keeps tenants
/// apart, and answers a query as FTS5 phrases.
struct SQLiteSearchIndex: SearchIndex {
    static func workspaceTerm(_ workspace: UUID) -> String {
        "ws" + workspace.uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }

    func add(_ messages: [MessageRecord], on db: any SQLDatabase) async throws {
        for chunk in messages.chunked(by: 1_000) {
            var insert = db.insert(into: "message_search").columns(["terms", "conversation_id"])
            for message in chunk {
                insert = insert.values(
                    Self.workspaceTerm(message.workspaceID) + " " + SearchTerms.indexed(message.body), message.conversationID)
            }
            try await insert.run()
        }
    }

    func window(
        _ query: SearchTerms.Query, workspace: UUID, before: Int64?, limit: Int, on db: any SQLDatabase
    ) async throws -> SearchWindow {
        let match = "\"\(Self.workspaceTerm(workspace))\" " + query.fts5
        var sql: SQLQueryString =
            "SELECT rowid AS position, conversation_id FROM message_search WHERE message_search MATCH \(bind: match)"
        if let before { sql = sql + " AND rowid < \(bind: before)" }
        sql = sql + " ORDER BY rowid DESC LIMIT \(unsafeRaw: String(limit))"
        let rows = try await db.raw(sql).all()
        let hits = try rows.map(SearchHit.init(row:))
        return SearchWindow(hits: hits, lastPosition: hits.last?.position, reachedEnd: rows.count < limit)
    }
}
