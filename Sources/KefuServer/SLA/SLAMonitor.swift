import Foundation
import NIOConcurrencyHelpers
import KefuCore
import SQLKit
import Vapor

/// Moves waiting conversations to `atRisk` and `overdue` as their deadlines approach, and warns: an event on the live
/// stream of the agents who can see the conversation, an audit event, and a POST to the configured webhook.
///
/// Each pass takes the `sla-monitor` lease first, so with several instances on one PostgreSQL only one of them
/// evaluates and warns; the state change and the audit event commit together, so a warning is never given twice.
struct SLAMonitor: Sendable {
    let database: DatabaseAccess
    let transactions: WriteTransactions
    let conversations: ConversationStore
    let policies: PolicyBook
    let clock: KefuClock
    let webhook: SLAWebhook?
    /// Identifies this process in the lease table.
    let holder: String

    init(_ deps: Dependencies, client: (any Client)?, holder: String) {
        database = deps.database
        transactions = deps.transactions
        conversations = deps.conversations
        policies = deps.policies
        clock = deps.clock
        webhook = deps.settings.slaWebhookURL.flatMap { url in client.map { SLAWebhook(url: url, client: $0, logger: deps.database.logger) } }
        self.holder = holder
    }

    static let leaseName = "sla-monitor"
    static let batchSize = 1_000

    /// One pass; returns the warnings it gave, or nil when another instance holds the lease.
    @discardableResult
    func runOnce(leaseFor duration: TimeInterval = 60) async throws -> [LiveEvent]? {
        let now = clock.now()
        let holder = holder
        let acquired = try await transactions.run(on: try database.open(), at: now) { tx in
            try await JobLease.acquire(Self.leaseName, holder: holder, for: duration, at: tx.now, on: tx.sql)
        }
        guard acquired else { return nil }
        while try await advanceStates(at: now) == Self.batchSize {}
        var warnings: [LiveEvent] = []
        while true {
            let batch = try await warn(at: now)
            warnings += batch.events
            if batch.examined < Self.batchSize { break }
        }
        // The warnings reached the browsers with their transactions' live batches.
        if !warnings.isEmpty, let webhook { await webhook.post(warnings) }
        return warnings
    }

    /// Saves the new state of waits whose at-risk or due instant has passed; returns how many it examined.
    private func advanceStates(at now: Date) async throws -> Int {
        let conversations = conversations
        return try await transactions.run(on: try database.open(), at: now) { tx in
            let records = try await conversations.crossingDeadlines(limit: Self.batchSize, in: tx)
            guard !records.isEmpty else { return 0 }
            let before = Dictionary(uniqueKeysWithValues: records.map { ($0.id, $0.state) })
            try await conversations.save(records, before: before, in: tx)
            return records.count
        }
    }

    /// Warns about waits that are at risk or overdue and were not warned about in that state yet, whichever path
    /// put them there (the passing of time, a late import, a policy edit). Overdue waits whose deadline passed more
    /// than a week ago, as a backfill of old history brings, are marked without a warning.
    private func warn(at now: Date) async throws -> (events: [LiveEvent], examined: Int) {
        let conversations = conversations
        let policies = policies
        return try await transactions.run(on: try database.open(), at: now) { tx in
            let records = try await conversations.unwarned(limit: Self.batchSize, in: tx)
            guard !records.isEmpty else { return ([], 0) }
            let reader = try await SLAReader.load(for: records.map(\.storeID), policies: policies, at: tx.now, on: tx.sql)
            let stale = now.addingTimeInterval(-7 * 86_400)
            var events: [LiveEvent] = []
            var marks: [(conversation: UUID, track: SLATrack)] = []
            var audit: [AuditLog.Entry] = []
            let formatter = ISO8601DateFormatter()
            for record in records {
                guard let track = record.state.sla else { continue }
                marks.append((record.id, track))
                guard track.dueAt >= stale else { continue }
                events.append(LiveEvent(
                    type: "sla.\(track.state.rawValue)", workspaceID: record.workspaceID, storeID: record.storeID,
                    conversationID: record.id, platform: record.platform.rawValue, customerName: record.customerName,
                    orderNumber: record.state.orderNumber, dueAt: track.dueAt,
                    remainingSeconds: reader.read(record)?.remainingSeconds, at: now))
                audit.append(AuditLog.Entry(
                    action: "sla\(track.state == .atRisk ? "AtRisk" : "Overdue")", conversation: record.id,
                    workspace: record.workspaceID,
                    detail: ["policy": track.policy, "dueAt": formatter.string(from: track.dueAt)]))
            }
            try await conversations.markWarned(marks, in: tx)
            try await AuditLog.recordAll(audit, by: nil, at: now, on: tx.sql)
            tx.live.append(events)
            return (events, records.count)
        }
    }
}

/// Best effort: a webhook that is down must not stop the warnings in the workbench; failures are logged.
struct SLAWebhook: Sendable {
    let url: String
    let client: any Client
    let logger: Logger

    func post(_ events: [LiveEvent]) async {
        do {
            let response = try await client.post(URI(string: url)) { request in
                try request.content.encode(["events": events], as: .json)
            }
            if response.status.code >= 300 {
                logger.warning("SLA webhook answered \(response.status.code)", metadata: ["url": .string(url)])
            }
        } catch {
            logger.warning("SLA webhook failed: \(error)", metadata: ["url": .string(url)])
        }
    }
}

/// Runs the monitor every `KEFU_SLA_INTERVAL` seconds while the server runs (`kefu serve`, the default command);
/// one-shot commands and tests leave it off.
struct SLAMonitorLifecycle: LifecycleHandler {
    let deps: Dependencies
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)

    init(_ deps: Dependencies) {
        self.deps = deps
    }

    func didBootAsync(_ application: Application) async throws {
        let interval = deps.settings.slaMonitorInterval
        guard interval > 0 else { return }
        let monitor = SLAMonitor(deps, client: application.client, holder: "\(ProcessInfo.processInfo.hostName):\(getpid()):\(UUID().uuidString.prefix(8))")
        let logger = application.logger
        let running = Task {
            while !Task.isCancelled {
                do {
                    try await monitor.runOnce(leaseFor: Double(interval) * 3)
                } catch {
                    logger.error("SLA monitor pass failed: \(error)")
                }
                try? await Task.sleep(for: .seconds(interval))
            }
        }
        task.withLockedValue { $0 = running }
    }

    func shutdownAsync(_ application: Application) async {
        task.withLockedValue { $0?.cancel() }
    }
}
