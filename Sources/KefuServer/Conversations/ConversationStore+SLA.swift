import Foundation
import KefuCore
import SQLKit

/// The conversation writes that time causes rather than people: the SLA monitor's passes and re-timing after a policy
/// edit. Still through the one writer, with the transaction's context.
extension ConversationStore {
    /// What a re-timing did.
    struct RetimeOutcome: Sendable {
        var conversations = 0
        var atRisk = 0
        var overdue = 0
        /// How many rows changed and were written.
        var written = 0
    }

    /// Waiting conversations whose at-risk or due instant has passed while their stored state says otherwise,
    /// locked; rows another writer holds are left to the next pass.
    func crossingDeadlines(limit: Int, in tx: WriteContext) async throws -> [ConversationRecord] {
        let crossing: SQLQueryString = """
            SELECT \(ConversationRecord.selectList) FROM conversations c WHERE c.status <> 'spam' AND (
                (c.sla_state = 'running' AND c.sla_at_risk_at <= \(bind: tx.now))
                OR (c.sla_state IN ('running', 'atRisk') AND c.sla_due_at <= \(bind: tx.now)))
            LIMIT \(unsafeRaw: String(limit))
            """
        return try await tx.sql.raw(crossing + locking.forUpdateSkipLocked).all().map(ConversationRecord.init(row:))
    }

    /// At-risk and overdue waits not yet warned about in that state, locked.
    func unwarned(limit: Int, in tx: WriteContext) async throws -> [ConversationRecord] {
        let unwarned: SQLQueryString = """
            SELECT \(ConversationRecord.selectList) FROM conversations c
            WHERE c.sla_state IN ('atRisk', 'overdue') AND c.status <> 'spam'
                AND (c.sla_warned_wait IS NULL OR c.sla_warned_wait <> c.sla_started_at OR c.sla_warned_state <> c.sla_state)
            LIMIT \(unsafeRaw: String(limit))
            """
        return try await tx.sql.raw(unwarned + locking.forUpdateSkipLocked).all().map(ConversationRecord.init(row:))
    }

    /// Notes that the waits the tracks describe were warned about in their present state, so no pass warns twice. Only
    /// the monitor's bookkeeping columns change: nothing an agent sees, no counter, no live event. One statement for
    /// the batch: a statement per conversation held the monitor's connection for seconds after a large import.
    func markWarned(_ marks: [(conversation: UUID, track: SLATrack)], in tx: WriteContext) async throws {
        guard !marks.isEmpty else { return }
        var values: SQLQueryString = ""
        for (index, mark) in marks.enumerated() {
            if index > 0 { values.appendLiteral(", ") }
            values.appendInterpolation(
                "(\(bind: mark.conversation), \(bind: mark.track.startedAt), \(bind: mark.track.state.rawValue))" as SQLQueryString)
        }
        let (alias, c) = locking.valuesAlias(["id", "started", "state"])
        try await tx.sql.raw("""
            UPDATE conversations SET sla_warned_wait = v.\(unsafeRaw: c[1]), sla_warned_state = v.\(unsafeRaw: c[2])
            FROM (VALUES
            """ + values + ") AS " + alias + " WHERE conversations.id = v.\(unsafeRaw: c[0])").run()
    }

    /// Re-times every waiting conversation of some stores at once, after a policy edit or on demand
    /// (`kefu sla reevaluate`): one read, the clock arithmetic in memory, batched updates of the SLA columns only,
    /// and the At risk counters recounted. `save` would cost a statement set per conversation for what is, for most
    /// rows, no change; `rewriteAll` writes every row anyway, which is what a policy change costs at worst.
    func retime(stores storeIDs: [UUID], rewriteAll: Bool = false, in tx: WriteContext) async throws -> RetimeOutcome {
        var outcome = RetimeOutcome()
        let policies = try await policies.policies(for: storeIDs, on: tx.sql)
        for storeID in storeIDs {
            guard let timer = policies[storeID]?.timer else { continue }
            let rows = try await tx.sql.raw("""
                SELECT id, clock_started_at, sla_policy, sla_due_at, sla_at_risk_at, sla_state FROM conversations
                WHERE store_id = \(bind: storeID) AND clock_started_at IS NOT NULL AND status <> 'spam'
                """).all()
            var updates: [SLAUpdate] = []
            updates.reserveCapacity(rows.count)
            for row in rows {
                let started = try row.decode(column: "clock_started_at", as: Date.self)
                let (dueAt, atRiskAt) = timer.deadlines(forWaitStartedAt: started)
                let state = SLATrack.waitingState(dueAt: dueAt, atRiskAt: atRiskAt, at: tx.now)
                if state == .atRisk { outcome.atRisk += 1 }
                if state == .overdue { outcome.overdue += 1 }
                outcome.conversations += 1
                let unchanged =
                    try row.decode(column: "sla_policy", as: String?.self) == timer.policy
                    && Self.same(try row.decode(column: "sla_due_at", as: Date?.self), dueAt)
                    && Self.same(try row.decode(column: "sla_at_risk_at", as: Date?.self), atRiskAt)
                    && row.decode(column: "sla_state", as: String?.self) == state.rawValue
                if rewriteAll || !unchanged {
                    updates.append(SLAUpdate(
                        id: try row.decode(column: "id", as: UUID.self), started: started, due: dueAt, risk: atRiskAt,
                        state: state))
                }
            }
            outcome.written += updates.count
            for chunk in updates.chunked(by: 1_000) {
                try await write(Array(chunk), policy: timer.policy, on: tx.sql)
            }
            try await tx.sql.raw("""
                UPDATE folder_counts SET at_risk_count = (
                    SELECT COUNT(*) FROM conversations c WHERE c.store_id = \(bind: storeID) AND
                """ + " " + ConversationFilter.folderCondition(.atRisk) + """
                ), overdue_count = (
                    SELECT COUNT(*) FROM conversations c WHERE c.store_id = \(bind: storeID) AND
                """ + " " + ConversationFilter.folderCondition(.overdue) + ") WHERE store_id = \(bind: storeID)").run()
        }
        return outcome
    }

    private struct SLAUpdate {
        let id: UUID
        let started: Date
        let due: Date
        let risk: Date
        let state: SLAState
    }

    /// Stored times come back through a Double of seconds since 1970, which can differ in the last bits.
    private static func same(_ stored: Date?, _ computed: Date) -> Bool {
        guard let stored else { return false }
        return abs(stored.timeIntervalSince(computed)) < 0.001
    }

    /// One `UPDATE … FROM (VALUES …)` per chunk.
    private func write(_ rows: [SLAUpdate], policy: String, on db: any SQLDatabase) async throws {
        guard !rows.isEmpty else { return }
        // Appended in place: `a + b` copies the growing query each time, which is quadratic in the chunk size.
        var values: SQLQueryString = ""
        for (index, row) in rows.enumerated() {
            if index > 0 { values.appendLiteral(", ") }
            values.appendInterpolation(
                "(\(bind: row.id), \(bind: row.started), \(bind: row.due), \(bind: row.risk), \(bind: row.state.rawValue), \(bind: row.state == .overdue))"
                    as SQLQueryString)
        }
        let (alias, c) = locking.valuesAlias(["id", "started", "due", "risk", "state", "breached"])
        try await db.raw("""
            UPDATE conversations SET sla_policy = \(bind: policy), sla_started_at = v.\(unsafeRaw: c[1]),
                sla_due_at = v.\(unsafeRaw: c[2]), sla_at_risk_at = v.\(unsafeRaw: c[3]), sla_state = v.\(unsafeRaw: c[4]),
                sla_breached = v.\(unsafeRaw: c[5]), sla_urgent_at = v.\(unsafeRaw: c[2]), sla_responded_at = NULL
            FROM (VALUES
            """ + values + ") AS " + alias + " WHERE conversations.id = v.\(unsafeRaw: c[0])").run()
    }
}
