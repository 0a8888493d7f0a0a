import Fluent
import SQLKit

/// The full-text index over message bodies, in each database's own form (see `SearchTerms` for what is indexed).
struct CreateMessageSearch: AsyncMigration {
    func prepare(on database: any Database) async throws {
        if database.isPostgres {
            try await database.sql.raw("""
                CREATE TABLE message_search (
                    message_id UUID PRIMARY KEY REFERENCES messages (id),
                    conversation_id UUID NOT NULL REFERENCES conversations (id),
                    terms TEXT[] NOT NULL)
                """).run()
            try await database.sql.raw("CREATE INDEX message_search_terms ON message_search USING GIN (terms)").run()
        } else {
            // Rowids grow with insertion, so `ORDER BY rowid DESC` walks the newest matches first.
            try await database.sql.raw("""
                CREATE VIRTUAL TABLE message_search USING fts5(
                    terms, conversation_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')
                """).run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DROP TABLE message_search").run()
    }
}
