import Foundation
import Testing
import VaporTesting

@testable import KefuServer

@Suite("Replies, notes, assignment, labels and the outbox")
struct ConversationActionTests {
    @Test("A reply is queued for delivery, marks the conversation read and clears responseNeeded")
    func reply() async throws {
        try await withKefu { _, fx in
            let (store, agent, id) = try await fx.oneConversation()
            let response = try await fx.post("/api/v1/conversations/\(id)/replies", as: agent, ["body": "It ships tomorrow."])
            #expect(response.status == .created)
            let json = try response.json()
            #expect(json["message"]["direction"].string == "outbound")
            #expect(json["message"]["delivery"]["state"].string == "queued")
            #expect(json["conversation"]["labels"].strings.isEmpty)
            #expect(json["conversation"]["unread"].bool == false)
            #expect(try await fx.conversations("folder=responseNeeded", as: agent)["items"].array.isEmpty)

            let outbox = try await fx.send(.GET, "/api/v1/outbox", bearer: store.key)
            #expect(try outbox.json()["items"][0]["body"].string == "It ships tomorrow.")
            #expect(try outbox.json()["items"][0]["conversationExternalID"].string == "c1")
        }
    }

    @Test("A blank reply is refused")
    func blankReply() async throws {
        try await withKefu { _, fx in
            let (_, agent, id) = try await fx.oneConversation()
            let response = try await fx.post("/api/v1/conversations/\(id)/replies", as: agent, ["body": "  \n"])
            #expect(response.status == .badRequest)
            #expect(response.errorCode == "missing_field")
        }
    }

    @Test("A failed delivery shows in the failed folder until it is retried and sent")
    func failedDelivery() async throws {
        try await withKefu { _, fx in
            let (store, agent, id) = try await fx.oneConversation()
            let reply = try await fx.post("/api/v1/conversations/\(id)/replies", as: agent, ["body": "Sorry for the delay"])
            let messageID = try #require(try reply.json()["message"]["id"].string)

            let missingReason = try await fx.send(.POST, "/api/v1/outbox/\(messageID)", bearer: store.key, json: ["state": "failed"])
            #expect(missingReason.status == .badRequest)
            let failed = try await fx.send(
                .POST, "/api/v1/outbox/\(messageID)", bearer: store.key,
                json: ["state": "failed", "error": "Walmart rejected the message: conversation closed"])
            #expect(try failed.json()["state"].string == "failed")
            let folder = try await fx.conversations("folder=failed", as: agent)
            #expect(folder["items"].array.count == 1)
            #expect(folder["counts"]["failed"].int == 1)
            let thread = try await fx.get("/api/v1/conversations/\(id)", as: agent)
            let outbound = try #require(thread["messages"].array.first { $0["direction"].string == "outbound" })
            #expect(outbound["delivery"]["error"].string?.contains("conversation closed") == true)

            let retry = try await fx.post("/api/v1/messages/\(messageID)/retry", as: agent)
            #expect(try retry.json()["state"].string == "queued")
            #expect(try await fx.conversations("folder=failed", as: agent)["items"].array.isEmpty)
            let again = try await fx.post("/api/v1/messages/\(messageID)/retry", as: agent)
            #expect(again.status == .conflict)
            let sent = try await fx.send(.POST, "/api/v1/outbox/\(messageID)", bearer: store.key, json: ["state": "sent", "externalID": "wm-1"])
            #expect(try sent.json()["attempts"].int == 2)
            #expect(try await fx.send(.GET, "/api/v1/outbox", bearer: store.key).json()["items"].array.isEmpty)
        }
    }

    @Test("Another store's connector cannot report on this store's messages")
    func outboxIsPerStore() async throws {
        try await withKefu { _, fx in
            let (_, agent, id) = try await fx.oneConversation()
            let stranger = try await fx.store(.ebay)
            let reply = try await fx.post("/api/v1/conversations/\(id)/replies", as: agent, ["body": "Hello"])
            let messageID = try #require(try reply.json()["message"]["id"].string)
            let response = try await fx.send(.POST, "/api/v1/outbox/\(messageID)", bearer: stranger.key, json: ["state": "sent"])
            #expect(response.status == .notFound)
        }
    }

    @Test("Notes stay in the record, never reach the outbox and leave the buyer waiting")
    func notes() async throws {
        try await withKefu { _, fx in
            let (store, agent, id) = try await fx.oneConversation()
            let note = try await fx.post("/api/v1/conversations/\(id)/notes", as: agent, ["body": "VIP buyer, escalate"])
            #expect(note.status == .created)
            #expect(try note.json()["message"]["direction"].string == "note")
            #expect(try note.json()["conversation"]["labels"].strings == ["responseNeeded"])
            #expect(try await fx.send(.GET, "/api/v1/outbox", bearer: store.key).json()["items"].array.isEmpty)
        }
    }

    @Test("Read, unread, status, assignment and labels change the conversation")
    func triage() async throws {
        try await withKefu { _, fx in
            let (_, agent, id) = try await fx.oneConversation()
            #expect(try await fx.post("/api/v1/conversations/\(id)/read", as: agent).json()["unread"].bool == false)
            #expect(try await fx.conversations("folder=unread", as: agent)["items"].array.isEmpty)
            #expect(try await fx.post("/api/v1/conversations/\(id)/unread", as: agent).json()["unread"].bool == true)
            #expect(try await fx.post("/api/v1/conversations/\(id)/status", as: agent, ["status": "resolved"]).json()["status"].string == "resolved")
            #expect(try await fx.post("/api/v1/conversations/\(id)/status", as: agent, ["status": "spam"]).status == .badRequest)
            let assigned = try await fx.post("/api/v1/conversations/\(id)/assign", as: agent, ["userID": agent.id.uuidString])
            #expect(try assigned.json()["assigneeID"].string == agent.id.uuidString)
            #expect(try await fx.conversations("assignee=me", as: agent)["items"].array.count == 1)
            let colleague = try await fx.user(.agent)
            let handOff = try await fx.post("/api/v1/conversations/\(id)/assign", as: agent, ["userID": colleague.id.uuidString])
            #expect(handOff.status == .forbidden)
            let labeled = try await fx.post("/api/v1/conversations/\(id)/labels", as: agent, ["add": ["vip", "damaged"]])
            #expect(Set(try labeled.json()["labels"].strings) == ["responseNeeded", "vip", "damaged"])
            #expect(try await fx.conversations("label=vip", as: agent)["items"].array.count == 1)
            _ = try await fx.post("/api/v1/conversations/\(id)/labels", as: agent, ["remove": ["vip"]])
            #expect(try await fx.conversations("label=vip", as: agent)["items"].array.isEmpty)
            #expect(try await fx.post("/api/v1/conversations/\(id)/labels", as: agent, ["add": ["responseNeeded"]]).status == .badRequest)
        }
    }

    @Test("A new buyer message reopens a resolved conversation and needs an answer again")
    func reopen() async throws {
        try await withKefu { _, fx in
            let (store, agent, id) = try await fx.oneConversation()
            _ = try await fx.post("/api/v1/conversations/\(id)/replies", as: agent, ["body": "Done"])
            _ = try await fx.post("/api/v1/conversations/\(id)/status", as: agent, ["status": "resolved"])
            try await fx.ingest([Fixtures.message("m2", conversation: "c1", body: "Still broken")], into: store)
            let item = try await fx.conversations(as: agent)["items"][0]
            #expect(item["status"].string == "open")
            #expect(item["labels"].strings == ["responseNeeded"])
            #expect(item["unread"].bool == true)
        }
    }
}
