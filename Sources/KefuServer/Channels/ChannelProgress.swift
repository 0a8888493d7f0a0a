import Fluent
import Foundation
import SQLKit

/// What a running channel writes about itself: status, error, sync progress and its cursor. These columns belong to
/// the runtime; admins' changes go through `ChannelService`.
struct ChannelProgress: Sendable {
    let db: any Database
    let transactions: WriteTransactions

    func cursor(of channel: UUID) async throws -> String? {
        try await db.sql.raw("SELECT cursor FROM channels WHERE id = \(bind: channel)").first()?
            .decode(column: "cursor", as: String?.self)
    }

    private func write(_ statement: @escaping @Sendable (Date) -> SQLQueryString) async throws {
        try await transactions.run(on: db) { tx in try await tx.sql.raw(statement(tx.now)).run() }
    }

    func syncing(_ channel: UUID, backlog: Int) async throws {
        try await write { now in """
            UPDATE channels SET status = 'syncing', backlog = \(bind: backlog), last_error = NULL
            WHERE id = \(bind: channel) AND enabled = \(bind: true)
            """ }
    }

    /// After a batch is stored: the cursor moves past it.
    func advanced(_ channel: UUID, cursor: String, stored: Int, backlog: Int) async throws {
        try await write { now in """
            UPDATE channels SET cursor = \(bind: cursor), synced = synced + \(bind: stored), backlog = \(bind: backlog),
            last_sync_at = \(bind: now) WHERE id = \(bind: channel)
            """ }
    }

    func connected(_ channel: UUID) async throws {
        try await write { now in """
            UPDATE channels SET status = 'connected', backlog = 0, last_error = NULL, last_sync_at = \(bind: now)
            WHERE id = \(bind: channel) AND enabled = \(bind: true)
            """ }
    }

    func failed(_ channel: UUID, error: String) async throws {
        try await write { now in """
            UPDATE channels SET status = 'error', last_error = \(bind: String(error.prefix(1_000)))
            WHERE id = \(bind: channel) AND enabled = \(bind: true)
            """ }
    }
}
