import Foundation
import KefuCore
import SQLKit

/// Full-text search over message bodies; the only place that knows how each database stores the index.
///
/// SQLite keeps `SearchTerms` in an FTS5 table and answers a query as an FTS5 phrase. PostgreSQL keeps them in a
/// `text[]` column under a GIN index and answers with array containment, re-checking longer CJK phrases against the
/// body because containment does not see the order of terms.
enum SearchIndex {
    static func add(_ messages: [MessageRecord], on db: any SQLDatabase) async throws {
        guard !messages.isEmpty else { return }
        if db.dialect.name == "postgresql" {
            for chunk in messages.chunked(by: 1_000) {
                var insert = db.insert(into: "message_search").columns("message_id", "conversation_id", "terms")
                for message in chunk {
                    insert = insert.values(message.id, message.conversationID, SearchTerms.termList(message.body))
                }
                try await insert.run()
            }
        } else {
            for chunk in messages.chunked(by: 1_000) {
                var insert = db.insert(into: "message_search").columns("terms", "conversation_id")
                for message in chunk {
                    insert = insert.values(SearchTerms.indexed(message.body), message.conversationID)
                }
                try await insert.run()
            }
        }
    }

    /// A condition on `c.id` that holds for conversations with a message matching `query`.
    static func matchingConversations(_ query: SearchTerms.Query, on db: any SQLDatabase) -> SQLQueryString {
        if db.dialect.name == "postgresql" {
            var condition: SQLQueryString =
                "c.id IN (SELECT s.conversation_id FROM message_search s"
            let needsRecheck = query.phrases.contains { $0.count > 1 }
            if needsRecheck { condition = condition + " JOIN messages m ON m.id = s.message_id" }
            condition = condition + " WHERE s.terms @> \(bind: query.allTerms)::text[]"
            if needsRecheck {
                for part in query.parts {
                    condition = condition + " AND strpos(lower(m.body), \(bind: part)) > 0"
                }
            }
            return condition + ")"
        }
        return "c.id IN (SELECT conversation_id FROM message_search WHERE message_search MATCH \(bind: query.fts5))"
    }
}
