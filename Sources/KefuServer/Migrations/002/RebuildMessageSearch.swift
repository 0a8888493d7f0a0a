import Fluent
import Foundation
import KefuCore
import SQLKit

/// Rebuilds the search index in its second form: a workspace term in every row (the index scopes tenants itself) and,
/// on PostgreSQL, a sequence number so matches can be read newest first. Re-indexes every stored message.
struct RebuildMessageSearch: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        try await sql.raw("DROP TABLE message_search").run()
        if database.isPostgres {
            try await sql.raw("""
                CREATE TABLE message_search (
                    seq BIGSERIAL PRIMARY KEY,
                    message_id UUID NOT NULL UNIQUE REFERENCES messages (id),
                    conversation_id UUID NOT NULL REFERENCES conversations (id),
                    terms TEXT[] NOT NULL)
                """).run()
            try await sql.raw("CREATE INDEX message_search_terms ON message_search USING GIN (terms)").run()
        } else {
            try await sql.raw("""
                CREATE VIRTUAL TABLE message_search USING fts5(
                    terms, conversation_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')
                """).run()
        }
        try await Self.reindex(on: sql, index: SearchIndexes.for(postgres: database.isPostgres))
    }

    /// Feeds every message, oldest first, through the search index.
    static func reindex(on db: any SQLDatabase, index: any SearchIndex) async throws {
        var after: (Date, UUID)?
        while true {
            var query: SQLQueryString = "SELECT * FROM messages"
            if let (sentAt, id) = after {
                query = query + " WHERE sent_at > \(bind: sentAt) OR (sent_at = \(bind: sentAt) AND id > \(bind: id))"
            }
            let rows = try await db.raw(query + " ORDER BY sent_at, id LIMIT 5000").all()
            guard !rows.isEmpty else { return }
            let messages = try rows.map(MessageRecord.init(row:))
            try await index.add(messages, on: db)
            after = messages.last.map { ($0.sentAt, $0.id) }
        }
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DROP TABLE message_search").run()
        try await CreateMessageSearch().prepare(on: database)
        try await Self.reindex(on: database.sql, index: SearchIndexes.for(postgres: database.isPostgres))
    }
}
