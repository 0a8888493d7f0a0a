import Foundation
import KefuCore
import Testing
import VaporTesting

@testable import KefuServer

@Suite("Workbench, part 2: truthful clocks, overdue apart from at risk, risk flags in the list, spam without a clock")
struct WorkbenchDailyUseTests {
    private func page(_ app: Application, _ path: String, as user: Fixtures.User, language: String, zone: String?) async throws -> String {
        var headers = HTTPHeaders()
        var cookie = "kefu_session=\(user.token)"
        if let zone { cookie += "; kefu_tz=\(zone.replacingOccurrences(of: "/", with: "%2F"))" }
        headers.add(name: .cookie, value: cookie)
        headers.add(name: .acceptLanguage, value: language)
        let response = try await app.testing().sendRequest(.GET, path, headers: headers)
        #expect(response.status == .ok)
        return response.body.string
    }

    /// 23:40 in Beijing.
    static let lateEvening = iso8601("2026-11-20T23:40:00+08:00")

    @Test("A Pinduoduo message at 23:38 is paused until 08:00 and due 08:03 tomorrow, in the reader's own zone")
    func pausedClock() async throws {
        try await withKefu(now: Self.lateEvening) { app, fx in
            let store = try await fx.store(.pinduoduo, timeZone: "Asia/Shanghai")
            _ = try await fx.ingest([Fixtures.message("m1", conversation: "c1", sentAt: "2026-11-20T23:38:00+08:00")], into: store)
            let agent = try await fx.user(.agent, stores: [store])
            let chinese = try await page(app, "/inbox", as: agent, language: "zh-CN", zone: "Asia/Shanghai")
            #expect(chinese.contains("class=\"sla sla-paused\""))
            #expect(chinese.contains("暂停至明天 08:00 · 剩 3分钟"))
            #expect(chinese.contains("截止 明天 08:03"))
            // Read from Moscow, the same deadline is 03:03 on the Moscow clock, still tomorrow.
            let english = try await page(app, "/inbox", as: agent, language: "en", zone: "Europe/Moscow")
            #expect(english.contains("paused until 03:00 tomorrow · 3m left"))
            #expect(english.contains("deadline 03:03 tomorrow"))
            // The API says when counting resumes.
            let sla = try await fx.conversations(as: agent)["items"][0]["sla"]
            #expect(sla["resumesAt"].string == "2026-11-21T00:00:00Z")
        }
    }

    @Test("An overdue wait says by how much and sits in Overdue, not in At risk; ties go to the longest waiting")
    func overdueApart() async throws {
        try await withKefu(now: iso8601("2026-11-23T14:15:00Z")) { app, fx in
            let store = try await fx.store(.walmartUS)
            _ = try await fx.ingest([
                Fixtures.message("late", conversation: "late", name: "Late Buyer", sentAt: "2026-11-21T12:00:00Z"),
                Fixtures.message("risk", conversation: "risk", name: "Risky Buyer", sentAt: "2026-11-21T23:00:00Z"),
            ], into: store)
            let agent = try await fx.user(.agent, stores: [store])
            let overdue = try await fx.conversations("folder=overdue", as: agent)
            #expect(overdue["items"].array.map { $0["customer"]["name"].string } == ["Late Buyer"])
            #expect(overdue["counts"]["overdue"].int == 1)
            #expect(overdue["counts"]["atRisk"].int == 1)
            let atRisk = try await fx.conversations("folder=atRisk", as: agent)
            #expect(atRisk["items"].array.map { $0["customer"]["name"].string } == ["Risky Buyer"])
            let html = try await page(app, "/inbox?folder=overdue", as: agent, language: "en", zone: "UTC")
            #expect(html.contains("overdue by 2h 15m"))
        }
    }

    @Test("A buyer's link shows as a risk chip in the list and the risk filter finds it; spam rows carry no clock or label")
    func riskAndSpam() async throws {
        try await withKefu { app, fx in
            let store = try await fx.store(.noon, timeZone: "Asia/Dubai")
            _ = try await fx.ingest([
                Fixtures.message("a1", conversation: "linked", body: "Pay here: http://pay-fast.example.top/now", name: "Omar"),
                Fixtures.message("b1", conversation: "plain", body: "Where is my order?", name: "Sara"),
                Fixtures.message("c1", conversation: "junk", body: "Buy followers cheap", name: "Spammer"),
            ], into: store)
            let agent = try await fx.user(.agent, stores: [store])
            let html = try await page(app, "/inbox", as: agent, language: "zh-CN", zone: "Asia/Dubai")
            #expect(html.contains("class=\"chip risk\" title=\"站外链接：请勿打开\">站外链接<"))
            let risky = try await fx.conversations("risk=any", as: agent)
            #expect(risky["items"].array.map { $0["customer"]["name"].string } == ["Omar"])
            #expect(risky["items"][0]["riskFlags"].array.compactMap(\.string) == ["suspiciousLink"])
            let filtered = try await page(app, "/inbox?risk=suspiciousLink", as: agent, language: "en", zone: nil)
            #expect(filtered.contains("Omar") && !filtered.contains("Sara"))

            let junk = try #require(try await fx.conversations(as: agent)["items"].array.first { $0["customer"]["name"].string == "Spammer" })
            let id = try #require(junk["id"].string)
            let flagged = try await fx.post("/api/v1/conversations/\(id)/spam", as: agent, ["reason": "spam"])
            #expect(flagged.status == .ok)
            let spam = try await fx.conversations("folder=spam", as: agent)["items"][0]
            #expect(spam["labels"].array.isEmpty)
            let spamPage = try await page(app, "/inbox?folder=spam", as: agent, language: "zh-CN", zone: "Asia/Dubai")
            #expect(spamPage.contains("Spammer"))
            #expect(!spamPage.contains("class=\"sla "))
            #expect(!spamPage.contains("class=\"chip system\""))
        }
    }

    @Test("The thread names who on the team wrote each reply, and the order reads in the page's language and the reader's zone")
    func threadAuthorAndOrder() async throws {
        try await withKefu { app, fx in
            let store = try await fx.store(.jd, timeZone: "Asia/Shanghai")
            let order: [String: Any] = [
                "number": "JD-7", "status": "shipped", "currency": "CNY", "totalMinor": 9900,
                "customer": ["externalID": "buyer-1", "name": "王芳"], "placedAt": "2026-11-20T04:05:00Z",
            ]
            _ = try await fx.send(.POST, "/api/v1/ingest/orders", bearer: store.key, json: ["orders": [order]])
            _ = try await fx.ingest([Fixtures.message("m1", conversation: "c1", customer: "buyer-1", name: "王芳", order: "JD-7")], into: store)
            let agent = try await fx.user(.agent, stores: [store])
            let id = try #require(try await fx.conversations(as: agent)["items"][0]["id"].string)
            _ = try await fx.post("/api/v1/conversations/\(id)/replies", as: agent, ["body": "您好，已经发货了"])
            let html = try await page(app, "/conversations/\(id)", as: agent, language: "zh-CN", zone: "Asia/Shanghai")
            let directory = try await WorkspaceDirectory.load(
                for: try await Viewer.load(try #require(try await UserModel.find(agent.id, on: app.db)), on: app.db), on: app.db.sql)
            let name = try #require(directory.userName(agent.id))
            #expect(html.contains("客服 · \(name)"))
            #expect(html.contains("<dd>已发货</dd>"))
            #expect(html.contains("2026-11-20 12:05"))
        }
    }
}
