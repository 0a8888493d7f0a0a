import Foundation
import KefuCore
import SQLKit
import Testing
import VaporTesting

@testable import KefuServer

@Suite("A buyer's privacy requests: everything held about them exported, their personal data redacted")
struct CustomerPrivacyTests {
    static let phone = "13912345678"
    static let address = "浙江省杭州市西湖区文三路 88 号 3 单元"

    /// A Tmall buyer with an order (phone, address), a message giving a second phone number and an e-mail, and an
    /// internal note repeating the order's address and phone (a reply may not: the guard stops it); answers the store,
    /// the admin, the customer's id and the conversation's.
    private func buyer(_ fx: Fixtures) async throws -> (Fixtures.Store, Fixtures.User, String, String) {
        let store = try await fx.store(.tmall, name: "茶语旗舰店")
        let order: [String: Any] = [
            "number": "T-900", "status": "shipped", "currency": "CNY", "totalMinor": 9900,
            "items": [["title": "龙井茶 250g", "quantity": 1, "priceMinor": 9900]],
            "customer": ["externalID": "tb-mei", "name": "李美华"], "buyerPhone": Self.phone, "shippingAddress": Self.address,
        ]
        #expect(try await fx.send(.POST, "/api/v1/ingest/orders", bearer: store.key, json: ["orders": [order]]).status == .ok)
        try await fx.ingest([Fixtures.message(
            "m1", conversation: "c1", body: "我是李美华，订单 T-900 还没到，打我 186 0000 1234 或发 mei.li@mail.example",
            customer: "tb-mei", name: "李美华", order: "T-900")], into: store)
        let admin = try await fx.user(.admin)
        let item = try #require(try await fx.conversations("", as: admin)["items"].array.first)
        let id = try #require(item["id"].string)
        let note = try await fx.post("/api/v1/conversations/\(id)/notes", as: admin, [
            "body": "李美华要求改寄\(Self.address)，电话 \(Self.phone)",
        ])
        #expect(note.status == .created, "\(note.body.string)")
        return (store, admin, try #require(item["customer"]["id"].string), id)
    }

    @Test("An admin exports everything about the buyer: records, orders with contact details, every message; audited")
    func export() async throws {
        try await withKefu { app, fx in
            let (_, admin, customer, _) = try await buyer(fx)
            let lead = try await fx.user(.supervisor)
            #expect(try await fx.send(.GET, "/api/v1/customers/\(customer)/personal-data", bearer: lead.token).status == .forbidden)
            let response = try await fx.send(.GET, "/api/v1/customers/\(customer)/personal-data", bearer: admin.token)
            #expect(response.status == .ok)
            #expect(response.headers.first(name: .contentDisposition)?.hasPrefix("attachment; filename=\"customer-") == true)
            let export = try response.json()
            #expect(export["records"][0]["name"].string == "李美华")
            #expect(export["orders"][0]["buyerPhone"].string == Self.phone)
            #expect(export["orders"][0]["shippingAddress"].string == Self.address)
            let messages = export["conversations"][0]["messages"].array
            #expect(messages.count == 2)
            #expect(messages.first?["body"].string?.contains("mei.li@mail.example") == true)
            // The customer page offers both to admins only.
            let adminPage = try await fx.send(.GET, "/customers/\(customer)", headers: ["Accept-Language": "zh-CN"], signedInAs: admin)
            #expect(adminPage.body.string.contains("id=\"privacy\"") && adminPage.body.string.contains("下载个人数据"))
            let leadPage = try await fx.send(.GET, "/customers/\(customer)", signedInAs: lead)
            #expect(leadPage.status == .ok && !leadPage.body.string.contains("id=\"privacy\""))
            let audited = try await app.db.sql.raw("SELECT detail FROM audit_events WHERE action = 'customer_data_exported'").all()
            #expect(audited.count == 1)
            #expect(try audited.first?.decode(column: "detail", as: String.self).contains("13912345678") == false)
        }
    }

    @Test("Redaction masks the buyer everywhere, keeps what was said and the order number, empties the search index of them")
    func redact() async throws {
        try await withKefu { app, fx in
            let (_, admin, customer, conversation) = try await buyer(fx)
            // Another buyer's conversation is left alone.
            let other = try await fx.store(.jd)
            try await fx.ingest([Fixtures.message("o1", conversation: "o1", body: "电话 13811112222", customer: "jd-1", name: "张伟")], into: other)
            let agent = try await fx.user(.agent)
            #expect(try await fx.send(.POST, "/api/v1/customers/\(customer)/redact", bearer: agent.token).status == .forbidden)

            let response = try await fx.send(.POST, "/api/v1/customers/\(customer)/redact", bearer: admin.token)
            #expect(response.status == .ok, "\(response.body.string)")
            let result = try response.json()
            #expect(result["messages"].int == 2)
            #expect(result["orders"].int == 1)
            #expect((result["replaced"].int ?? 0) >= 6, "\(result)")

            let thread = try await fx.get("/api/v1/conversations/\(conversation)", as: admin)
            let bodies = thread["messages"].array.compactMap { $0["body"].string }
            #expect(bodies.first == "我是李**，订单 T-900 还没到，打我 *******1234 或发 m***@mail.example", "\(bodies)")
            #expect(bodies.last == "李**要求改寄***，电话 *******5678", "\(bodies)")
            #expect(thread["customerName"].string == "李**" || thread["customer"]["name"].string == "李**", "\(thread)")
            let profile = try await fx.get("/api/v1/customers/\(customer)", as: admin)
            #expect(profile["name"].string == "李**")
            #expect(profile["orders"][0]["number"].string == "T-900")
            let order = try await app.db.sql.raw("SELECT customer_name, buyer_phone, shipping_address FROM orders WHERE number = 'T-900'").first()
            #expect(try order?.decode(column: "customer_name", as: String.self) == "李**")
            #expect(try order?.decode(column: "buyer_phone", as: String.self) == "*******5678")
            #expect(try order?.decode(column: "shipping_address", as: String.self) == "***")

            // Neither the message search nor the one box finds the buyer by what was masked; the order number still does.
            for query in ["q=\(encoded("李美华"))", "q=mei.li", "find=\(encoded("李美华"))"] {
                #expect(try await fx.conversations(query, as: admin)["items"].array.isEmpty, "\(query)")
            }
            #expect(try await fx.conversations("find=T-900", as: admin)["items"].array.count == 1)
            #expect(try await fx.conversations("q=\(encoded("张伟"))", as: admin)["items"].array.isEmpty)
            let untouched = try await app.db.sql.raw("SELECT body FROM messages WHERE body LIKE '%13811112222%'").all()
            #expect(untouched.count == 1)

            // Audited without the data; a second redaction masks nothing more.
            let audit = try await app.db.sql.raw("SELECT detail FROM audit_events WHERE action = 'customer_redacted'").all()
            #expect(audit.count == 1)
            #expect(try audit.first?.decode(column: "detail", as: String.self).contains("李美华") == false)
            let again = try await fx.send(.POST, "/api/v1/customers/\(customer)/redact", bearer: admin.token).json()
            #expect(again["replaced"].int == 0)
            #expect(again["messages"].int == 0)
        }
    }
}
