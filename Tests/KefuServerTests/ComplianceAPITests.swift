import Foundation
import Testing
import VaporTesting

@testable import KefuServer

@Suite("Compliance guard in the API")
struct ComplianceAPITests {
    @Test("The check endpoint answers a verdict and findings with UTF-16 offsets of the original text")
    func check() async throws {
        try await withKefu { _, fx in
            let admin = try await fx.user(.admin)
            let response = try await fx.post("/api/v1/compliance/check?lang=zh", as: admin, ["platform": "pinduoduo", "text": "😀 加微信"])
            #expect(response.status == .ok)
            let body = try response.json()
            #expect(body["verdict"].string == "block")
            let finding = body["findings"][0]
            #expect(finding["category"].string == "contactInfo")
            #expect(finding["start"].int == 4)
            #expect(finding["end"].int == 6)
            #expect(finding["matched"].string == "微信")
            #expect(finding["message"].string?.contains("微信") == true)
            let clean = try await fx.post("/api/v1/compliance/check", as: admin, ["platform": "jd", "text": "京东物流已经揽收"])
            #expect(try clean.json()["verdict"].string == "pass")

            // Each finding carries the fix the server checked: the whole clause here, and none where nothing safe exists.
            let typed = "亲，加我薇信 abc12345，发您实拍图"
            let fixable = try await fx.post("/api/v1/compliance/check", as: admin, ["platform": "pinduoduo", "text": typed])
            let fix = try fixable.json()["findings"][0]["fix"]
            #expect(fix["start"].int == 2)
            #expect(fix["end"].int == 16)
            #expect(fix["text"].string == "")
            let unfixable = try await fx.post("/api/v1/compliance/check", as: admin, ["platform": "pinduoduo", "text": "爱买不买"])
            #expect(try unfixable.json()["findings"][0]["fix"].isNull)
        }
    }

    @Test("An unknown platform, an empty text or no platform at all is a clear 400")
    func badChecks() async throws {
        try await withKefu { _, fx in
            let admin = try await fx.user(.admin)
            for (json, code) in [
                (["platform": "myspace", "text": "hi"], "unknown_platform"), (["platform": "jd", "text": "  "], "missing_field"),
                (["text": "hi"], "missing_field"),
            ] {
                let response = try await fx.post("/api/v1/compliance/check", as: admin, json)
                #expect(response.status == .badRequest)
                #expect(try response.json()["error"]["code"].string == code)
            }
            let other = try await fx.store(workspace: "Other")
            let hidden = try await fx.post("/api/v1/compliance/check", as: admin, ["storeID": other.id.uuidString, "text": "hi"])
            #expect(hidden.status == .notFound)
        }
    }

    @Test("A blocked reply is refused with its findings and nothing is stored")
    func blockedReply() async throws {
        try await withKefu { _, fx in
            let (_, agent, id) = try await fx.oneConversation()
            let response = try await fx.post("/api/v1/conversations/\(id)/replies", as: agent, ["body": "Email me at help@lumi-home.com"])
            #expect(response.status == .unprocessableEntity)
            let error = try response.json()["error"]
            #expect(error["code"].string == "compliance_blocked")
            #expect(error["findings"].array.contains { $0["category"].string == "contactInfo" && $0["matched"].string == "help@lumi-home.com" })
            let thread = try await fx.get("/api/v1/conversations/\(id)", as: agent)
            #expect(thread["messages"].array.count == 1)
            #expect(thread["conversation"]["labels"].strings.contains("responseNeeded"))
            let acknowledged = try await fx.post(
                "/api/v1/conversations/\(id)/replies", as: agent, ["body": "Email me at help@lumi-home.com", "acknowledgeWarnings": true])
            #expect(acknowledged.status == .unprocessableEntity)
        }
    }

    @Test("A rejection underlines what was typed, leading white space included, as the check endpoint does")
    func rejectionOffsets() async throws {
        try await withKefu { _, fx in
            let (_, agent, id) = try await fx.oneConversation()
            let typed = "\n  Email me at help@lumi-home.com"
            let rejected = try await fx.post("/api/v1/conversations/\(id)/replies", as: agent, ["body": typed])
            let checked = try await fx.post("/api/v1/compliance/check", as: agent, ["conversationID": id, "text": typed])
            let email = { (findings: [JSON]) in findings.first { $0["rule"].string == "detector.email" } }
            let fromReply = try #require(email(try rejected.json()["error"]["findings"].array))
            let fromCheck = try #require(email(try checked.json()["findings"].array))
            #expect(fromReply["start"].int == 15)
            #expect(fromReply["start"].int == fromCheck["start"].int)
            #expect(fromReply["end"].int == fromCheck["end"].int)
        }
    }

    @Test("A warning needs the agent's acknowledgement and is recorded on the message")
    func warnedReply() async throws {
        try await withKefu { _, fx in
            let (_, agent, id) = try await fx.oneConversation()
            let body = "I promise it will arrive tomorrow."
            let first = try await fx.post("/api/v1/conversations/\(id)/replies", as: agent, ["body": body])
            #expect(first.status == .unprocessableEntity)
            #expect(try first.json()["error"]["code"].string == "compliance_warning")
            let second = try await fx.post("/api/v1/conversations/\(id)/replies", as: agent, ["body": body, "acknowledgeWarnings": true])
            #expect(second.status == .created)
            let message = try second.json()["message"]
            #expect(message["compliance"]["verdict"].string == "warn")
            #expect(message["compliance"]["acknowledged"].bool == true)
            #expect(message["compliance"]["findings"][0]["category"].string == "promise")
            let clean = try await fx.post("/api/v1/conversations/\(id)/replies", as: agent, ["body": "It ships today."])
            #expect(try clean.json()["message"]["compliance"].string == nil)
        }
    }

    @Test("Proactive order messages pass the guard, and the order's buyer phone may not be repeated")
    func proactive() async throws {
        try await withKefu { _, fx in
            let store = try await fx.store(.jd, timeZone: "Asia/Shanghai")
            let order: [String: Any] = [
                "number": "JD-1", "status": "shipped", "currency": "CNY", "totalMinor": 9900,
                "customer": ["externalID": "buyer-1", "name": "王芳"], "buyerPhone": "13912345678",
                "shippingAddress": "浙江省杭州市西湖区文三路138号5幢1201室",
            ]
            _ = try await fx.send(.POST, "/api/v1/ingest/orders", bearer: store.key, json: ["orders": [order]])
            let agent = try await fx.user(.agent, stores: [store])
            let phone = try await fx.post("/api/v1/orders/JD-1/messages", as: agent, ["body": "已备注您的电话13912345678"])
            #expect(phone.status == .unprocessableEntity)
            let findings = try phone.json()["error"]["findings"].array
            #expect(findings.contains { $0["category"].string == "personalData" && $0["suggestion"].string == "139****5678" })
            let address = try await fx.post("/api/v1/orders/JD-1/messages", as: agent, ["body": "会寄到文三路138号5幢1201室"])
            #expect(address.status == .unprocessableEntity)
            let fine = try await fx.post("/api/v1/orders/JD-1/messages", as: agent, ["body": "您好，订单JD-1已经发货了"])
            #expect(fine.status == .created)
        }
    }

    @Test("Quoting another buyer's order number is a warning; the buyer's own orders are fine")
    func otherBuyersOrder() async throws {
        try await withKefu { _, fx in
            let store = try await fx.store(.tmall, timeZone: "Asia/Shanghai")
            func order(_ number: String, buyer: String) -> [String: Any] {
                ["number": number, "status": "shipped", "currency": "CNY", "totalMinor": 9900, "customer": ["externalID": buyer, "name": buyer]]
            }
            let orders = [
                order("2411201234567890123", buyer: "buyer-1"), order("2410300000000000042", buyer: "buyer-1"),
                order("2411209999999999999", buyer: "buyer-2"),
            ]
            let ingested = try await fx.send(.POST, "/api/v1/ingest/orders", bearer: store.key, json: ["orders": orders])
            #expect(ingested.status == .ok)
            let agent = try await fx.user(.agent, stores: [store])
            let send = { (body: String, acknowledge: Bool) in
                try await fx.post("/api/v1/orders/2411201234567890123/messages", as: agent, ["body": body, "acknowledgeWarnings": acknowledge])
            }
            let other = try await send("订单2411209999999999999也发货了", false)
            #expect(other.status == .unprocessableEntity)
            #expect(try other.json()["error"]["code"].string == "compliance_warning")
            #expect(try other.json()["error"]["findings"][0]["rule"].string == "detector.otherOrder")
            #expect(try await send("您的另一单2410300000000000042也发货了", false).status == .created)
            #expect(try await send("订单2411209999999999999也发货了", true).status == .created)
        }
    }

    @Test("Buyers' links, payment requests and phishing are flagged on the message and searchable")
    func inboundFlags() async throws {
        try await withKefu { _, fx in
            let store = try await fx.store(.pinduoduo, timeZone: "Asia/Shanghai")
            try await fx.ingest([
                Fixtures.message("m1", conversation: "c1", body: "你的店铺账号异常，点击链接 http://pdd-verify.top 处理"),
                Fixtures.message("m2", conversation: "c2", body: "什么时候发货？", customer: "buyer-2"),
            ], into: store)
            let admin = try await fx.user(.admin)
            let flagged = try await fx.conversations("risk=phishing", as: admin)["items"].array
            #expect(flagged.count == 1)
            let id = try #require(flagged.first?["id"].string)
            let thread = try await fx.get("/api/v1/conversations/\(id)", as: admin)
            #expect(Set(thread["messages"][0]["riskFlags"].strings) == ["phishing", "suspiciousLink"])
            #expect(try await fx.conversations("risk=any", as: admin)["items"].array.count == 1)
            #expect(try await fx.conversations("risk=paymentRequest", as: admin)["items"].array.isEmpty)
            let bad = try await fx.send(.GET, "/api/v1/conversations?risk=bogus", bearer: admin.token)
            #expect(bad.status == .badRequest)
        }
    }

    @Test("An admin adds and removes the workspace's own terms; agents cannot, and every change is audited")
    func workspaceTerms() async throws {
        try await withKefu { _, fx in
            let admin = try await fx.user(.admin)
            let agent = try await fx.user(.agent)
            let check = { (text: String) in
                try await fx.post("/api/v1/compliance/check", as: admin, ["platform": "pinduoduo", "text": text]).json()["verdict"].string
            }
            #expect(try await check("下单秒发") == "pass")
            let refused = try await fx.post("/api/v1/compliance/terms", as: agent, ["term": "秒发"])
            #expect(refused.status == .forbidden)
            let added = try await fx.post("/api/v1/compliance/terms", as: admin, ["term": "秒发", "category": "promise", "severity": "warn"])
            #expect(added.status == .created)
            #expect(try await check("下单秒发") == "warn")
            let allowed = try await fx.post("/api/v1/compliance/terms", as: admin, ["term": "第一坊", "action": "allow"])
            #expect(allowed.status == .created)
            #expect(try await check("第一坊旗舰店") == "pass")
            let twice = try await fx.post("/api/v1/compliance/terms", as: admin, ["term": "秒发", "category": "promise", "severity": "warn"])
            #expect(twice.status == .conflict)
            let id = try #require(try added.json()["id"].string)
            let removed = try await fx.send(.DELETE, "/api/v1/compliance/terms/\(id)", bearer: admin.token)
            #expect(removed.status == .noContent)
            #expect(try await check("下单秒发") == "pass")
            let audit = try await fx.app.db.sql.raw("SELECT action FROM audit_events WHERE action LIKE 'compliance_term%'").all()
            #expect(audit.count == 3)
        }
    }
    @Test("A workspace term may be matched glued to other letters when it is long enough; short or malformed ones are refused")
    func gluedWorkspaceTerms() async throws {
        try await withKefu { _, fx in
            let admin = try await fx.user(.admin)
            let check = { (text: String) in
                try await fx.post("/api/v1/compliance/check", as: admin, ["platform": "amazon-us", "text": text]).json()["verdict"].string
            }
            #expect(try await check("Find us on myrivalmart123") == "pass")
            let added = try await fx.post("/api/v1/compliance/terms", as: admin, ["term": "*rivalmart*", "category": "thirdPartyPlatform"])
            #expect(added.status == .created)
            #expect(try await check("Find us on myrivalmart123") == "block")
            for bad in ["*qq*", "riv*al", "*!*"] {
                let refused = try await fx.post("/api/v1/compliance/terms", as: admin, ["term": bad])
                #expect(refused.status == .badRequest, "\(bad)")
                #expect(try refused.json()["error"]["code"].string == "invalid_term")
            }
        }
    }
    @Test("A Tmall store's own shop link passes once its shop address is set; another shop's link is blocked")
    func shopLinks() async throws {
        try await withKefu { _, fx in
            let store = try await fx.store(.tmall, timeZone: "Asia/Shanghai")
            try await fx.ingest([Fixtures.message("m1", conversation: "c1", body: "有店铺链接吗")], into: store)
            let admin = try await fx.user(.admin)
            let agent = try await fx.user(.agent, stores: [store])
            let id = try #require(try await fx.conversations(as: agent)["items"][0]["id"].string)
            let own = "欢迎收藏本店 https://lumihome.tmall.com"
            let other = "同款在 https://rival.tmall.com 更便宜"
            let reply = { (body: String) in
                try await fx.post("/api/v1/conversations/\(id)/replies", as: agent, ["body": body])
            }
            // Unknown shop: a warning to acknowledge, whichever shop it is.
            #expect(try await reply(own).json()["error"]["code"].string == "compliance_warning")

            let path = "/api/v1/stores/\(store.id)"
            #expect(try await fx.send(.PATCH, path, bearer: agent.token, json: ["shopAddress": "https://lumihome.tmall.com"]).status == .forbidden)
            let wrong = try await fx.send(.PATCH, path, bearer: admin.token, json: ["shopAddress": "https://lumihome.jd.com"])
            #expect(wrong.status == .badRequest)
            #expect(try wrong.json()["error"]["code"].string == "invalid_shop_address")
            #expect(try await fx.send(.PATCH, path, bearer: admin.token, json: [String: Any]()).status == .badRequest)
            let set = try await fx.send(.PATCH, path, bearer: admin.token, json: ["shopAddress": "https://LumiHome.tmall.com/?spm=a1z10"])
            #expect(set.status == .ok)
            #expect(try set.json()["shopAddress"].string == "https://LumiHome.tmall.com/?spm=a1z10")

            #expect(try await reply(own).status == .created)
            let blocked = try await reply(other)
            #expect(blocked.status == .unprocessableEntity)
            #expect(try blocked.json()["error"]["findings"][0]["rule"].string == "detector.otherShopLink")
            let checked = try await fx.post("/api/v1/compliance/check", as: agent, ["storeID": store.id.uuidString, "text": own])
            #expect(try checked.json()["verdict"].string == "pass")

            let cleared = try await fx.send(.PATCH, path, bearer: admin.token, json: ["shopAddress": NSNull()])
            #expect(try cleared.json()["shopAddress"].string == nil)
            #expect(try await reply(own).json()["error"]["code"].string == "compliance_warning")
            let audit = try await fx.app.db.sql.raw("SELECT action FROM audit_events WHERE action = 'store_shop_address_set'").all()
            #expect(audit.count == 2)
        }
    }
}
