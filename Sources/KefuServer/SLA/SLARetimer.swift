import Foundation
import KefuCore
import SQLKit

/// Re-times every waiting conversation of some stores at once, after a policy edit or on demand
/// (`kefu sla reevaluate`): one read, the clock arithmetic in memory, and batched updates.
enum SLARetimer {
    struct Outcome: Sendable {
        var conversations = 0
        var atRisk = 0
        var overdue = 0
        /// How many rows changed and were written.
        var written = 0
    }

    /// `rewriteAll` writes every row even where nothing changed: what a policy change costs at worst.
    static func retime(
        stores storeIDs: [UUID], policies book: PolicyBook, at now: Date, rewriteAll: Bool = false, on db: any SQLDatabase
    ) async throws -> Outcome {
        var outcome = Outcome()
        let policies = try await book.policies(for: storeIDs, on: db)
        for storeID in storeIDs {
            guard let timer = policies[storeID]?.timer else { continue }
            let rows = try await db.raw("""
                SELECT id, clock_started_at, sla_policy, sla_due_at, sla_at_risk_at, sla_state FROM conversations
                WHERE store_id = \(bind: storeID) AND clock_started_at IS NOT NULL AND status <> 'spam'
                """).all()
            var updates: [(UUID, Date, Date, Date, SLAState)] = []
            updates.reserveCapacity(rows.count)
            for row in rows {
                let id = try row.decode(column: "id", as: UUID.self)
                let started = try row.decode(column: "clock_started_at", as: Date.self)
                let (dueAt, atRiskAt) = timer.deadlines(forWaitStartedAt: started)
                let state = SLATrack.waitingState(dueAt: dueAt, atRiskAt: atRiskAt, at: now)
                if state == .atRisk { outcome.atRisk += 1 }
                if state == .overdue { outcome.overdue += 1 }
                outcome.conversations += 1
                // Most re-evaluations change nothing for most rows; writing only the changes keeps a pass over
                // 100,000 waiting conversations to a read.
                let unchanged =
                    try row.decode(column: "sla_policy", as: String?.self) == timer.policy
                    && Self.same(try row.decode(column: "sla_due_at", as: Date?.self), dueAt)
                    && Self.same(try row.decode(column: "sla_at_risk_at", as: Date?.self), atRiskAt)
                    && row.decode(column: "sla_state", as: String?.self) == state.rawValue
                if rewriteAll || !unchanged { updates.append((id, started, dueAt, atRiskAt, state)) }
            }
            outcome.written += updates.count
            for chunk in updates.chunked(by: 1_000) {
                try await write(Array(chunk), policy: timer.policy, on: db)
            }
            try await db.raw("""
                UPDATE folder_counts SET at_risk_count = (
                    SELECT COUNT(*) FROM conversations c WHERE c.store_id = \(bind: storeID) AND
                """ + " " + ConversationFilter.folderCondition(.atRisk) + ") WHERE store_id = \(bind: storeID)").run()
        }
        return outcome
    }

    /// Stored times come back through a Double of seconds since 1970, which can differ in the last bits.
    private static func same(_ stored: Date?, _ computed: Date) -> Bool {
        guard let stored else { return false }
        return abs(stored.timeIntervalSince(computed)) < 0.001
    }

    /// One `UPDATE … FROM (VALUES …)` per chunk; SQLite names the columns of a VALUES list column1, column2, ….
    private static func write(_ rows: [(UUID, Date, Date, Date, SLAState)], policy: String, on db: any SQLDatabase) async throws {
        guard !rows.isEmpty else { return }
        let postgres = db.dialect.name == "postgresql"
        // Appended in place: `a + b` copies the growing query each time, which is quadratic in the chunk size.
        var values: SQLQueryString = ""
        for (index, row) in rows.enumerated() {
            if index > 0 { values.appendLiteral(", ") }
            values.appendInterpolation(
                "(\(bind: row.0), \(bind: row.1), \(bind: row.2), \(bind: row.3), \(bind: row.4.rawValue), \(bind: row.4 == .overdue))"
                    as SQLQueryString)
        }
        let alias: SQLQueryString = postgres ? "v(id, started, due, risk, state, breached)" : "v"
        let (id, started, due, risk, state, breached): (String, String, String, String, String, String) =
            postgres ? ("id", "started", "due", "risk", "state", "breached")
            : ("column1", "column2", "column3", "column4", "column5", "column6")
        try await db.raw("""
            UPDATE conversations SET sla_policy = \(bind: policy), sla_started_at = v.\(unsafeRaw: started),
                sla_due_at = v.\(unsafeRaw: due), sla_at_risk_at = v.\(unsafeRaw: risk), sla_state = v.\(unsafeRaw: state),
                sla_breached = v.\(unsafeRaw: breached), sla_urgent_at = v.\(unsafeRaw: due), sla_responded_at = NULL
            FROM (VALUES
            """ + values + ") AS " + alias + " WHERE conversations.id = v.\(unsafeRaw: id)").run()
    }
}
