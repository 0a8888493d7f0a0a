import Fluent
import Foundation
import SQLKit

/// The chats a marketplace channel follows (`channel_threads`): how far each was read, which ones a push marked, and
/// which ones the store's agents have read since the platform was last told.
struct ChannelThreads: Sendable {
    let db: any Database
    let transactions: WriteTransactions
    let channel: UUID

    /// Each known chat's cursor, the platform's id of the newest message stored.
    func cursors() async throws -> [String: String] {
        let rows = try await db.sql.raw(
            "SELECT thread_id, cursor FROM channel_threads WHERE channel_id = \(bind: channel)").all()
        var cursors: [String: String] = [:]
        for row in rows {
            if let cursor = try row.decode(column: "cursor", as: String?.self) {
                cursors[try row.decode(column: "thread_id", as: String.self)] = cursor
            }
        }
        return cursors
    }

    /// A push said the chat has news: stored before the push is acknowledged, read by whichever instance runs the
    /// channel.
    static func markPending(_ thread: String, channel: UUID, transactions: WriteTransactions, on db: any Database) async throws {
        try await transactions.run(on: db) { tx in
            try await tx.sql.raw("""
                INSERT INTO channel_threads (channel_id, thread_id, pending, pushed_at, updated_at)
                VALUES (\(bind: channel), \(bind: thread), \(bind: true), \(bind: tx.now), \(bind: tx.now))
                ON CONFLICT (channel_id, thread_id) DO UPDATE SET pending = \(bind: true), pushed_at = \(bind: tx.now)
                """).run()
        }
    }

    func hasPending() async throws -> Bool {
        try await db.sql.raw("""
            SELECT 1 AS found FROM channel_threads WHERE channel_id = \(bind: channel) AND pending = \(bind: true) LIMIT 1
            """).first() != nil
    }

    /// Takes the chats pushes marked: they are unmarked now, and a push that comes while they are read marks them
    /// again.
    func takePending() async throws -> [String] {
        let channel = channel
        return try await transactions.run(on: db) { tx in
            let rows = try await tx.sql.raw("""
                UPDATE channel_threads SET pending = \(bind: false)
                WHERE channel_id = \(bind: channel) AND pending = \(bind: true) RETURNING thread_id
                """).all()
            return try rows.map { try $0.decode(column: "thread_id", as: String.self) }
        }
    }

    /// After the messages up to them are stored: the chats' cursors move.
    func advance(_ cursors: [(thread: String, cursor: String)]) async throws {
        guard !cursors.isEmpty else { return }
        let channel = channel
        try await transactions.run(on: db) { tx in
            for (thread, cursor) in cursors {
                try await tx.sql.raw("""
                    INSERT INTO channel_threads (channel_id, thread_id, cursor, pending, updated_at)
                    VALUES (\(bind: channel), \(bind: thread), \(bind: cursor), \(bind: false), \(bind: tx.now))
                    ON CONFLICT (channel_id, thread_id) DO UPDATE SET cursor = \(bind: cursor), updated_at = \(bind: tx.now)
                    """).run()
            }
        }
    }

    /// Chats whose conversation an agent has read past what the platform was told: `(chat, newest message id)`.
    func readByAgents(store: UUID, prefix: String) async throws -> [(thread: String, cursor: String)] {
        let rows = try await db.sql.raw("""
            SELECT t.thread_id, t.cursor FROM channel_threads t
            JOIN conversations c ON c.store_id = \(bind: store) AND c.external_id = \(bind: prefix) || t.thread_id
            WHERE t.channel_id = \(bind: channel) AND c.unread = \(bind: false) AND t.cursor IS NOT NULL
            AND (t.read_cursor IS NULL OR t.read_cursor <> t.cursor)
            """).all()
        return try rows.map {
            (try $0.decode(column: "thread_id", as: String.self), try $0.decode(column: "cursor", as: String.self))
        }
    }

    func markToldRead(_ thread: String, cursor: String) async throws {
        let channel = channel
        try await transactions.run(on: db) { tx in
            try await tx.sql.raw("""
                UPDATE channel_threads SET read_cursor = \(bind: cursor)
                WHERE channel_id = \(bind: channel) AND thread_id = \(bind: thread)
                """).run()
        }
    }
}
