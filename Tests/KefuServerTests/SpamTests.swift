import Foundation
import Testing
import VaporTesting

@testable import KefuServer

@Suite("Spam, as marketplaces define it")
struct SpamTests {
    @Test("An unanswered pre-sale conversation can be flagged, leaves all and unread, and shows under spam",
          arguments: ["spam", "fraud", "inappropriate"])
    func flag(reason: String) async throws {
        try await withKefu { _, fx in
            let (_, agent, id) = try await fx.oneConversation(body: "Cheap followers at bit.ly/x")
            let flagged = try await fx.post("/api/v1/conversations/\(id)/spam", as: agent, ["reason": reason])
            #expect(flagged.status == .ok)
            #expect(try flagged.json()["spamReason"].string == reason)
            let all = try await fx.conversations(as: agent)
            #expect(all["items"].array.isEmpty)
            #expect(all["counts"]["all"].int == 0)
            #expect(all["counts"]["unread"].int == 0)
            #expect(all["counts"]["spam"].int == 1)
            #expect(try await fx.conversations("folder=spam", as: agent)["items"].array.count == 1)
        }
    }

    @Test("Flagging an after-sale conversation is refused with 409")
    func afterSaleRefused() async throws {
        try await withKefu { _, fx in
            let (_, agent, id) = try await fx.oneConversation(order: "W-9")
            let response = try await fx.post("/api/v1/conversations/\(id)/spam", as: agent, ["reason": "spam"])
            #expect(response.status == .conflict)
            #expect(response.errorCode == "spam_not_allowed")
            #expect(try response.json()["error"]["message"].string?.contains("pre-sale") == true)
            #expect(try await fx.conversations("folder=spam", as: agent)["items"].array.isEmpty)
        }
    }

    @Test("Flagging a conversation that was answered is refused with 409")
    func answeredRefused() async throws {
        try await withKefu { _, fx in
            let (_, agent, id) = try await fx.oneConversation()
            _ = try await fx.post("/api/v1/conversations/\(id)/replies", as: agent, ["body": "Yes, in stock."])
            #expect(try await fx.post("/api/v1/conversations/\(id)/spam", as: agent, ["reason": "fraud"]).status == .conflict)
        }
    }

    @Test("An unknown reason is refused")
    func unknownReason() async throws {
        try await withKefu { _, fx in
            let (_, agent, id) = try await fx.oneConversation()
            #expect(try await fx.post("/api/v1/conversations/\(id)/spam", as: agent, ["reason": "boring"]).status == .badRequest)
        }
    }

    @Test("Replying to a flagged conversation returns it to all")
    func replyUnflags() async throws {
        try await withKefu { _, fx in
            let (_, agent, id) = try await fx.oneConversation()
            _ = try await fx.post("/api/v1/conversations/\(id)/spam", as: agent, ["reason": "spam"])
            let reply = try await fx.post("/api/v1/conversations/\(id)/replies", as: agent, ["body": "Sorry, how can I help?"])
            #expect(try reply.json()["conversation"]["status"].string == "open")
            #expect(try await fx.conversations(as: agent)["items"].array.count == 1)
            #expect(try await fx.conversations("folder=spam", as: agent)["items"].array.isEmpty)
        }
    }

    @Test("Unflagging returns a conversation to all")
    func unflag() async throws {
        try await withKefu { _, fx in
            let (_, agent, id) = try await fx.oneConversation()
            _ = try await fx.post("/api/v1/conversations/\(id)/spam", as: agent, ["reason": "spam"])
            let response = try await fx.send(.DELETE, "/api/v1/conversations/\(id)/spam", bearer: agent.token)
            #expect(try response.json()["status"].string == "open")
            #expect(try await fx.conversations(as: agent)["items"].array.count == 1)
        }
    }
}
