import Foundation
import Prometheus
import SQLKit

/// What Kefu counts for `GET /metrics` (Prometheus' text format): what happened in this process since it started —
/// requests and their latency by route, messages ingested, replies sent, guard verdicts, sign-ins refused — and, read
/// from the database when scraped, what stands now: the outbox, conversations at risk or overdue, channels' states.
final class KefuMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()

    private static let latencyBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5),
    ]

    private func descriptor(_ name: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "kefu", metricName: name, unitName: unit, helpText: help)
    }

    func request(route: String, method: String, status: UInt, duration: Duration) {
        registry.makeDurationHistogram(
            descriptor: descriptor("http_request_duration", "seconds", "Time from a request to its response, by route."),
            labels: [("route", route), ("method", method)], buckets: Self.latencyBuckets
        ).record(duration)
        registry.makeCounter(
            descriptor: descriptor("http_responses", "total", "Responses by route and status class."),
            labels: [("route", route), ("method", method), ("status", "\(status / 100)xx")]
        ).increment()
    }

    func ingested(_ count: Int, platform: String) {
        guard count > 0 else { return }
        registry.makeCounter(
            descriptor: descriptor("ingested_messages", "total", "Messages stored by ingest, by platform."),
            labels: [("platform", platform)]
        ).increment(by: Int64(count))
    }

    func replied(platform: String) {
        registry.makeCounter(
            descriptor: descriptor("replies", "total", "Replies agents queued for sending, by platform."),
            labels: [("platform", platform)]
        ).increment()
    }

    /// `source`: `check` (the guard asked while typing) or `reply` (a reply sent, or stopped).
    func guardVerdict(_ verdict: String, source: String) {
        registry.makeCounter(
            descriptor: descriptor("guard_verdicts", "total", "Compliance verdicts on checked and sent replies."),
            labels: [("verdict", verdict), ("source", source)]
        ).increment()
    }

    func signInRefused(_ reason: String) {
        registry.makeCounter(
            descriptor: descriptor("sign_in_refusals", "total", "Sign-ins turned away before their password was checked."),
            labels: [("reason", reason)]
        ).increment()
    }

    /// Reads the standing numbers from the database, then writes everything in the exposition format.
    func scrape(_ db: any SQLDatabase) async throws -> String {
        let outbox = try await db.raw("""
            SELECT s.platform AS platform, d.state AS state, COUNT(*) AS n FROM deliveries d JOIN stores s ON s.id = d.store_id
            WHERE d.state <> 'sent' GROUP BY s.platform, d.state
            """).all()
        for row in outbox {
            registry.makeGauge(
                descriptor: descriptor("outbox_messages", "count", "Replies not yet delivered, by platform and state."),
                labels: [("platform", try row.decode(column: "platform", as: String.self)),
                         ("state", try row.decode(column: "state", as: String.self))]
            ).set(Double(try row.decode(column: "n", as: Int.self)))
        }
        // SUM is numeric on PostgreSQL: cast, so both databases answer an integer.
        if let sla = try await db.raw("""
            SELECT CAST(COALESCE(SUM(at_risk_count), 0) AS BIGINT) AS at_risk,
            CAST(COALESCE(SUM(overdue_count), 0) AS BIGINT) AS overdue,
            CAST(COALESCE(SUM(response_needed_count), 0) AS BIGINT) AS waiting FROM folder_counts
            """).first() {
            for (state, column) in [("waiting", "waiting"), ("at_risk", "at_risk"), ("overdue", "overdue")] {
                registry.makeGauge(
                    descriptor: descriptor("conversations_awaiting_reply", "count", "Conversations waiting for a reply, by SLA state."),
                    labels: [("sla", state)]
                ).set(Double(try sla.decode(column: column, as: Int.self)))
            }
        }
        let channels = try await db.raw("""
            SELECT kind, status, COUNT(*) AS n, CAST(COALESCE(SUM(backlog), 0) AS BIGINT) AS backlog FROM channels
            GROUP BY kind, status
            """).all()
        for row in channels {
            let labels = [("kind", try row.decode(column: "kind", as: String.self)),
                          ("status", try row.decode(column: "status", as: String.self))]
            registry.makeGauge(descriptor: descriptor("channels", "count", "Channels by kind and status."), labels: labels)
                .set(Double(try row.decode(column: "n", as: Int.self)))
            registry.makeGauge(
                descriptor: descriptor("channel_backlog", "messages", "Messages channels still have to fetch."), labels: labels
            ).set(Double(try row.decode(column: "backlog", as: Int.self)))
        }
        return registry.emitToString()
    }
}
