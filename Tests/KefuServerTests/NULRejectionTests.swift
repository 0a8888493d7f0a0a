import Foundation
import Testing
import VaporTesting

@testable import KefuServer

/// PostgreSQL cannot store U+0000 in text; a fuzzer's sign-in with one in the e-mail got a 500. Every way in now
/// answers 400 on both databases, and nothing is stored.
@Suite("The NUL character is refused wherever a request can carry it")
struct NULRejectionTests {
    @Test("Only a real \\u0000 escape counts in JSON; only %00 in URL-encoded text", arguments: [
        (#"{"a":"x\u0000"}"#, true), (#"{"a":"\u0000"}"#, true), (#"{"a":"x\\u0000"}"#, false),
        (#"{"a":"x\\\u0000"}"#, true), (#"{"a":"\u00001"}"#, true), (#"{"a":"\u0001"}"#, false), (#"{"a":"u0000"}"#, false),
    ])
    func jsonEscapes(json: String, expected: Bool) {
        #expect(NULRejection.hasEscapedNUL(Array(json.utf8)) == expected)
    }

    @Test("Percent-encoded NUL", arguments: [("q=%00", true), ("q=a%00b", true), ("q=%2500", false), ("q=%0", false), ("q=%", false)])
    func percentEncoded(text: String, expected: Bool) {
        #expect(NULRejection.hasPercentEncodedNUL(Array(text.utf8)) == expected)
    }

    @Test("Sign-in, ingest, search, replies, policies and the sign-in form answer 400 invalid_text; nothing is stored")
    func everyWayIn() async throws {
        try await withKefu { app, fx in
            let login = try await fx.send(.POST, "/api/v1/auth/login", json: ["email": "a\u{0}@example.com", "password": "x"])
            #expect(login.status == .badRequest)
            #expect(try login.json()["error"]["code"].string == "invalid_text")

            let (store, agent, id) = try await fx.oneConversation()
            let ingest = try await fx.send(
                .POST, "/api/v1/ingest", bearer: store.key,
                json: ["messages": [Fixtures.message("m-nul", conversation: "c-nul", body: "hello\u{0}")]])
            #expect(ingest.status == .badRequest)
            #expect(try ingest.json()["error"]["code"].string == "invalid_text")
            #expect(try await fx.conversations(as: agent)["items"].array.count == 1)

            let search = try await fx.send(.GET, "/api/v1/conversations?q=%00", bearer: agent.token)
            #expect(search.status == .badRequest)
            #expect(try search.json()["error"]["code"].string == "invalid_text")

            let reply = try await fx.post("/api/v1/conversations/\(id)/replies", as: agent, ["body": "ok\u{0}"])
            #expect(reply.status == .badRequest)
            #expect(try await fx.get("/api/v1/conversations/\(id)", as: agent)["messages"].array.count == 1)

            let admin = try await fx.user(.admin)
            let policy = try await fx.send(
                .PUT, "/api/v1/stores/\(store.id)/policy", bearer: admin.token, raw: ByteBuffer(string: #"{"name":"\u0000"}"#))
            #expect(policy.status == .badRequest)
            #expect(try policy.json()["error"]["code"].string == "invalid_text")

            var headers = HTTPHeaders()
            headers.contentType = .urlEncodedForm
            let form = try await app.testing().sendRequest(
                .POST, "/login", headers: headers, body: ByteBuffer(string: "email=a%00%40example.com&password=x"))
            #expect(form.status == .badRequest)
        }
    }
}
