import Fluent
import Foundation
import SQLKit

/// One write transaction as its work sees it: the transaction's database, the instant the action happens at (read
/// once, so the save, its messages and its audit event agree), and the live events that leave when it commits.
struct WriteContext: Sendable {
    /// The transaction, for Fluent models.
    let db: any Database
    let now: Date
    let live: LiveBatch

    /// The transaction, for SQL.
    var sql: any SQLDatabase { db.sql }
}

/// Runs write transactions: each commits before `run` returns, so a caller that answers afterwards answers only about
/// durable data; live events are published after the commit and never for a rollback.
///
/// SQLite allows one writer at a time, and two connections that both upgrade a read transaction to a write one fail
/// with `SQLITE_BUSY` instead of waiting, so on SQLite every write passes one in-process `WriteGate`. On PostgreSQL
/// writers run in parallel and coordinate through row and advisory locks (which hold across instances too), and the
/// events also go out by `pg_notify` inside the transaction, which PostgreSQL delivers at commit to every instance.
struct WriteTransactions: Sendable {
    let gate: WriteGate?
    let live: LiveEvents
    /// The NOTIFY channel on PostgreSQL; nil on SQLite.
    let fanOutChannel: String?
    let clock: KefuClock

    func run<T: Sendable>(
        on db: any Database, at instant: Date? = nil, _ body: @escaping @Sendable (WriteContext) async throws -> T
    ) async throws -> T {
        if let gate { await gate.acquire() }
        do {
            let batch = LiveBatch()
            let now = instant ?? clock.now()
            let channel = fanOutChannel
            let origin = live.instanceID
            let result = try await db.transaction { db in
                let result = try await body(WriteContext(db: db, now: now, live: batch))
                if let channel, !batch.events.isEmpty {
                    try await LiveFanOut.notify(batch.events, from: origin, channel: channel, on: db.sql)
                }
                return result
            }
            if let gate { await gate.release() }
            live.publish(batch.events)
            return result
        } catch {
            if let gate { await gate.release() }
            throw error
        }
    }
}

/// Serializes writes that SQLite cannot run side by side (see `WriteTransactions`).
actor WriteGate {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty {
            busy = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}

extension Database {
    var sql: any SQLDatabase {
        // Every driver Kefu configures is SQL-backed.
        self as! any SQLDatabase
    }
}
