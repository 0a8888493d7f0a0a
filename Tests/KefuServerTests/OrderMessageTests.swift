import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import KefuServer

@Suite("Orders and proactive messages")
struct OrderMessageTests {
    private let order: [String: Any] = [
        "number": "W-500", "status": "shipped", "currency": "USD", "totalMinor": 4999,
        "items": [["sku": "BL-1", "title": "Blender", "quantity": 1, "priceMinor": 4999]],
        "customer": ["externalID": "buyer-9", "name": "Ava Chen"],
        "carrier": "UPS", "trackingNumber": "1Z999",
    ]

    @Test("The thread shows its order")
    func threadShowsOrder() async throws {
        try await withKefu { _, fx in
            let store = try await fx.store()
            let upsert = try await fx.send(.POST, "/api/v1/ingest/orders", bearer: store.key, json: ["orders": [order]])
            #expect(try upsert.json()["upserted"].int == 1)
            try await fx.ingest([Fixtures.message("m1", conversation: "c1", customer: "buyer-9", order: "W-500")], into: store)
            let admin = try await fx.user(.admin)
            let id = try #require(try await fx.conversations(as: admin)["items"][0]["id"].string)
            let thread = try await fx.get("/api/v1/conversations/\(id)", as: admin)
            #expect(thread["order"]["trackingNumber"].string == "1Z999")
            #expect(thread["order"]["items"][0]["title"].string == "Blender")
            #expect(thread["customer"]["externalID"].string == "buyer-9")
        }
    }

    @Test("A bad order is refused by field")
    func badOrder() async throws {
        try await withKefu { _, fx in
            let store = try await fx.store()
            var bad = order
            bad["currency"] = "dollars"
            let response = try await fx.send(.POST, "/api/v1/ingest/orders", bearer: store.key, json: ["orders": [bad]])
            #expect(response.status == .badRequest)
            #expect(try response.json()["error"]["message"].string?.contains("orders[0].currency") == true)
        }
    }

    @Test("A proactive message starts a conversation with the order's buyer, then continues it")
    func proactive() async throws {
        try await withKefu { _, fx in
            let store = try await fx.store()
            _ = try await fx.send(.POST, "/api/v1/ingest/orders", bearer: store.key, json: ["orders": [order]])
            let agent = try await fx.user(.agent, stores: [store])
            let first = try await fx.post("/api/v1/orders/W-500/messages", as: agent, ["body": "Your blender ships today."])
            #expect(first.status == .created)
            let conversation = try first.json()["conversation"]
            #expect(conversation["kind"].string == "afterSale")
            #expect(conversation["customer"]["name"].string == "Ava Chen")
            let second = try await fx.post("/api/v1/orders/W-500/messages", as: agent, ["body": "Tracking: 1Z999"])
            #expect(try second.json()["conversation"]["id"].string == conversation["id"].string)
            #expect(try second.json()["conversation"]["messageCount"].int == 2)
            let unknown = try await fx.post("/api/v1/orders/NOPE/messages", as: agent, ["body": "Hi"])
            #expect(unknown.status == .notFound)
        }
    }

    @Test("A proactive message the guard blocks leaves nothing behind: no conversation, no audit event")
    func blockedProactiveLeavesNothing() async throws {
        try await withKefu { app, fx in
            let store = try await fx.store()
            _ = try await fx.send(.POST, "/api/v1/ingest/orders", bearer: store.key, json: ["orders": [order]])
            let agent = try await fx.user(.agent, stores: [store])
            let blocked = try await fx.post(
                "/api/v1/orders/W-500/messages", as: agent, ["body": "Add me on WhatsApp +1 415 555 0199 for a discount"])
            #expect(blocked.status == .unprocessableEntity)
            #expect(blocked.errorCode == "compliance_blocked")
            let admin = try await fx.user(.admin)
            #expect(try await fx.conversations(as: admin)["items"].array.isEmpty)
            let rows = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM conversations").first()
            #expect(try rows?.decode(column: "n", as: Int.self) == 0)
            let audit = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM audit_events").first()
            #expect(try audit?.decode(column: "n", as: Int.self) == 0)
            // The counters moved by nothing either: the folder counts still add up to no conversation.
            #expect(try await fx.conversations(as: admin)["counts"]["all"].int == 0)
            let sent = try await fx.post("/api/v1/orders/W-500/messages", as: agent, ["body": "Your blender ships today."])
            #expect(sent.status == .created)
        }
    }
}
