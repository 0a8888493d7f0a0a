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
        var warnings: [LiveEvent] = []
        while true {
            let batch = try await evaluateBatch(at: now)
            warnings += batch.events
            if batch.examined < Self.batchSize { break }
        }
        if !warnings.isEmpty {
            app.liveEvents.publish(warnings)
            await postWebhook(warnings)
        }
        return warnings
    }

    private func evaluateBatch(at now: Date) async throws -> (examined: Int, events: [LiveEvent]) {
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
            guard !records.isEmpty else { return (0, []) }
            let before = Dictionary(uniqueKeysWithValues: records.map { ($0.id, $0.state) })
            let saved = try await sql.save(records, before: before, policies: book, at: now)
            let reader = try await SLAReader.load(for: saved.map(\.storeID), app: app, on: sql)
            var events: [LiveEvent] = []
            for record in saved {
                guard let track = record.state.sla, track.state == .atRisk || track.state == .overdue,
                    track.state != before[record.id]?.sla?.state
                else { continue }
                let reading = reader.read(record)
                events.append(LiveEvent(
                    type: "sla.\(track.state.rawValue)", workspaceID: record.workspaceID, storeID: record.storeID,
                    conversationID: record.id, platform: record.platform.rawValue, customerName: record.customerName,
                    orderNumber: record.state.orderNumber, dueAt: track.dueAt, remainingSeconds: reading?.remainingSeconds,
                    at: now))
                try await AuditLog.record(
                    "sla\(track.state == .atRisk ? "AtRisk" : "Overdue")", conversation: record.id,
                    workspace: record.workspaceID, by: nil,
                    detail: ["policy": track.policy, "dueAt": ISO8601DateFormatter().string(from: track.dueAt)],
                    at: now, on: sql)
            }
            return (records.count, events)
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
        let command = application.environment.arguments.dropFirst().first { !$0.hasPrefix("-") }
        guard interval > 0, command == nil || command == "serve" else { return }
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
