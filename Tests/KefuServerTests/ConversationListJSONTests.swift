import Foundation
import KefuCore
import Testing
import Vapor
import VaporTesting

@testable import KefuServer

@Suite("The conversation list's hand-written JSON")
struct ConversationListJSONTests {
    private func parsed(_ data: Data) throws -> NSDictionary {
        try #require(JSONSerialization.jsonObject(with: data) as? NSDictionary)
    }

    @Test("It says exactly what the DTO's Codable form says: every optional present and absent, awkward text, odd instants")
    func sameAsCodable() async throws {
        try await withKefu(now: iso("2026-11-30T12:00:00Z")) { _, fx in
            let store = try await fx.store(.noon, timeZone: "Asia/Dubai")
            let awkward = "quote \" backslash \\ tab\t line\nreturn\r bell\u{7} 😀 e\u{301} \u{2028} 加微信 مرحبا"
            var messages = [
                Fixtures.message("a1", conversation: "linked", body: "Pay here: http://pay-fast.example.top/now", name: "Omar", sentAt: "2026-11-30T10:00:00.999Z"),
                Fixtures.message("b1", conversation: "awkward", body: awkward, name: awkward, order: "NOON-\"1\"", subject: awkward, sentAt: "1999-12-31T23:59:59.5Z"),
                Fixtures.message("c1", conversation: "junk", body: "Buy followers cheap", name: "Spammer", sentAt: "2026-11-30T11:00:00Z"),
            ]
            messages[1]["customer"] = ["externalID": "awk", "name": awkward]
            _ = try await fx.ingest(messages, into: store)
            let agent = try await fx.user(.agent, stores: [store])
            let listed = try await fx.conversations(as: agent)["items"].array
            let junk = try #require(listed.first { $0["customer"]["name"].string == "Spammer" }?["id"].string)
            let linked = try #require(listed.first { $0["customer"]["name"].string == "Omar" }?["id"].string)
            #expect(try await fx.post("/api/v1/conversations/\(junk)/spam", as: agent, ["reason": "fraud"]).status == .ok)
            #expect(try await fx.post("/api/v1/conversations/\(linked)/assign", as: agent, ["userID": agent.id.uuidString]).status == .ok)
            #expect(try await fx.post("/api/v1/conversations/\(linked)/labels", as: agent, ["add": ["vip", "退款"]]).status == .ok)

            let viewer = try await Viewer.load(try #require(try await UserModel.find(agent.id, on: fx.app.db)), on: fx.app.db)
            let encoder = try ContentConfiguration.global.requireEncoder(for: .json)
            for query in ["", "folder=spam", "limit=1", "risk=any", "q=\(encoded("加微信"))"] {
                let list = try ConversationListQuery(
                    { name in URLComponents(string: "?" + query)?.queryItems?.first { $0.name == name }?.value }, viewer: viewer)
                let page = try await fx.deps.queries(on: fx.app.db).page(list, for: viewer)
                let dto = ConversationListDTO(page, items: try await fx.deps.conversationDTOs(page.items, labels: page.labels, on: fx.app.db))
                var body = ByteBuffer()
                var headers = HTTPHeaders()
                try encoder.encode(dto, to: &body, headers: &headers)
                let codable = try parsed(Data(body.readableBytesView))
                let hand = try parsed(Data(dto.json().buffer.readableBytesView))
                #expect(hand == codable, "\(query)")
                let served = try await fx.send(.GET, "/api/v1/conversations?" + query, bearer: agent.token)
                #expect(served.headers.first(name: "Content-Type") == "application/json; charset=utf-8")
                #expect(try parsed(Data(served.body.readableBytesView)) == codable, "\(query)")
            }
            // The cases the comparison must have met, so it cannot pass on empty lists.
            let all = try await fx.conversations(as: agent)
            #expect(all["items"].array.contains { $0["sla"]["dueAt"].string != nil })
            #expect(all["items"].array.contains { $0["riskFlags"].array.count == 1 && $0["assigneeID"].string != nil })
            #expect(all["items"].array.contains { $0["subject"].string == awkward && $0["orderNumber"].string == "NOON-\"1\"" })
            #expect(try await fx.conversations("folder=spam", as: agent)["items"][0]["spamReason"].string == "fraud")
        }
    }
}
