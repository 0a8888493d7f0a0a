import Foundation
import KefuCore
import Testing
import VaporTesting

@testable import KefuServer

@Suite("A buyer across the merchant's stores")
struct CustomerTests {
    private func order(_ number: String, buyer: String) -> [String: Any] {
        ["number": number, "status": "shipped", "currency": "CNY", "totalMinor": 9900,
         "items": [["title": "龙井茶 250g", "quantity": 1, "priceMinor": 9900]], "customer": ["externalID": buyer, "name": "王芳"]]
    }

    @Test("One platform id in two of the merchant's stores on one platform is one person: their conversations and orders together")
    func onePersonAcrossStores() async throws {
        try await withKefu { app, fx in
            let first = try await fx.store(.tmall, name: "茶语一店")
            let second = try await fx.store(.tmall, name: "茶语二店")
            let other = try await fx.store(.tmall, name: "别家", merchant: "Other brand")
            for (store, number) in [(first, "T-1"), (second, "T-2")] {
                _ = try await fx.send(.POST, "/api/v1/ingest/orders", bearer: store.key, json: ["orders": [order(number, buyer: "tb-88")]])
                try await fx.ingest([Fixtures.message("m-\(number)", conversation: "c-\(number)", body: "到哪了", customer: "tb-88",
                                                      name: "王芳", order: number)], into: store)
            }
            // The same platform id at another merchant is somebody else.
            try await fx.ingest([Fixtures.message("x1", conversation: "x1", customer: "tb-88", name: "王芳")], into: other)
            let lead = try await fx.user(.supervisor)
            let conversations = try await fx.conversations("platform=tmall", as: lead)["items"].array
            let mine = try #require(conversations.first { $0["orderNumber"].string == "T-1" })
            let customer = try #require(mine["customer"]["id"].string)

            let profile = try await fx.get("/api/v1/customers/\(customer)", as: lead)
            #expect(profile["records"].array.count == 2)
            #expect(Set(profile["conversations"].array.compactMap { $0["orderNumber"].string }) == ["T-1", "T-2"])
            #expect(Set(profile["orders"].array.compactMap { $0["number"].string }) == ["T-1", "T-2"])
            #expect(profile["sameName"].array.count == 1)

            // An agent of the first store sees only that store's part.
            let agent = try await fx.user(.agent, stores: [first])
            let seen = try await fx.get("/api/v1/customers/\(customer)", as: agent)
            #expect(seen["records"].array.count == 1)
            #expect(seen["conversations"].array.compactMap { $0["orderNumber"].string } == ["T-1"])
            let hidden = try #require(conversations.first { $0["orderNumber"].string == "T-2" }?["customer"]["id"].string)
            #expect(try await fx.send(.GET, "/api/v1/customers/\(hidden)", bearer: agent.token).status == .notFound)

            var headers = HTTPHeaders()
            headers.add(name: .cookie, value: "kefu_session=\(lead.token)")
            headers.add(name: .acceptLanguage, value: "zh-CN")
            let thread = try await app.testing().sendRequest(.GET, "/conversations/\(try #require(mine["id"].string))", headers: headers)
            #expect(thread.body.string.contains("2 个会话 · 2 个订单"))
            let page = try await app.testing().sendRequest(.GET, "/customers/\(customer)", headers: headers).body.string
            #expect(page.contains("会话（2）") && page.contains("订单（2）") && page.contains("合并为同一买家"))
        }
    }

    @Test("A supervisor merges two records into one person, audited; an agent may not, and twice is refused")
    func merge() async throws {
        try await withKefu { app, fx in
            let tmall = try await fx.store(.tmall)
            let jd = try await fx.store(.jd)
            try await fx.ingest([Fixtures.message("t1", conversation: "t1", body: "你好", customer: "tb-1", name: "李娜")], into: tmall)
            try await fx.ingest([Fixtures.message("j1", conversation: "j1", body: "在吗", customer: "jd-1", name: "李娜")], into: jd)
            let lead = try await fx.user(.supervisor)
            let agent = try await fx.user(.agent, stores: [tmall, jd])
            let items = try await fx.conversations(as: lead)["items"].array
            let onTmall = try #require(items.first { $0["platform"].string == "tmall" }?["customer"]["id"].string)
            let onJD = try #require(items.first { $0["platform"].string == "jd" }?["customer"]["id"].string)

            let refused = try await fx.post("/api/v1/customers/\(onJD)/merge", as: agent, ["into": onTmall])
            #expect(refused.status == .forbidden)
            let merged = try await fx.post("/api/v1/customers/\(onJD)/merge", as: lead, ["into": onTmall])
            #expect(merged.status == .ok)
            #expect(try merged.json()["records"].array.count == 2)
            #expect(try merged.json()["conversations"].array.count == 2)
            #expect(try merged.json()["sameName"].array.isEmpty)
            let again = try await fx.post("/api/v1/customers/\(onTmall)/merge", as: lead, ["into": onJD])
            #expect(again.status == .conflict)
            let audit = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM audit_events WHERE action = 'customers_merged'").first()
            #expect(try audit?.decode(column: "n", as: Int.self) == 1)
            // The merged buyer's next message keeps them one person.
            try await fx.ingest([Fixtures.message("j2", conversation: "j2", body: "还在吗", customer: "jd-1", name: "李娜")], into: jd)
            #expect(try await fx.get("/api/v1/customers/\(onTmall)", as: lead)["conversations"].array.count == 3)
        }
    }

    @Test("A merge is taken back by splitting: each side its own person again, its same-id records kept with it, audited")
    func split() async throws {
        try await withKefu { app, fx in
            let tmallOne = try await fx.store(.tmall, name: "一店")
            let tmallTwo = try await fx.store(.tmall, name: "二店")
            let jd = try await fx.store(.jd)
            // tb-1 in two Tmall stores is one person from the start; the JD record is merged in by mistake.
            try await fx.ingest([Fixtures.message("t1", conversation: "t1", body: "你好", customer: "tb-1", name: "李娜")], into: tmallOne)
            try await fx.ingest([Fixtures.message("t2", conversation: "t2", body: "你好", customer: "tb-1", name: "李娜")], into: tmallTwo)
            try await fx.ingest([Fixtures.message("j1", conversation: "j1", body: "在吗", customer: "jd-1", name: "李娜")], into: jd)
            let lead = try await fx.user(.supervisor)
            let agent = try await fx.user(.agent, stores: [jd])
            let items = try await fx.conversations(as: lead)["items"].array
            let onTmall = try #require(items.first { $0["platform"].string == "tmall" }?["customer"]["id"].string)
            let onJD = try #require(items.first { $0["platform"].string == "jd" }?["customer"]["id"].string)
            #expect(try await fx.post("/api/v1/customers/\(onTmall)/split", as: lead).status == .conflict)

            // Merged into the JD record's person, so the Tmall side is the one that must move out.
            #expect(try await fx.post("/api/v1/customers/\(onTmall)/merge", as: lead, ["into": onJD]).status == .ok)
            #expect(try await fx.get("/api/v1/customers/\(onJD)", as: lead)["records"].array.count == 3)
            #expect(try await fx.post("/api/v1/customers/\(onJD)/split", as: agent).status == .forbidden)
            let split = try await fx.post("/api/v1/customers/\(onTmall)/split", as: lead)
            #expect(split.status == .ok)
            #expect(try split.json()["records"].array.count == 2, "both Tmall stores' records stay one person")
            #expect(try split.json()["conversations"].array.count == 2)
            let jdSide = try await fx.get("/api/v1/customers/\(onJD)", as: lead)
            #expect(jdSide["records"].array.count == 1)
            #expect(jdSide["person"].string != (try split.json()["person"].string))
            let audit = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM audit_events WHERE action = 'customers_split'").first()
            #expect(try audit?.decode(column: "n", as: Int.self) == 1)

            // Merged the other way round, the JD record is split off from the person the Tmall records carry.
            #expect(try await fx.post("/api/v1/customers/\(onJD)/merge", as: lead, ["into": onTmall]).status == .ok)
            let back = try await fx.post("/api/v1/customers/\(onJD)/split", as: lead)
            #expect(try back.json()["records"].array.count == 1)
            #expect(try await fx.get("/api/v1/customers/\(onTmall)", as: lead)["records"].array.count == 2)
            // A Tmall buyer's next message still finds the Tmall person.
            try await fx.ingest([Fixtures.message("t3", conversation: "t3", body: "还在吗", customer: "tb-1", name: "李娜")], into: tmallTwo)
            #expect(try await fx.get("/api/v1/customers/\(onTmall)", as: lead)["conversations"].array.count == 3)
            #expect(try await fx.get("/api/v1/customers/\(onJD)", as: lead)["conversations"].array.count == 1)
        }
    }
}
