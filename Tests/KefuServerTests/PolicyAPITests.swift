import Foundation
import KefuCore
import SQLKit
import Testing
import VaporTesting

@testable import KefuServer

@Suite("Store policies: editable, audited, validated")
struct PolicyAPITests {
    @Test("An admin's edit re-times waiting conversations and is audited; a reset returns to the shipped pack")
    func editRetimes() async throws {
        try await withKefu(now: SLATests.now) { app, fx in
            let store = try await fx.store(.walmartUS)
            let admin = try await fx.user(.admin)
            try await fx.ingest([Fixtures.message("m1", conversation: "c1", sentAt: "2026-11-20T03:00:00Z")], into: store)
            var shown = try await fx.get("/api/v1/stores/\(store.id)/policy", as: admin)
            #expect(shown["isCustomized"].bool == false)
            #expect(shown["policy"]["firstResponse"]["seconds"].int == 172_800)

            var document = try #require(shown["policy"].value as? [String: Any])
            var rule = try #require(document["firstResponse"] as? [String: Any])
            rule["seconds"] = 4_000
            document["firstResponse"] = rule
            let response = try await fx.send(.PUT, "/api/v1/stores/\(store.id)/policy", bearer: admin.token, json: document)
            #expect(response.status == .ok, "\(response.body.string)")
            shown = try response.json()
            #expect(shown["isCustomized"].bool == true)
            #expect(shown["policy"]["version"].int == 2)

            let item = try await fx.conversations(as: admin)["items"][0]
            #expect(item["sla"]["policy"].string == "walmart-us@2")
            #expect(item["sla"]["dueAt"].string == "2026-11-20T04:06:40Z")
            #expect(item["sla"]["state"].string == "atRisk")
            #expect(try await fx.conversations(as: admin)["counts"]["atRisk"].int == 1)
            let audit = try await app.db.sql.raw("SELECT detail FROM audit_events WHERE action = 'policyChanged'").first()
            #expect(try audit?.decode(column: "detail", as: String.self).contains("walmart-us@2") == true)

            let reset = try await fx.send(.DELETE, "/api/v1/stores/\(store.id)/policy", bearer: admin.token)
            #expect(try reset.json()["isCustomized"].bool == false)
            #expect(try await fx.conversations(as: admin)["items"][0]["sla"]["dueAt"].string == "2026-11-22T03:00:00Z")
        }
    }

    @Test("A malformed policy is refused with 422 naming the field", arguments: [
        ("seconds", -5, "firstResponse.seconds"),
        ("clock", "sometimes", "firstResponse.clock"),
        ("atRiskShare", 2, "firstResponse.atRiskShare"),
    ] as [(String, any Sendable, String)])
    func malformed(key: String, value: any Sendable, field: String) async throws {
        try await withKefu { _, fx in
            let store = try await fx.store(.pinduoduo)
            let admin = try await fx.user(.admin)
            var document = try #require(try await fx.get("/api/v1/stores/\(store.id)/policy", as: admin)["policy"].value as? [String: Any])
            var rule = try #require(document["firstResponse"] as? [String: Any])
            rule[key] = value
            document["firstResponse"] = rule
            let response = try await fx.send(.PUT, "/api/v1/stores/\(store.id)/policy", bearer: admin.token, json: document)
            #expect(response.status == .unprocessableEntity)
            #expect(response.errorCode == "invalid_policy")
            #expect(try response.json()["error"]["message"].string?.contains(field) == true)
        }
    }

    @Test("Agents read but cannot edit a policy; another workspace's store is not found")
    func permissions() async throws {
        try await withKefu { _, fx in
            let store = try await fx.store(.jd)
            let agent = try await fx.user(.agent, stores: [store])
            let stranger = try await fx.user(.admin, workspace: "Other")
            let document = try #require(try await fx.get("/api/v1/stores/\(store.id)/policy", as: agent)["policy"].value)
            #expect(try await fx.send(.PUT, "/api/v1/stores/\(store.id)/policy", bearer: agent.token, json: document).status == .forbidden)
            #expect(try await fx.send(.GET, "/api/v1/stores/\(store.id)/policy", bearer: stranger.token).status == .notFound)
            #expect(try await fx.send(.GET, "/api/v1/stores/\(store.id)/performance", bearer: stranger.token).status == .notFound)
        }
    }
}

@Suite("Response-rate scoreboards, computed as each platform defines them")
struct PerformanceTests {
    @Test("Walmart: share answered within 48 h over the rolling window, breaches and first-response times")
    func walmart() async throws {
        try await withKefu(now: SLATests.now) { _, fx in
            let store = try await fx.store(.walmartUS)
            let admin = try await fx.user(.admin)
            var messages: [[String: Any]] = []
            // Three answered in 1, 2 and 3 hours; one answered after 60 hours; one still waiting for 50 hours.
            for (index, hours) in [1, 2, 3, 60].enumerated() {
                let sent = SLATests.now.addingTimeInterval(-100 * 3_600)
                messages.append(Fixtures.message("q\(index)", conversation: "c\(index)", customer: "b\(index)", sentAt: stamp(sent)))
                messages.append(Fixtures.message(
                    "a\(index)", conversation: "c\(index)", customer: "b\(index)", author: .agent,
                    sentAt: stamp(sent.addingTimeInterval(Double(hours) * 3_600))))
            }
            messages.append(Fixtures.message("q9", conversation: "c9", customer: "b9", sentAt: stamp(SLATests.now.addingTimeInterval(-50 * 3_600))))
            messages.append(Fixtures.message("q10", conversation: "c10", customer: "b10", sentAt: stamp(SLATests.now.addingTimeInterval(-3_600))))
            try await fx.ingest(messages, into: store)

            let board = try await fx.get("/api/v1/stores/\(store.id)/performance", as: admin)
            #expect(board["policy"].string == "walmart-us@1")
            #expect(board["metric"]["inquiries"].int == 6)
            #expect(board["metric"]["answeredInTime"].int == 3)
            #expect(board["metric"]["answeredLate"].int == 1)
            #expect(board["metric"]["unansweredLate"].int == 1)
            #expect(board["metric"]["pending"].int == 1)
            #expect((board["metric"]["rate"].value as? Double) == 0.6)
            #expect(board["metric"]["meetsThreshold"].bool == false)
            #expect(board["breaches"].int == 2)
            #expect(board["firstResponse"]["answered"].int == 4)
            #expect((board["firstResponse"]["medianSeconds"].value as? Double) == 7_200)
            #expect((board["firstResponse"]["p90Seconds"].value as? Double) == 10_800)

            let all = try await fx.get("/api/v1/performance?platform=walmart-us", as: admin)
            #expect(all["items"].array.count == 1)
        }
    }

    @Test("Pinduoduo: a day with more than 100 buyers and under 50 % effective replies costs ¥1,000")
    func pinduoduoFine() async throws {
        try await withKefu(now: SLATests.now) { _, fx in
            let store = try await fx.store(.pinduoduo, timeZone: "Asia/Shanghai")
            let admin = try await fx.user(.admin)
            var messages: [[String: Any]] = []
            for buyer in 0..<101 {
                let sent = iso8601("2026-11-19T10:00:00+08:00").addingTimeInterval(Double(buyer) * 60)
                messages.append(Fixtures.message("q\(buyer)", conversation: "c\(buyer)", customer: "b\(buyer)", sentAt: stamp(sent)))
                // 40 buyers get an answer within 3 minutes, the others after 10.
                let wait: Double = buyer < 40 ? 120 : 600
                messages.append(Fixtures.message("a\(buyer)", conversation: "c\(buyer)", customer: "b\(buyer)", author: .agent, sentAt: stamp(sent + wait)))
            }
            // The next day: few buyers, so no fine whatever the rate.
            messages.append(Fixtures.message("late", conversation: "d1", customer: "x", sentAt: "2026-11-20T09:00:00+08:00"))
            try await fx.ingest(messages, into: store)

            let board = try await fx.get(
                "/api/v1/stores/\(store.id)/performance?from=2026-11-18T16:00:00Z&to=2026-11-20T04:00:00Z", as: admin)
            let days = board["daily"].array
            #expect(days.map { $0["date"].string ?? "" } == ["2026-11-19", "2026-11-20"])
            #expect(days[0]["buyers"].int == 101)
            #expect(days[0]["effectiveBuyers"].int == 40)
            #expect(days[0]["fineTriggered"].bool == true)
            #expect(days[1]["fineTriggered"].bool == false)
            #expect((board["penaltyExposure"]["amount"].value as? Double) == 1_000)
            #expect(board["penaltyExposure"]["currency"].string == "CNY")
            #expect(try await fx.send(.GET, "/api/v1/stores/\(store.id)/performance?from=yesterday", bearer: admin.token).status == .badRequest)
        }
    }
}

private func stamp(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }
