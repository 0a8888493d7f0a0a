import Foundation
import KefuCore
import SQLKit
import Testing
import VaporTesting

@testable import KefuServer

@Suite("Folder counters stay equal to a real count")
struct FolderCountTests {
    /// The counters, and a count of the rows, for every viewer given.
    private func expectCountersMatch(_ app: Application, _ fx: Fixtures, viewers: [Fixtures.User]) async throws {
        for user in viewers {
            let viewer = try await Viewer.load(try #require(try await UserModel.find(user.id, on: app.db)), on: app.db)
            let query = fx.deps.queries(on: app.db)
            let counted = try await query.countByScanning(ConversationFilter().narrowing(for: viewer))
            let kept = try await FolderCounts.read(for: viewer, merchantID: nil, storeID: nil, platform: nil, on: app.db.sql)
            #expect(kept == counted)
        }
    }

    @Test("After ingest, replies, flags, failures, retries, status changes and proactive messages")
    func countersFollowEveryChange() async throws {
        try await withKefu { app, fx in
            let walmart = try await fx.store(.walmartUS)
            let jd = try await fx.store(.jd, merchant: "Tea", timeZone: "Asia/Shanghai")
            let admin = try await fx.user(.admin)
            let agent = try await fx.user(.agent, stores: [jd])
            try await fx.ingest(
                (0..<6).map { Fixtures.message("w\($0)", conversation: "wc\($0)", order: $0 % 2 == 0 ? "W-\($0)" : nil) },
                into: walmart)
            try await fx.ingest(
                [Fixtures.message("j1", conversation: "jc1", author: .platformCare),
                 Fixtures.message("j2", conversation: "jc2"), Fixtures.message("j3", conversation: "jc2")], into: jd)
            try await expectCountersMatch(app, fx, viewers: [admin, agent])

            let items = try await fx.conversations("limit=200", as: admin)["items"].array
            let preSale = try #require(items.first { $0["kind"].string == "preSale" && $0["storeID"].string == walmart.id.uuidString })
            let afterSale = try #require(items.first { $0["kind"].string == "afterSale" })
            let preID = try #require(preSale["id"].string)
            let afterID = try #require(afterSale["id"].string)

            _ = try await fx.post("/api/v1/conversations/\(preID)/spam", as: admin, ["reason": "spam"])
            _ = try await fx.post("/api/v1/conversations/\(afterID)/read", as: admin)
            let reply = try await fx.post("/api/v1/conversations/\(afterID)/replies", as: admin, ["body": "On its way"])
            let messageID = try #require(try reply.json()["message"]["id"].string)
            _ = try await fx.send(.POST, "/api/v1/outbox/\(messageID)", bearer: walmart.key, json: ["state": "failed", "error": "closed"])
            try await expectCountersMatch(app, fx, viewers: [admin, agent])

            _ = try await fx.post("/api/v1/messages/\(messageID)/retry", as: admin)
            _ = try await fx.post("/api/v1/conversations/\(preID)/replies", as: admin, ["body": "Sorry, can I help?"])
            _ = try await fx.post("/api/v1/conversations/\(afterID)/status", as: admin, ["status": "resolved"])
            try await fx.ingest([Fixtures.message("w9", conversation: "wc0", body: "Any news?")], into: walmart)
            _ = try await fx.send(.POST, "/api/v1/ingest/orders", bearer: walmart.key, json: ["orders": [[
                "number": "W-77", "status": "shipped", "currency": "USD", "totalMinor": 100,
                "customer": ["externalID": "buyer-77", "name": "Zoe"]]]])
            _ = try await fx.post("/api/v1/orders/W-77/messages", as: admin, ["body": "Thanks for your order"])
            try await expectCountersMatch(app, fx, viewers: [admin, agent])

            let filtered = try await fx.conversations("platform=jd", as: admin)
            #expect(filtered["counts"]["all"].int == 2)
            #expect(filtered["counts"]["customerCare"].int == 1)
        }
    }
}
