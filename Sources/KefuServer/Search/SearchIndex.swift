import Foundation
import KefuCore
import SQLKit

/// Full-text search over message bodies; the only place that knows how each database stores the index.
///
/// Rows hold `SearchTerms` plus one term naming the workspace, so the index itself keeps tenants apart. SQLite keeps
/// them in an FTS5 table and answers a query as FTS5 phrases; PostgreSQL keeps them in a `text[]` column under a GIN
/// index and answers with array containment, re-checking longer CJK phrases against the body because containment
/// does not see the order of terms. Both number rows in insertion order, so the newest matches come first.
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
                    insert = insert.values(
                        message.id, message.conversationID,
                        [workspaceTerm(message.workspaceID)] + SearchTerms.termList(message.body))
                } else {
                    insert = insert.values(
                        workspaceTerm(message.workspaceID) + " " + SearchTerms.indexed(message.body),
                        message.conversationID)
                }
            }
            try await insert.run()
        }
    }

    /// The newest `limit` messages of the workspace matching `query`, older than `before` when given.
    static func hits(
        _ query: SearchTerms.Query, workspace: UUID, before: Int64?, limit: Int, on db: any SQLDatabase
    ) async throws -> [Hit] {
        let sql: SQLQueryString
        if db.dialect.name == "postgresql" {
            let needsRecheck = query.phrases.contains { $0.count > 1 }
            var pg: SQLQueryString = "SELECT s.seq AS position, s.conversation_id FROM message_search s"
            if needsRecheck { pg = pg + " JOIN messages m ON m.id = s.message_id" }
            pg = pg + " WHERE s.terms @> \(bind: [workspaceTerm(workspace)] + query.allTerms)::text[]"
            if needsRecheck {
                for part in query.parts { pg = pg + " AND strpos(lower(m.body), \(bind: part)) > 0" }
            }
            if let before { pg = pg + " AND s.seq < \(bind: before)" }
            sql = pg + " ORDER BY s.seq DESC LIMIT \(unsafeRaw: String(limit))"
        } else {
            let match = "\"\(workspaceTerm(workspace))\" " + query.fts5
            var lite: SQLQueryString =
                "SELECT rowid AS position, conversation_id FROM message_search WHERE message_search MATCH \(bind: match)"
            if let before { lite = lite + " AND rowid < \(bind: before)" }
            sql = lite + " ORDER BY rowid DESC LIMIT \(unsafeRaw: String(limit))"
        }
        return try await db.raw(sql).all().map { row in
            Hit(
                position: try row.decode(column: "position", as: Int64.self),
                conversationID: try row.decode(column: "conversation_id", as: UUID.self))
        }
    }
}
