import Foundation
import KefuCore
import SQLKit
import Testing
import VaporTesting

@testable import KefuServer

@Suite("Marketplace channels: Ozon and eBay accounts as data, Ozon's messages read its way, replies matched and limited")
struct MarketplaceChannelTests {
    @Test("An Ozon account is added with its push address, its key sealed and never shown; a PATCH keeps the key")
    func ozonChannel() async throws {
        try await withKefu { app, fx in
            let store = try await fx.store(.ozon)
            let admin = try await fx.user(.admin)
            let created = try await fx.post("/api/v1/stores/\(store.id)/channels", as: admin, [
                "kind": "ozon", "settings": ["clientID": "100500", "apiKey": "ozon-secret-key"],
            ])
            #expect(created.status == .created, "\(created.body.string)")
            let channel = try created.json()
            let id = try #require(channel["id"].string)
            #expect(channel["pushPath"].string == "/hooks/ozon/\(id.lowercased())")
            #expect(channel["settings"]["clientID"].string == "100500")
            #expect(channel["settings"]["baseURL"].string == "https://api-seller.ozon.ru")
            #expect(channel["settings"]["requestsPerSecond"].int == 50)
            #expect(channel["settings"]["imapURL"].string == nil)
            #expect(!created.body.string.contains("ozon-secret-key"))

            let changed = try await fx.send(
                .PATCH, "/api/v1/channels/\(id)", bearer: admin.token, json: ["settings": ["pollSeconds": 30]])
            #expect(try changed.json()["settings"]["pollSeconds"].int == 30, "\(changed.body.string)")
            let record = try await fx.deps.channels(on: app.db).get(UUID(uuidString: id)!, by: .commandLine)
            #expect(try fx.deps.channels(on: app.db).openSecrets(of: record) == ["apiKey": "ozon-secret-key"])
            let stored = try #require(try await app.db.sql.raw("SELECT secrets FROM channels").first())
            #expect(!(try stored.decode(column: "secrets", as: String.self)).contains("ozon-secret-key"))
        }
    }

    static let refusalCases: [(kind: String, settings: [String: String], field: String)] = [
        ("ozon", ["apiKey": "k"], "clientID"),
        ("ozon", ["clientID": "seller-1", "apiKey": "k"], "clientID"),
        ("ozon", ["clientID": "100500"], "apiKey"),
        ("ozon", ["clientID": "100500", "apiKey": "k", "baseURL": "api.example"], "baseURL"),
        ("ebay", ["clientSecret": "s", "refreshToken": "r", "sellerUsername": "u"], "clientID"),
        ("ebay", ["clientID": "a", "clientSecret": "s", "refreshToken": "r"], "sellerUsername"),
        ("ebay", ["clientID": "a", "clientSecret": "s", "sellerUsername": "u"], "refreshToken"),
    ]

    @Test("Unusable marketplace settings are refused with the field", arguments: refusalCases)
    func refusals(kind: String, settings: [String: String], field: String) async throws {
        try await withKefu { app, fx in
            let store = try await fx.store(.ozon)
            let admin = try await fx.user(.admin)
            let response = try await fx.post("/api/v1/stores/\(store.id)/channels", as: admin, ["kind": kind, "settings": settings])
            #expect(response.status == .badRequest, "\(response.body.string)")
            #expect(try response.json()["error"]["message"].string?.contains("settings.\(field)") == true, "\(response.body.string)")
            #expect(try await app.db.sql.raw("SELECT COUNT(*) AS n FROM channels").first()?.decode(column: "n", as: Int.self) == 0)
        }
    }

    @Test("eBay: a new refresh token drops the access token made from the old one; other changes keep it")
    func ebayTokens() throws {
        let current = (
            settings: EbayChannelSettings(clientID: "a", sellerUsername: "u", baseURL: "https://api.ebay.com", pollSeconds: 60, requestsPerSecond: 5),
            secrets: ["clientSecret": "s", "refreshToken": "r1", "accessToken": "t", "accessTokenExpiresAt": "1"])
        let kept = try EbayChannelInput(pollSeconds: 30).resolve(over: current)
        #expect(kept.secrets["accessToken"] == "t" && kept.settings.pollSeconds == 30)
        let renewed = try EbayChannelInput(refreshToken: "r2").resolve(over: current)
        #expect(renewed.secrets["accessToken"] == nil && renewed.secrets["refreshToken"] == "r2")
    }

    @Test("Ozon takes at most 1,000 characters: a longer reply is refused before it is queued; the limit comes from the store's policy")
    func replyLimit() async throws {
        try await withKefu { app, fx in
            let store = try await fx.store(.ozon)
            try await fx.ingest([Fixtures.message("m1", conversation: "ozon:chat-1", body: "Где заказ?")], into: store)
            let agent = try await fx.user(.agent, stores: [store])
            let id = try #require(try await fx.conversations(as: agent)["items"][0]["id"].string)
            let long = String(repeating: "я", count: 1_001)
            let refused = try await fx.post("/api/v1/conversations/\(id)/replies", as: agent, ["body": long])
            #expect(refused.status == .badRequest)
            #expect(try refused.json()["error"]["code"].string == "reply_too_long")
            #expect(try refused.json()["error"]["message"].string?.contains("1001") == true)
            #expect(try await app.db.sql.raw("SELECT COUNT(*) AS n FROM deliveries").first()?.decode(column: "n", as: Int.self) == 0)
            let fits = try await fx.post("/api/v1/conversations/\(id)/replies", as: agent, ["body": String(long.dropFirst())])
            #expect(fits.status == .created, "\(fits.body.string)")

            // The thread says how long Ozon still takes replies: 48 h from the buyer's last message.
            let thread = try await fx.get("/api/v1/conversations/\(id)", as: agent)
            #expect(thread["replyWindow"]["open"].bool == true)
            let remaining = try #require(thread["replyWindow"]["remainingSeconds"].int)
            #expect((47 * 3_600...48 * 3_600).contains(remaining), "\(remaining)")
            let page = try await fx.send(.GET, "/conversations/\(id)", signedInAs: agent)
            #expect(page.body.string.contains("id=\"reply-window\""), "\(page.body.string.prefix(300))")
            let walmart = try await fx.oneConversation()
            let other = try await fx.get("/api/v1/conversations/\(walmart.id)", as: walmart.agent)
            #expect(other["replyWindow"].isNull)
        }
    }

    @Test("A reply the platform shows in its history is linked, not imported again; a reply left waiting by a timeout counts as sent")
    func linkSent() async throws {
        try await withKefu { app, fx in
            let store = try await fx.store(.ozon)
            try await fx.ingest([Fixtures.message("ozon:1", conversation: "ozon:chat-1", body: "Где заказ?")], into: store)
            let agent = try await fx.user(.agent, stores: [store])
            let id = try #require(try await fx.conversations(as: agent)["items"][0]["id"].string)
            for text in ["Уже в пути.", "Трек пришлём сегодня."] {
                #expect(try await fx.post("/api/v1/conversations/\(id)/replies", as: agent, ["body": text]).status == .created)
            }
            let model = try #require(try await StoreModel.find(store.id, on: app.db))
            let ingesting = IngestingStore(storeID: store.id, workspaceID: model.workspaceID, merchantID: model.merchantID, platform: .ozon)
            let outbox = fx.deps.outbox(on: app.db)
            let claimed = try await outbox.claim(for: ingesting, scope: .of(.ozon), limit: 10)
            #expect(claimed.map(\.conversationExternalID) == ["ozon:chat-1", "ozon:chat-1"])
            _ = try await outbox.report(claimed[0].messageID, state: .sent, error: nil, externalID: nil, for: ingesting)
            try await outbox.postpone(claimed[1].messageID, error: "timed out", retryAt: Date().addingTimeInterval(600))

            #expect(try await outbox.linkSent(conversation: "ozon:chat-1", body: "Уже в пути.", platformID: "ozon:2", for: ingesting))
            #expect(try await outbox.linkSent(conversation: "ozon:chat-1", body: "Уже в пути.", platformID: "ozon:2", for: ingesting))
            #expect(try await !outbox.linkSent(conversation: "ozon:chat-1", body: "Written on Ozon.", platformID: "ozon:3", for: ingesting))
            #expect(try await outbox.linkSent(conversation: "ozon:chat-1", body: "Трек пришлём сегодня.", platformID: "ozon:4", for: ingesting))
            let rows = try await app.db.sql.raw("SELECT state, external_id FROM deliveries ORDER BY external_id").all()
                .map { (try $0.decode(column: "state", as: String.self), try $0.decode(column: "external_id", as: String?.self)) }
            #expect(rows.map(\.0) == ["sent", "sent"])
            #expect(rows.compactMap(\.1) == ["ozon:2", "ozon:4"])
        }
    }

    @Test("A store with a mailbox and an Ozon account: each channel takes and requeues only its own conversations' replies")
    func scopes() async throws {
        try await withKefu { app, fx in
            let store = try await fx.store(.ozon)
            try await fx.ingest([
                Fixtures.message("ozon:1", conversation: "ozon:chat-1", body: "Где заказ?"),
                Fixtures.message("<m1@mail>", conversation: "mail:buyer@example.org|order", body: "Where is it?"),
            ], into: store)
            let agent = try await fx.user(.agent, stores: [store])
            for item in try await fx.conversations(as: agent)["items"].array {
                let id = try #require(item["id"].string)
                #expect(try await fx.post("/api/v1/conversations/\(id)/replies", as: agent, ["body": "Уже в пути."]).status == .created)
            }
            let model = try #require(try await StoreModel.find(store.id, on: app.db))
            let ingesting = IngestingStore(storeID: store.id, workspaceID: model.workspaceID, merchantID: model.merchantID, platform: .ozon)
            let outbox = fx.deps.outbox(on: app.db)
            let ozon = try await outbox.claim(for: ingesting, scope: .of(.ozon), limit: 10)
            let mail = try await outbox.claim(for: ingesting, scope: .of(.email), limit: 10)
            #expect(ozon.map(\.conversationExternalID) == ["ozon:chat-1"])
            #expect(mail.map(\.conversationExternalID) == ["mail:buyer@example.org|order"])
            #expect(try await outbox.claim(for: ingesting, scope: .of(.ebay), limit: 10).isEmpty)
            // The mailbox restarting leaves the Ozon reply in flight alone.
            try await outbox.requeueInterrupted(for: ingesting, scope: .of(.email))
            #expect(try await outbox.claim(for: ingesting, scope: .of(.email), limit: 10).map(\.messageID) == mail.map(\.messageID))
            #expect(try await outbox.claim(for: ingesting, scope: .of(.ozon), limit: 10).isEmpty)
        }
    }

    @Test("Ozon's enum values are read whatever their case; ids come as numbers or strings and order as numbers")
    func ozonVocabulary() throws {
        for type in ["customer", "Customer", "CUSTOMER"] { #expect(OzonInbound.author(type) == .customer) }
        #expect(OzonInbound.author("Seller") == .agent)
        #expect(OzonInbound.author("SUPPORT") == .platformCare)
        #expect(OzonInbound.author("courier") == .courier)
        #expect(OzonInbound.author("crm") == .platformNotice)
        #expect(OzonInbound.author(nil) == .platformNotice)
        #expect(OzonInbound.isBuyerChat("Buyer_Seller") && OzonInbound.isBuyerChat("BUYER_SELLER"))
        #expect(!OzonInbound.isBuyerChat("Seller_Support") && !OzonInbound.isBuyerChat("SELLER_NOTIFICATION") && !OzonInbound.isBuyerChat(nil))

        let json = #"{"messages": [{"message_id": 3000000000000000001, "created_at": "2026-11-25T10:00:00.123Z", "user": {"id": "77", "type": "Customer"}, "data": ["Здравствуйте", "где заказ?"], "context": {"order_number": "123-0001", "sku": 987654}}, {"message_id": "900", "is_image": true, "data": ["https://cdn.ozon.ru/1.jpg"]}], "has_next": false}"#
        let history = try JSONDecoder().decode(OzonAPI.History.self, from: Data(json.utf8))
        #expect(history.messages[0].message_id.value == "3000000000000000001")
        #expect(history.messages[0].context?.sku == "987654")
        #expect(OzonInbound.body(of: history.messages[0]) == "Здравствуйте\nгде заказ?")
        #expect(OzonInbound.body(of: history.messages[1]) == "[image] https://cdn.ozon.ru/1.jpg")
        #expect(ISO8601.parse("2026-11-25T10:00:00.123Z") != nil && ISO8601.parse("2026-11-25T10:00:00Z") != nil)
        #expect(OzonID.isNewer("1000", than: "999"))
        #expect(!OzonID.isNewer("999", than: "1000"))
        #expect(OzonID.isNewer("5", than: nil))
    }

    @Test("The token bucket keeps to its rate after its burst, and a 429 holds every caller back")
    func tokenBucket() async throws {
        let bucket = TokenBucket(rate: 100, burst: 10)
        let start = ContinuousClock.now
        for _ in 0..<30 { try await bucket.take() }
        let elapsed = start.duration(to: .now)
        // 10 at once, then 20 more at 100 a second: at least 0.2 s, however busy the machine.
        #expect(elapsed >= .milliseconds(190), "\(elapsed)")
        await bucket.pause(for: 0.3)
        let paused = ContinuousClock.now
        try await bucket.take()
        #expect(paused.duration(to: .now) >= .milliseconds(280))
    }

    @Test("A platform's error body becomes the reason shown: Ozon's, eBay's and OAuth's shapes")
    func platformMessages() {
        let cases: [(String, String)] = [
            (#"{"code": 9, "message": "Chat is closed", "details": []}"#, "Chat is closed"),
            (#"{"errors": [{"errorId": 1001, "message": "Invalid access token", "longMessage": "Invalid access token. Check it."}]}"#, "Invalid access token. Check it."),
            (#"{"error": "invalid_grant", "error_description": "the refresh token is invalid"}"#, "the refresh token is invalid"),
            ("Bad Gateway", "Bad Gateway"),
        ]
        for (body, expected) in cases {
            #expect(MarketplaceError.platformMessage(in: Data(body.utf8)) == expected)
        }
    }
}
