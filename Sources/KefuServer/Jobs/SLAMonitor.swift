import Foundation
import KefuCore
import SQLKit
import Vapor

/// Moves waiting conversations to `atRisk` and `overdue` as their deadlines approach, and warns: an event on the live
/// stream of the agents who can see the conversation, an audit event, and a POST to the configured webhook.
///
/// Each pass takes the `sla-monitor` lease first, so with several instances on one PostgreSQL only one of them
/// evaluates and warns; the state change and the audit event commit together, so a warning is never given twice.
struct SLAMonitor {
    let app: Application
    /// Identifies this process in the lease table.
    let holder: String

    static let leaseName = "sla-monitor"
    static let batchSize = 1_000

    /// One pass; returns the warnings it gave, or nil when another instance holds the lease.
    @discardableResult
    func runOnce(leaseFor duration: TimeInterval = 60) async throws -> [LiveEvent]? {
        let now = app.clock.now()
        let acquired = try await app.writeTransaction { db in
            try await JobLease.acquire(Self.leaseName, holder: holder, for: duration, at: now, on: db.sql)
        }
        guard acquired else { return nil }
        while try await advanceStates(at: now) == Self.batchSize {}
        var warnings: [LiveEvent] = []
        while true {
            let batch = try await warn(at: now)
            warnings += batch
            if batch.count < Self.batchSize { break }
        }
        // The warnings reached the browsers with their transactions' live batches.
        if !warnings.isEmpty { await postWebhook(warnings) }
        return warnings
    }

    /// Saves the new state of waits whose at-risk or due instant has passed; returns how many it examined.
    private func advanceStates(at now: Date) async throws -> Int {
        let book = app.policyBook
        return try await app.writeTransaction { db in
            let sql = db.sql
            let lock: SQLQueryString = sql.dialect.name == "postgresql" ? " FOR UPDATE SKIP LOCKED" : ""
            let crossing: SQLQueryString = """
                SELECT \(ConversationRecord.selectList) FROM conversations c WHERE c.status <> 'spam' AND (
                    (c.sla_state = 'running' AND c.sla_at_risk_at <= \(bind: now))
                    OR (c.sla_state IN ('running', 'atRisk') AND c.sla_due_at <= \(bind: now)))
                LIMIT \(unsafeRaw: String(Self.batchSize))
                """
            let records = try await sql.raw(crossing + lock).all().map(ConversationRecord.init(row:))
            guard !records.isEmpty else { return 0 }
            let before = Dictionary(uniqueKeysWithValues: records.map { ($0.id, $0.state) })
            try await sql.save(records, before: before, policies: book, at: now)
            return records.count
        }
    }

    /// Warns about waits that are at risk or overdue and were not warned about in that state yet, whichever path
    /// put them there (the passing of time, a late import, a policy edit). Overdue waits whose deadline passed more
    /// than a week ago, as a backfill of old history brings, are marked without a warning.
    private func warn(at now: Date) async throws -> [LiveEvent] {
        let app = app
        return try await app.writeTransaction { db in
            let sql = db.sql
            let lock: SQLQueryString = sql.dialect.name == "postgresql" ? " FOR UPDATE SKIP LOCKED" : ""
            let unwarned: SQLQueryString = """
                SELECT \(ConversationRecord.selectList) FROM conversations c
                WHERE c.sla_state IN ('atRisk', 'overdue') AND c.status <> 'spam'
                    AND (c.sla_warned_wait IS NULL OR c.sla_warned_wait <> c.sla_started_at OR c.sla_warned_state <> c.sla_state)
                LIMIT \(unsafeRaw: String(Self.batchSize))
                """
            let records = try await sql.raw(unwarned + lock).all().map(ConversationRecord.init(row:))
            guard !records.isEmpty else { return [] }
            let reader = try await SLAReader.load(for: records.map(\.storeID), app: app, on: sql)
            let stale = now.addingTimeInterval(-7 * 86_400)
            var events: [LiveEvent] = []
            for record in records {
                guard let track = record.state.sla else { continue }
                try await sql.raw("""
                    UPDATE conversations SET sla_warned_wait = \(bind: track.startedAt), sla_warned_state = \(bind: track.state.rawValue)
                    WHERE id = \(bind: record.id)
                    """).run()
                guard track.dueAt >= stale else { continue }
                events.append(LiveEvent(
                    type: "sla.\(track.state.rawValue)", workspaceID: record.workspaceID, storeID: record.storeID,
                    conversationID: record.id, platform: record.platform.rawValue, customerName: record.customerName,
                    orderNumber: record.state.orderNumber, dueAt: track.dueAt,
                    remainingSeconds: reader.read(record)?.remainingSeconds, at: now))
                try await AuditLog.record(
                    "sla\(track.state == .atRisk ? "AtRisk" : "Overdue")", conversation: record.id,
                    workspace: record.workspaceID, by: nil,
                    detail: ["policy": track.policy, "dueAt": ISO8601DateFormatter().string(from: track.dueAt)],
                    at: now, on: sql)
            }
            LiveBatch.current?.append(events)
            return events
        }
    }

    /// Best effort: a webhook that is down must not stop the warnings in the workbench; failures are logged.
    private func postWebhook(_ events: [LiveEvent]) async {
        guard let url = app.kefu.slaWebhookURL else { return }
        do {
            let response = try await app.client.post(URI(string: url)) { request in
                try request.content.encode(["events": events], as: .json)
            }
            if response.status.code >= 300 {
                app.logger.warning("SLA webhook answered \(response.status.code)", metadata: ["url": .string(url)])
            }
        } catch {
            app.logger.warning("SLA webhook failed: \(error)", metadata: ["url": .string(url)])
        }
    }
}

/// Runs the monitor every `KEFU_SLA_INTERVAL` seconds while the server runs (`kefu serve`, the default command);
/// one-shot commands and tests leave it off.
struct SLAMonitorLifecycle: LifecycleHandler {
    func didBootAsync(_ application: Application) async throws {
        let interval = application.kefu.slaMonitorInterval
        guard interval > 0, application.runsServer else { return }
        let monitor = SLAMonitor(app: application, holder: "\(ProcessInfo.processInfo.hostName):\(getpid()):\(UUID().uuidString.prefix(8))")
        let task = Task {
            while !Task.isCancelled {
                do {
                    try await monitor.runOnce(leaseFor: Double(interval) * 3)
                } catch {
                    application.logger.error("SLA monitor pass failed: \(error)")
                }
                try? await Task.sleep(for: .seconds(interval))
            }
        }
        application.storage[TaskKey.self] = task
    }

    func shutdownAsync(_ application: Application) async {
        application.storage[TaskKey.self]?.cancel()
    }

    private struct TaskKey: StorageKey {
        typealias Value = Task<Void, Never>
    }
}
