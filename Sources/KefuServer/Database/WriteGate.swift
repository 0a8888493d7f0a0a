import Fluent
import Vapor
import Foundation
import SQLKit

/// Serializes writes that SQLite cannot run side by side.
///
/// SQLite allows one writer at a time; two connections that both upgrade a read transaction to a write one fail with
/// `SQLITE_BUSY` instead of waiting. One in-process queue avoids that. On PostgreSQL writers run in parallel and
/// coordinate through row locks and advisory locks instead, which also holds across several Kefu instances.
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

    var isPostgres: Bool { sql.dialect.name == "postgresql" }

    /// `FOR UPDATE` where the database has row locks; SQLite's single writer already excludes other writers.
    var rowLock: String { isPostgres ? " FOR UPDATE" : "" }
}

extension Application {
    /// Runs `body` in one transaction that is committed before this returns: a caller that answers after this call
    /// answers only about durable data.
    func writeTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        let onSQLite = kefu.databaseKind == .sqlite
        if onSQLite { await writeGate.acquire() }
        do {
            let batch = LiveBatch()
            let channel = onSQLite ? nil : LiveFanOut.channel(schema: kefu.postgresSchema)
            let origin = liveEvents.instanceID
            let result = try await db.transaction { db in
                // Set inside the closure: Fluent runs it in a task of its own, which would not inherit the value.
                try await LiveBatch.$current.withValue(batch) {
                    let result = try await body(db)
                    if let channel, !batch.events.isEmpty {
                        try await LiveFanOut.notify(batch.events, from: origin, channel: channel, on: db.sql)
                    }
                    return result
                }
            }
            if onSQLite { await writeGate.release() }
            liveEvents.publish(batch.events)
            return result
        } catch {
            if onSQLite { await writeGate.release() }
            throw error
        }
    }
}
