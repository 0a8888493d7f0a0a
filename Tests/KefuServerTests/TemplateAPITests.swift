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

    @Test("A template is edited with its earlier versions kept, and one for every platform passes every platform's rules")
    func editsAndHistory() async throws {
        try await withKefu { app, fx in
            let store = try await fx.store(.pinduoduo)
            let lead = try await fx.user(.supervisor)
            let agent = try await fx.user(.agent, stores: [store])
            // Fine on Walmart, not on Pinduoduo: a template for every platform is refused, naming the platform.
            let everywhere = try await fx.post("/api/v1/templates", as: lead, ["title": "WeChat", "body": "亲，加我微信详聊"])
            #expect(everywhere.status == .unprocessableEntity)
            #expect(try everywhere.json()["error"]["platform"].string != nil)

            let created = try await fx.post("/api/v1/templates", as: lead, ["title": "Thanks", "body": "Thank you!", "language": "en"])
            let id = try #require(try created.json()["id"].string)
            #expect(try created.json()["version"].int == 1)
            let changed = try await fx.send(
                .PATCH, "/api/v1/templates/\(id)", bearer: lead.token, json: ["body": "Thank you for your order!"])
            #expect(changed.status == .ok)
            #expect(try changed.json()["version"].int == 2)
            #expect(try changed.json()["title"].string == "Thanks")
            let refused = try await fx.send(.PATCH, "/api/v1/templates/\(id)", bearer: lead.token, json: ["body": "加微信详聊"])
            #expect(refused.status == .unprocessableEntity)
            _ = try await fx.post("/api/v1/templates", as: lead, ["title": "Other", "body": "Hello"])
            let clash = try await fx.send(.PATCH, "/api/v1/templates/\(id)", bearer: lead.token, json: ["title": "Other"])
            #expect(clash.status == .conflict)
            let byAgent = try await fx.send(.PATCH, "/api/v1/templates/\(id)", bearer: agent.token, json: ["title": "Mine"])
            #expect(byAgent.status == .forbidden)

            let history = try await fx.get("/api/v1/templates/\(id)/versions", as: lead)["items"].array
            #expect(history.map { $0["version"].int } == [1])
            #expect(history.first?["body"].string == "Thank you!")
            #expect(history.first?["writtenBy"].string == lead.id.uuidString)
            let current = try await fx.get("/api/v1/templates", as: agent)["items"].array.first { $0["id"].string == id }
            #expect(current?["body"].string == "Thank you for your order!")

            var headers = HTTPHeaders()
            headers.add(name: .cookie, value: "kefu_session=\(lead.token)")
            headers.add(name: .acceptLanguage, value: "zh-CN")
            let page = try await app.testing().sendRequest(.GET, "/templates", headers: headers).body.string
            #expect(page.contains("历史版本（1）") && page.contains("第 1 版"))
            #expect(page.contains("data-body=\"Thank you for your order!\""))
        }
    }

    @Test("The picker lists the conversation's language first, then its platform's before every platform's")
    func pickerOrder() async throws {
        try await withKefu { _, fx in
            let store = try await fx.store(.pinduoduo)
            let lead = try await fx.user(.supervisor)
            let agent = try await fx.user(.agent, stores: [store])
            for (title, platform, language) in [
                ("A thanks", nil, "en"), ("B 感谢", nil, "zh-CN"), ("C 拼多多感谢", "pinduoduo", "zh-CN"), ("D PDD thanks", "pinduoduo", "en"),
            ] as [(String, String?, String)] {
                var body: [String: Any] = ["title": title, "body": "谢谢 thanks", "language": language]
                if let platform { body["platform"] = platform }
                #expect(try await fx.post("/api/v1/templates", as: lead, body).status == .created)
            }
            let titles = try await fx.get("/api/v1/templates?platform=pinduoduo&language=zh-Hans", as: agent)["items"].array
                .compactMap { $0["title"].string }
            #expect(titles == ["C 拼多多感谢", "B 感谢", "D PDD thanks", "A thanks"])
            let plain = try await fx.get("/api/v1/templates?platform=pinduoduo", as: agent)["items"].array.compactMap { $0["title"].string }
            #expect(plain == ["A thanks", "B 感谢", "C 拼多多感谢", "D PDD thanks"])
        }
    }

    @Test("One template in several languages: each translation vetted and versioned, the picker inserting the buyer's")
    func translations() async throws {
        try await withKefu { _, fx in
            let store = try await fx.store(.pinduoduo)
            let lead = try await fx.user(.supervisor)
            let agent = try await fx.user(.agent, stores: [store])
            let created = try await fx.post("/api/v1/templates", as: lead, [
                "title": "发货", "body": "{buyerName}您好，已发货。", "language": "zh-CN", "platform": "pinduoduo",
            ])
            let id = try #require(try created.json()["id"].string)

            let english = try await fx.send(
                .PUT, "/api/v1/templates/\(id)/translations/en", bearer: lead.token,
                json: ["title": "Shipped", "body": "Hello {buyerName}, it has shipped.", "version": 1])
            #expect(english.status == .ok)
            #expect(try english.json()["version"].int == 2)
            #expect(try english.json()["translations"].array.map { $0["language"].string } == ["en"])
            #expect(try english.json()["translations"][0]["variables"].array.compactMap(\.string) == ["buyerName"])
            // Made from version 1, which is gone: someone else's change is not overwritten.
            let stale = try await fx.send(
                .PUT, "/api/v1/templates/\(id)/translations/en", bearer: lead.token, json: ["body": "Shipped!", "version": 1])
            #expect(stale.status == .conflict)
            // Pinduoduo's rules vet a translation as they vet the template.
            let blocked = try await fx.send(
                .PUT, "/api/v1/templates/\(id)/translations/ru", bearer: lead.token, json: ["body": "Напишите мне в WeChat: kefu123"])
            #expect(blocked.status == .unprocessableEntity)
            let ownLanguage = try await fx.send(
                .PUT, "/api/v1/templates/\(id)/translations/zh-Hans", bearer: lead.token, json: ["body": "已发货"])
            #expect(ownLanguage.status == .badRequest)
            let badTag = try await fx.send(
                .PUT, "/api/v1/templates/\(id)/translations/english%20please", bearer: lead.token, json: ["body": "x"])
            #expect(badTag.status == .badRequest)
            #expect(try await fx.send(
                .PUT, "/api/v1/templates/\(id)/translations/en", bearer: agent.token, json: ["body": "Mine"]).status == .forbidden)

            // The picker: an English-writing buyer gets the English text and finds the template in their language.
            let forEnglish = try await fx.get("/api/v1/templates?platform=pinduoduo&language=en-US", as: agent)["items"].array
            #expect(forEnglish.first?["forLanguage"]["body"].string == "Hello {buyerName}, it has shipped.")
            #expect(forEnglish.first?["forLanguage"]["title"].string == "Shipped")
            let forRussian = try await fx.get("/api/v1/templates?platform=pinduoduo&language=ru", as: agent)["items"].array
            #expect(forRussian.first?["forLanguage"]["body"].string == "{buyerName}您好，已发货。")

            let changed = try await fx.send(
                .PUT, "/api/v1/templates/\(id)/translations/en", bearer: lead.token, json: ["body": "Hi {buyerName}, shipped today."])
            #expect(try changed.json()["version"].int == 3)
            #expect(try changed.json()["translations"][0]["title"].string == "Shipped")
            let removed = try await fx.send(.DELETE, "/api/v1/templates/\(id)/translations/en", bearer: lead.token)
            #expect(removed.status == .ok)
            #expect(try removed.json()["translations"].array.isEmpty)
            #expect(try await fx.send(.DELETE, "/api/v1/templates/\(id)/translations/en", bearer: lead.token).status == .notFound)

            let history = try await fx.get("/api/v1/templates/\(id)/versions", as: lead)["items"].array
            #expect(history.map { $0["version"].int } == [3, 2])
            #expect(history.map { $0["translation"].string } == ["en", "en"])
            #expect(history.map { $0["body"].string } == ["Hi {buyerName}, shipped today.", "Hello {buyerName}, it has shipped."])
            #expect(history.allSatisfy { $0["replacedAt"].string != nil })

            // A template moved to another platform must keep every translation within that platform's rules.
            _ = try await fx.send(
                .PUT, "/api/v1/templates/\(id)/translations/en", bearer: lead.token, json: ["body": "Add me on WeChat for a coupon"])
            let moved = try await fx.send(.PATCH, "/api/v1/templates/\(id)", bearer: lead.token, json: ["platform": "walmart-us"])
            #expect(moved.status == .unprocessableEntity)
        }
    }
}
