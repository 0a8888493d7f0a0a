import Foundation
import KefuCore
import Testing
import VaporTesting

@testable import KefuServer

@Suite("Reply templates")
struct TemplateAPITests {
    @Test("Supervisors write templates, agents read them by title and platform, and a platform's rules vet them")
    func templates() async throws {
        try await withKefu { app, fx in
            let store = try await fx.store(.pinduoduo)
            let lead = try await fx.user(.supervisor)
            let agent = try await fx.user(.agent, stores: [store])

            let created = try await fx.post("/api/v1/templates", as: lead, [
                "title": "发货进度", "body": "{buyerName}您好，订单{orderNumber}已发货。", "platform": "pinduoduo",
            ])
            #expect(created.status == .created)
            #expect(try created.json()["variables"].array.compactMap(\.string) == ["buyerName", "orderNumber"])
            let everywhere = try await fx.post("/api/v1/templates", as: lead, ["title": "Thanks", "body": "Thank you!"])
            #expect(everywhere.status == .created)
            let walmartOnly = try await fx.post("/api/v1/templates", as: lead, [
                "title": "Walmart hello", "body": "Hello from our Walmart shop.", "platform": "walmart-us",
            ])
            #expect(walmartOnly.status == .created)

            let forPDD = try await fx.get("/api/v1/templates?platform=pinduoduo", as: agent)
            #expect(forPDD["items"].array.compactMap { $0["title"].string }.sorted() == ["Thanks", "发货进度"])
            let searched = try await fx.get("/api/v1/templates?q=\(encoded("发货"))", as: agent)
            #expect(searched["items"].array.count == 1)

            let byAgent = try await fx.post("/api/v1/templates", as: agent, ["title": "Mine", "body": "Hi"])
            #expect(byAgent.status == .forbidden)
            let duplicate = try await fx.post("/api/v1/templates", as: lead, ["title": "Thanks", "body": "Again"])
            #expect(duplicate.status == .conflict)
            let blocked = try await fx.post("/api/v1/templates", as: lead, [
                "title": "加微信", "body": "加我微信详聊", "platform": "pinduoduo",
            ])
            #expect(blocked.status == .unprocessableEntity)
            #expect(try blocked.json()["error"]["findings"].array.compactMap { $0["matched"].string }.contains { $0.contains("微信") })
            let empty = try await fx.post("/api/v1/templates", as: lead, ["title": " ", "body": "x"])
            #expect(empty.status == .badRequest)

            let id = try #require(try created.json()["id"].string)
            #expect(try await fx.send(.DELETE, "/api/v1/templates/\(id)", bearer: agent.token).status == .forbidden)
            #expect(try await fx.send(.DELETE, "/api/v1/templates/\(id)", bearer: lead.token).status == .noContent)
            #expect(try await fx.send(.DELETE, "/api/v1/templates/\(id)", bearer: lead.token).status == .notFound)
        }
    }
}
