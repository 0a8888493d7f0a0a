import Fluent
import Foundation
import KefuCore
import SQLKit
import Vapor

/// A store's reply performance over a period, computed the way its platform scores it.
struct StorePerformance: Content {
    struct Metric: Content {
        let kind: String
        let name: String
        /// A reply within this many counted seconds is a good one.
        let withinSeconds: Int
        let threshold: Double?
        let windowDays: Int?
        let inquiries: Int
        let answeredInTime: Int
        let answeredLate: Int
        /// Waiting past the allowance: already lost for the metric.
        let unansweredLate: Int
        /// Still waiting with time left: not scored yet.
        let pending: Int
        /// Good replies over scored inquiries; nil when nothing was scored.
        let rate: Double?
        let meetsThreshold: Bool?
    }

    struct Day: Content {
        let date: String
        let buyers: Int
        let effectiveBuyers: Int
        let rate: Double?
        let fineTriggered: Bool
        let fine: Double?
    }

    struct FirstResponse: Content {
        let answered: Int
        let medianSeconds: Double?
        let p90Seconds: Double?
    }

    struct Money: Content {
        let amount: Double
        let currency: String
    }

    let storeID: UUID
    let storeName: String
    let platform: String
    let policy: String
    let from: Date
    let to: Date
    let metric: Metric
    /// Pinduoduo's daily effective-reply rule, one entry per local day.
    let daily: [Day]?
    let firstResponse: FirstResponse
    /// Inquiries answered after the first-response deadline, or still waiting past it.
    let breaches: Int
    let penaltyExposure: Money?
    let consequence: String?
    /// The metric's name and the consequence per interface language, from the policy.
    let translations: [String: ResponseRateRule.Text]?
}

/// Computes scoreboards from `response_waits`: aggregates in SQL over an index range, so a store with a million
/// messages in the window costs a few scans of its inquiries, not a read of every message.
struct PerformanceService {
    let db: any Database
    let policies: PolicyBook
    let clock: KefuClock
    let viewer: Viewer

    func scoreboard(store storeID: UUID, from: Date?, to: Date?) async throws -> StorePerformance {
        let store = try await db.sql.store(storeID, visibleTo: viewer)
        let policy = try await policies.policy(for: storeID, on: db.sql)
        return try await compute(storeID, name: store.name, policy: policy, from: from, to: to)
    }

    func scoreboards(merchantID: UUID?, platform: Platform?, from: Date?, to: Date?) async throws -> [StorePerformance] {
        var query: SQLQueryString = "SELECT s.id, s.name FROM stores s WHERE s.workspace_id = \(bind: viewer.workspaceID)"
        if let visible = viewer.visibleStoreIDs {
            query = query + (visible.isEmpty ? " AND 1 = 0" : " AND s.id IN (\(binds: Array(visible)))")
        }
        if let merchantID { query = query + " AND s.merchant_id = \(bind: merchantID)" }
        if let platform { query = query + " AND s.platform = \(bind: platform.rawValue)" }
        let rows = try await db.sql.raw(query + " ORDER BY s.name").all()
        let ids = try rows.map { try $0.decode(column: "id", as: UUID.self) }
        let policies = try await policies.policies(for: ids, on: db.sql)
        var boards: [StorePerformance] = []
        for row in rows {
            let id = try row.decode(column: "id", as: UUID.self)
            guard let policy = policies[id] else { continue }
            boards.append(try await compute(id, name: try row.decode(column: "name", as: String.self), policy: policy, from: from, to: to))
        }
        return boards
    }

    private func compute(
        _ storeID: UUID, name: String, policy storePolicy: StorePolicy, from: Date?, to: Date?
    ) async throws -> StorePerformance {
        let sql = db.sql
        let now = clock.now()
        let policy = storePolicy.policy
        let clock = storePolicy.timer.clock
        let rule = policy.responseRate
        let end = to ?? now
        let start = from ?? end.addingTimeInterval(-Double(rule?.windowDays ?? (rule?.kind == .dailyEffectiveReply ? 7 : 30)) * 86_400)
        guard start < end else { throw KefuError.invalid("invalid_query", "from must be before to.") }
        let within = Double(rule?.withinSeconds ?? policy.firstResponse.seconds)
        let allowance = Double(policy.firstResponse.seconds)
        let range: SQLQueryString =
            " store_id = \(bind: storeID) AND started_at >= \(bind: start) AND started_at < \(bind: end)"

        // Open waits are late once counted time passes `within`; where that is the first-response allowance (every
        // shipped policy), the stored due time answers it in SQL.
        let dueDecides = within == allowance
        let totals = try await sql.raw("""
            SELECT COUNT(*) AS inquiries,
                SUM(CASE WHEN response_seconds <= \(bind: within) THEN 1 ELSE 0 END) AS in_time,
                SUM(CASE WHEN response_seconds > \(bind: within) THEN 1 ELSE 0 END) AS late,
                SUM(CASE WHEN response_seconds > \(bind: allowance) THEN 1 ELSE 0 END) AS breached,
                SUM(CASE WHEN response_seconds IS NOT NULL THEN 1 ELSE 0 END) AS answered,
                SUM(CASE WHEN answered_at IS NULL AND due_at <= \(bind: now) THEN 1 ELSE 0 END) AS open_late,
                SUM(CASE WHEN answered_at IS NULL AND due_at > \(bind: now) THEN 1 ELSE 0 END) AS open_pending
            FROM response_waits WHERE
            """ + range).first()
        func count(_ column: String) throws -> Int { try totals?.decode(column: column, as: Int?.self) ?? 0 }
        let inquiries = try count("inquiries")
        let answered = try count("answered")

        var unansweredLate = try count("open_late")
        var pending = try count("open_pending")
        var openBreaches = unansweredLate
        if !dueDecides {
            (unansweredLate, pending, openBreaches) = (0, 0, 0)
            for row in try await sql.raw("SELECT started_at FROM response_waits WHERE " + range + " AND answered_at IS NULL").all() {
                let started = try row.decode(column: "started_at", as: Date.self)
                let waited = clock.countedSeconds(from: started, to: now)
                if waited > within { unansweredLate += 1 } else { pending += 1 }
                if waited > allowance { openBreaches += 1 }
            }
        }
        let inTime = try count("in_time")
        let scored = inquiries - pending
        let rate = scored > 0 ? Double(inTime) / Double(scored) : nil
        let metric = StorePerformance.Metric(
            kind: rule?.kind.rawValue ?? "answeredWithin", name: rule?.name ?? "Answered within the allowance",
            withinSeconds: Int(within), threshold: rule?.threshold, windowDays: rule?.windowDays,
            inquiries: inquiries, answeredInTime: inTime, answeredLate: try count("late"), unansweredLate: unansweredLate,
            pending: pending, rate: rate, meetsThreshold: rule.flatMap { rule in rate.map { $0 >= rule.threshold } })

        var daily: [StorePerformance.Day]?
        var exposure: StorePerformance.Money?
        if let rule, rule.kind == .dailyEffectiveReply {
            let days = try await dailyEffectiveReplies(storeID, rule: rule, within: within, clock: clock, from: start, to: end)
            daily = days
            if let currency = rule.penalty?.currency {
                exposure = .init(amount: days.compactMap(\.fine).reduce(0, +), currency: currency)
            }
        } else if let penalty = rule?.penalty, let amount = penalty.amount, metric.meetsThreshold == false {
            exposure = .init(amount: amount, currency: penalty.currency)
        }

        return StorePerformance(
            storeID: storeID, storeName: name, platform: policy.platform, policy: policy.reference, from: start, to: end,
            metric: metric, daily: daily,
            firstResponse: .init(
                answered: answered, medianSeconds: try await percentile(0.5, of: answered, range: range),
                p90Seconds: try await percentile(0.9, of: answered, range: range)),
            breaches: try count("breached") + openBreaches, penaltyExposure: exposure,
            consequence: rule?.penalty?.consequence, translations: rule?.translations)
    }

    /// Per local day: the buyers who wrote, and those whose every inquiry got a reply within the allowance.
    private func dailyEffectiveReplies(
        _ storeID: UUID, rule: ResponseRateRule, within: Double, clock: SLAClock, from: Date, to: Date
    ) async throws -> [StorePerformance.Day] {
        let firstDay = clock.localDate(of: from).dayNumber
        let lastDay = clock.localDate(of: to.addingTimeInterval(-0.001)).dayNumber
        let rows = try await db.sql.raw("""
            SELECT local_day, COUNT(*) AS buyers, SUM(effective) AS effective FROM (
                SELECT local_day, customer_id,
                    MIN(CASE WHEN response_seconds <= \(bind: within) THEN 1 ELSE 0 END) AS effective
                FROM response_waits
                WHERE store_id = \(bind: storeID) AND local_day >= \(bind: firstDay) AND local_day <= \(bind: lastDay)
                GROUP BY local_day, customer_id
            ) per_buyer GROUP BY local_day ORDER BY local_day
            """).all()
        return try rows.map { row in
            let buyers = try row.decode(column: "buyers", as: Int.self)
            let effective = try row.decode(column: "effective", as: Int?.self) ?? 0
            let rate = buyers > 0 ? Double(effective) / Double(buyers) : nil
            let triggered = buyers > (rule.minimumBuyers ?? 0) && (rate ?? 1) < rule.threshold
            return .init(
                date: LocalDate(dayNumber: try row.decode(column: "local_day", as: Int.self)).text, buyers: buyers,
                effectiveBuyers: effective, rate: rate, fineTriggered: triggered,
                fine: triggered ? rule.penalty?.amount : nil)
        }
    }

    private func percentile(_ share: Double, of count: Int, range: SQLQueryString) async throws -> Double? {
        guard count > 0 else { return nil }
        let offset = min(count - 1, Int((Double(count - 1) * share).rounded(.down)))
        return try await db.sql.raw(
            "SELECT response_seconds FROM response_waits WHERE " + range
                + " AND response_seconds IS NOT NULL ORDER BY response_seconds LIMIT 1 OFFSET \(unsafeRaw: String(offset))"
        ).first()?.decode(column: "response_seconds", as: Double.self)
    }
}
