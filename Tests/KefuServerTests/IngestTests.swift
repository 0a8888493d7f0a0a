import Foundation
import Testing
import VaporTesting

@testable import KefuServer

@Suite("Ingestion loses nothing and stores each message once")
struct IngestTests {
    @Test("One message or a batch is accepted, and duplicates are named")
    func acceptsAndDeduplicates() async throws {
        try await withKefu { _, fx in
            let store = try await fx.store()
            let admin = try await fx.user(.admin)
            let single = try await fx.send(
                .POST, "/api/v1/ingest", bearer: store.key, json: Fixtures.message("m1", conversation: "c1"))
            #expect(single.status == .ok)
            #expect(try single.json()["accepted"].int == 1)

            let batch = try await fx.ingest(
                [
                    Fixtures.message("m1", conversation: "c1"),
                    Fixtures.message("m2", conversation: "c1", body: "Hello?"),
                    Fixtures.message("m2", conversation: "c1", body: "Hello?"),
                    Fixtures.message("m3", conversation: "c2", customer: "buyer-2"),
                ], into: store)
            #expect(batch["accepted"].int == 2)
            #expect(batch["duplicates"].strings.sorted() == ["m1", "m2"])

            let list = try await fx.conversations(as: admin)
            #expect(list["items"].array.count == 2)
            let c1 = try #require(list["items"].array.first { $0["preview"].string == "Hello?" })
            let thread = try await fx.get("/api/v1/conversations/\(c1["id"].string ?? "")", as: admin)
            #expect(thread["messages"].array.count == 2)
        }
    }

    @Test("A message tied to an order is after-sale; without one it is pre-sale")
    func kinds() async throws {
        try await withKefu { _, fx in
            let store = try await fx.store()
            let admin = try await fx.user(.admin)
            try await fx.ingest(
                [
                    Fixtures.message("m1", conversation: "pre", body: "Is this in stock?"),
                    Fixtures.message("m2", conversation: "post", body: "Broken on arrival", customer: "b2", order: "W-100"),
                ], into: store)
            #expect(try await fx.conversations("kind=preSale", as: admin)["items"][0]["preview"].string == "Is this in stock?")
            let after = try await fx.conversations("kind=afterSale", as: admin)["items"][0]
            #expect(after["orderNumber"].string == "W-100")
        }
    }

    @Test("The platform's care team is labelled customerCare and waits for an answer")
    func customerCare() async throws {
        try await withKefu { _, fx in
            let store = try await fx.store()
            let admin = try await fx.user(.admin)
            try await fx.ingest([Fixtures.message("m1", conversation: "c1", author: .platformCare)], into: store)
            let item = try await fx.conversations("folder=customerCare", as: admin)["items"][0]
            #expect(Set(item["labels"].strings) == ["customerCare", "responseNeeded"])
        }
    }

    @Test("History a connector imports (an agent's reply on the platform) answers the buyer")
    func importedReply() async throws {
        try await withKefu { _, fx in
            let store = try await fx.store()
            let admin = try await fx.user(.admin)
            try await fx.ingest(
                [
                    Fixtures.message("m1", conversation: "c1", sentAt: "2026-11-20T10:00:00Z"),
                    Fixtures.message("m2", conversation: "c1", body: "Shipped today", author: .agent, sentAt: "2026-11-20T11:00:00Z"),
                ], into: store)
            let item = try await fx.conversations(as: admin)["items"][0]
            #expect(item["labels"].strings.isEmpty)
            #expect(try await fx.conversations("folder=responseNeeded", as: admin)["items"].array.isEmpty)
        }
    }

    @Test("Bad input gets a 4xx that names the problem and stores nothing", arguments: [
        (#"{"messages":[{"conversationExternalID":"c","customer":{"externalID":"b"},"body":"x"}]}"#, "invalid_json", "externalID"),
        (#"{"externalID":"m","conversationExternalID":"c","customer":{"externalID":"b"},"body":"   "}"#, "missing_field", "message.body"),
        (#"{"externalID":"m","conversationExternalID":"c","customer":{"externalID":"b"},"body":"x","author":"robot"}"#, "invalid_field", "author"),
        (#"{"externalID":"m","conversationExternalID":"c","customer":{"externalID":"b"},"body":"x","sentAt":"yesterday"}"#, "invalid_field", "sentAt"),
        (#"{"messages":[]}"#, "missing_field", "messages"),
        (#"{"messages":[{"externalID":"m1""#, "invalid_json", "JSON"),
    ])
    func rejectsBadInput(body: String, code: String, mentions: String) async throws {
        try await withKefu { _, fx in
            let store = try await fx.store()
            let admin = try await fx.user(.admin)
            let response = try await fx.send(.POST, "/api/v1/ingest", bearer: store.key, raw: ByteBuffer(string: body))
            #expect(response.status == .badRequest)
            #expect(response.errorCode == code)
            #expect(try response.json()["error"]["message"].string?.contains(mentions) == true)
            #expect(try await fx.conversations(as: admin)["items"].array.isEmpty)
        }
    }

    @Test("One bad message in a batch rejects the whole batch, naming its index")
    func batchIsAtomic() async throws {
        try await withKefu { _, fx in
            let store = try await fx.store()
            let admin = try await fx.user(.admin)
            var bad = Fixtures.message("m2", conversation: "c2")
            bad["body"] = ""
            let response = try await fx.send(
                .POST, "/api/v1/ingest", bearer: store.key, json: ["messages": [Fixtures.message("m1", conversation: "c1"), bad]])
            #expect(response.status == .badRequest)
            #expect(try response.json()["error"]["message"].string?.contains("messages[1].body") == true)
            #expect(try await fx.conversations(as: admin)["items"].array.isEmpty)
        }
    }

    @Test("Invalid UTF-8, a 10 MB body and more than 1,000 messages are refused")
    func refusesOversizedAndInvalid() async throws {
        try await withKefu { _, fx in
            let store = try await fx.store()
            let admin = try await fx.user(.admin)
            var invalid = ByteBuffer(string: #"{"externalID":"m","conversationExternalID":"c","customer":{"externalID":"b"},"body":""#)
            invalid.writeBytes([0xC3, 0x28, 0xFF])
            invalid.writeString(#""}"#)
            let utf8 = try await fx.send(.POST, "/api/v1/ingest", bearer: store.key, raw: invalid)
            #expect(utf8.status == .badRequest)

            // Body limits are enforced by the HTTP server itself, so this one goes over a real socket.
            let huge = ByteBuffer(string: "{\"messages\":[\"" + String(repeating: "x", count: 10 * 1024 * 1024) + "\"]}")
            let tooLarge = try await fx.send(.POST, "/api/v1/ingest", bearer: store.key, raw: huge, overNetwork: true)
            #expect(tooLarge.status == .payloadTooLarge)
            #expect(tooLarge.errorCode == "payload_too_large")

            let many = (0...1_000).map { Fixtures.message("m\($0)", conversation: "c") }
            let tooMany = try await fx.send(.POST, "/api/v1/ingest", bearer: store.key, json: ["messages": many])
            #expect(tooMany.status == .badRequest)
            #expect(tooMany.errorCode == "too_many_messages")
            #expect(try await fx.conversations(as: admin)["items"].array.isEmpty)
        }
    }

    @Test("An unknown store key is refused")
    func unknownKey() async throws {
        try await withKefu { _, fx in
            let response = try await fx.send(
                .POST, "/api/v1/ingest", bearer: "kfi_unknown", json: Fixtures.message("m", conversation: "c"))
            #expect(response.status == .unauthorized)
            #expect(response.errorCode == "unknown_store_key")
        }
    }

    @Test("The same external id in two stores is two messages")
    func idempotencyIsPerStore() async throws {
        try await withKefu { _, fx in
            let first = try await fx.store(.walmartUS)
            let second = try await fx.store(.jd, timeZone: "Asia/Shanghai")
            let admin = try await fx.user(.admin)
            #expect(try await fx.ingest([Fixtures.message("m1", conversation: "c1")], into: first)["accepted"].int == 1)
            #expect(try await fx.ingest([Fixtures.message("m1", conversation: "c1")], into: second)["accepted"].int == 1)
            #expect(try await fx.conversations(as: admin)["items"].array.count == 2)
        }
    }
}

@Suite("Concurrent connectors")
struct ConcurrentIngestTests {
    @Test("Concurrent requests with overlapping ids store each message once and tell each request the truth")
    func concurrentOverlap() async throws {
        try await withKefu { _, fx in
            let store = try await fx.store()
            let admin = try await fx.user(.admin)
            // 24 requests; request n carries ids n and n+1, so every id but the ends is sent twice.
            let answers = try await withThrowingTaskGroup(of: (Int, [String]).self) { group in
                for n in 0..<24 {
                    group.addTask {
                        let json = try await fx.ingest(
                            [Fixtures.message("id-\(n)", conversation: "c\(n % 5)"),
                             Fixtures.message("id-\(n + 1)", conversation: "c\((n + 1) % 5)")], into: store)
                        return (json["accepted"].int ?? -1, json["duplicates"].strings)
                    }
                }
                var all: [(Int, [String])] = []
                for try await answer in group { all.append(answer) }
                return all
            }
            #expect(answers.map(\.0).reduce(0, +) == 25)
            #expect(answers.flatMap(\.1).count == 48 - 25)
            #expect(answers.allSatisfy { $0.0 + $0.1.count == 2 })
            let list = try await fx.conversations(as: admin)
            #expect(list["items"].array.map { $0["messageCount"].int ?? 0 }.reduce(0, +) == 25)
        }
    }
}
