import Fluent
import Foundation
import KefuCore
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Writes bulk exports in the background, one at a time per instance: claims the oldest waiting one (or one whose
/// runner stopped beating — a crashed or stopped instance), lists the conversations it names with its requester's
/// scope, and writes each one's complete record into parts of about a megabyte, saving progress with each part.
struct BulkExportRunner: Sendable {
    let deps: Dependencies
    /// Identifies this process in `bulk_exports.holder`.
    let holder: String

    /// A part is saved once it holds this many bytes, or this many conversations.
    static let partBytes = 1 << 20
    static let partConversations = 200
    /// A running export whose runner has not saved a part for this long is taken over.
    static let staleAfter: TimeInterval = 120

    /// Writes the next waiting export; false when none waits.
    @discardableResult
    func runNext() async throws -> Bool {
        let db = try deps.database.open()
        guard try await db.sql.raw(
            "SELECT id FROM bulk_exports WHERE state IN ('queued', 'running') LIMIT 1"
        ).first() != nil else { return false }
        guard let job = try await claim(on: db) else { return false }
        do {
            try await write(job, on: db)
        } catch is Abandoned {
            // Removed, or taken over by another instance after this one stalled: theirs now.
        } catch {
            let message = (error as? KefuError)?.message ?? "\(error)"
            deps.database.logger.error("Bulk export \(job.id) failed: \(message)")
            try await db.sql.raw("""
                UPDATE bulk_exports SET state = 'failed', error = \(bind: message), finished_at = \(bind: deps.clock.now())
                WHERE id = \(bind: job.id) AND holder = \(bind: holder)
                """).run()
        }
        return true
    }

    /// Removes exports whose file has expired.
    func removeExpired() async throws {
        let db = try deps.database.open()
        let expired = try await db.sql.raw(
            "SELECT id FROM bulk_exports WHERE expires_at < \(bind: deps.clock.now()) LIMIT 100"
        ).all().map { try $0.decode(column: "id", as: UUID.self) }
        for id in expired {
            try await deps.transactions.run(on: db) { tx in
                try await tx.sql.raw("DELETE FROM bulk_export_parts WHERE export_id = \(bind: id)").run()
                try await tx.sql.raw("DELETE FROM bulk_exports WHERE id = \(bind: id)").run()
            }
        }
    }

    private struct Job {
        let id: UUID
        let requestedBy: UUID
        let format: BulkExports.Format
        let parameters: [String: String]
    }

    private struct Abandoned: Error {}

    private func claim(on db: any Database) async throws -> Job? {
        let holder = holder
        return try await deps.transactions.run(on: db) { tx in
            let stale = tx.now.addingTimeInterval(-Self.staleAfter)
            let claimable: SQLQueryString =
                "(state = 'queued' OR (state = 'running' AND heartbeat_at < \(bind: stale)))"
            // The condition is checked again on the row itself, so two instances never both take one export.
            try await tx.sql.raw("""
                UPDATE bulk_exports SET state = 'running', holder = \(bind: holder), heartbeat_at = \(bind: tx.now),
                started_at = \(bind: tx.now), total = NULL, done = 0, bytes = 0
                WHERE id = (SELECT id FROM bulk_exports WHERE \(claimable) ORDER BY created_at LIMIT 1) AND \(claimable)
                """).run()
            guard let row = try await tx.sql.raw("""
                SELECT id, requested_by, format, parameters FROM bulk_exports
                WHERE holder = \(bind: holder) AND state = 'running' ORDER BY created_at LIMIT 1
                """).first() else { return nil }
            let id = try row.decode(column: "id", as: UUID.self)
            try await tx.sql.raw("DELETE FROM bulk_export_parts WHERE export_id = \(bind: id)").run()
            let parameters = try row.decode(column: "parameters", as: String.self)
            return Job(
                id: id, requestedBy: try row.decode(column: "requested_by", as: UUID.self),
                format: BulkExports.Format(rawValue: try row.decode(column: "format", as: String.self)) ?? .csv,
                parameters: (try? JSONDecoder().decode([String: String].self, from: Data(parameters.utf8))) ?? [:])
        }
    }

    private func write(_ job: Job, on db: any Database) async throws {
        guard let user = try await UserModel.find(job.requestedBy, on: db) else {
            throw KefuError.forbidden("The person who asked for this export is no longer a user.")
        }
        let viewer = try await Viewer.load(user, on: db)
        try viewer.require(.exportInBulk)
        let ids = try await conversations(job.parameters, for: viewer, on: db)
        try await db.sql.raw("UPDATE bulk_exports SET total = \(bind: ids.count) WHERE id = \(bind: job.id)").run()

        let records = deps.exports(for: viewer, on: db)
        let file = BulkExportFile(format: job.format, stores: try await storeNames(workspace: viewer.workspaceID, on: db))
        var part = file.start()
        var inPart = 0
        var seq = 0
        var done = 0
        var bytes: Int64 = 0
        for id in ids {
            do {
                part += try file.record(try await records.export(id))
            } catch let error as KefuError where error.status == 404 {
                // Gone since it was listed (merged away, or the store left the requester's scope): not exported.
            }
            done += 1
            inPart += 1
            if part.count >= Self.partBytes || inPart >= Self.partConversations {
                bytes += Int64(part.count)
                try await save(part, seq: seq, of: job.id, done: done, bytes: bytes, on: db)
                (part, inPart, seq) = (Data(), 0, seq + 1)
            }
        }
        bytes += Int64(part.count)
        try await save(part, seq: seq, of: job.id, done: done, bytes: bytes, finished: true, on: db)
    }

    /// The conversations the parameters list, as the list endpoint pages through them.
    private func conversations(_ parameters: [String: String], for viewer: Viewer, on db: any Database) async throws -> [UUID] {
        var query = try ConversationListQuery({ parameters[$0] }, viewer: viewer)
        query.limit = ConversationQueryService.maxPageSize
        let queries = deps.queries(on: db)
        var ids: [UUID] = []
        var seen = Set<UUID>()
        while true {
            let page = try await queries.page(query, for: viewer, counting: false)
            for record in page.items where seen.insert(record.id).inserted { ids.append(record.id) }
            guard let next = page.nextCursor else { return ids }
            try query.continueFrom(next)
        }
    }

    private func storeNames(workspace: UUID, on db: any Database) async throws -> [UUID: String] {
        var names: [UUID: String] = [:]
        for row in try await db.sql.raw("SELECT id, name FROM stores WHERE workspace_id = \(bind: workspace)").all() {
            names[try row.decode(column: "id", as: UUID.self)] = try row.decode(column: "name", as: String.self)
        }
        return names
    }

    /// Saves a part with the progress it brings, in one transaction, while the export is still this runner's.
    private func save(
        _ part: Data, seq: Int, of id: UUID, done: Int, bytes: Int64, finished: Bool = false, on db: any Database
    ) async throws {
        let holder = holder
        try await deps.transactions.run(on: db) { tx in
            guard let row = try await tx.sql.raw("SELECT holder FROM bulk_exports WHERE id = \(bind: id)").first(),
                  try row.decode(column: "holder", as: String?.self) == holder
            else { throw Abandoned() }
            if !part.isEmpty || seq == 0 {
                try await tx.sql.insert(into: "bulk_export_parts").columns("id", "export_id", "seq", "data")
                    .values(UUID(), id, seq, part).run()
            }
            var update: SQLQueryString = """
                UPDATE bulk_exports SET done = \(bind: done), bytes = \(bind: bytes), heartbeat_at = \(bind: tx.now)
                """
            if finished {
                update = update + ", state = 'done', finished_at = \(bind: tx.now), expires_at = \(bind: tx.now.addingTimeInterval(BulkExports.keptFor))"
            }
            try await tx.sql.raw(update + " WHERE id = \(bind: id)").run()
        }
    }
}

/// Runs bulk exports while `kefu serve` runs: looks for waiting ones every two seconds (one indexed read when there
/// are none) and removes expired files every ten minutes.
struct BulkExportRunnerLifecycle: LifecycleHandler {
    let deps: Dependencies
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)

    init(_ deps: Dependencies) {
        self.deps = deps
    }

    func didBootAsync(_ application: Application) async throws {
        let runner = BulkExportRunner(
            deps: deps, holder: "\(ProcessInfo.processInfo.hostName):\(getpid()):\(UUID().uuidString.prefix(8))")
        let logger = application.logger
        let running = Task {
            var lastSweep = ContinuousClock.now - .seconds(600)
            while !Task.isCancelled {
                do {
                    while try await runner.runNext(), !Task.isCancelled {}
                    if ContinuousClock.now - lastSweep >= .seconds(600) {
                        try await runner.removeExpired()
                        lastSweep = ContinuousClock.now
                    }
                } catch where !Task.isCancelled {
                    logger.error("Bulk export runner: \(error)")
                } catch {
                    // Stopping: the database went away under the last look.
                }
                try? await Task.sleep(for: .seconds(2))
            }
        }
        task.withLockedValue { $0 = running }
    }

    func shutdownAsync(_ application: Application) async {
        task.withLockedValue { $0?.cancel() }
    }
}
