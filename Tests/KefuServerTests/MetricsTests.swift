import Foundation
import KefuCore
import Testing
import VaporTesting

@testable import KefuServer

@Suite("GET /metrics: off by default, behind a token, counting what happened and what stands")
struct MetricsTests {
    @Test("Without KEFU_METRICS_TOKEN the path does not exist")
    func offByDefault() async throws {
        try await withKefu { _, fx in
            let response = try await fx.send(.GET, "/metrics")
            #expect(response.status == .notFound)
        }
    }

    @Test("Ingest, a reply, a guard check, latency by route and the standing outbox and waiting conversations")
    func counts() async throws {
        try await withKefu(settings: { $0.metricsToken = "scrape-token" }) { _, fx in
            #expect(try await fx.send(.GET, "/metrics").status == .unauthorized)
            #expect(try await fx.send(.GET, "/metrics", bearer: "guess").status == .unauthorized)

            let (store, agent, id) = try await fx.oneConversation()
            try await fx.ingest([Fixtures.message("m2", conversation: "c2", customer: "buyer-2")], into: store)
            let check = try await fx.post("/api/v1/compliance/check", as: agent, ["platform": "walmart-us", "text": "Visit amazon.com"])
            #expect(check.status == .ok)
            #expect(try await fx.post("/api/v1/conversations/\(id)/replies", as: agent, ["body": "It ships today."]).status == .created)

            let scraped = try await fx.send(.GET, "/metrics", bearer: "scrape-token")
            #expect(scraped.status == .ok)
            #expect(scraped.headers.contentType?.subType == "plain")
            let text = scraped.body.string
            #expect(text.contains(#"kefu_ingested_messages_total{platform="walmart-us"} 2"#), Comment(rawValue: text))
            #expect(text.contains(#"kefu_replies_total{platform="walmart-us"} 1"#))
            #expect(text.contains(#"kefu_guard_verdicts_total{verdict="block",source="check"} 1"#))
            #expect(text.contains(#"kefu_guard_verdicts_total{verdict="pass",source="reply"} 1"#))
            #expect(text.contains(#"kefu_http_request_duration_seconds_count{route="/api/v1/ingest",method="POST"} 2"#))
            #expect(text.contains(#"route="/api/v1/conversations/:conversationID/replies""#))
            #expect(text.contains(#"kefu_outbox_messages_count{platform="walmart-us",state="queued"} 1"#))
            // One conversation was answered; the other still waits.
            #expect(text.contains(#"kefu_conversations_awaiting_reply_count{sla="waiting"} 1"#))
        }
    }
}
