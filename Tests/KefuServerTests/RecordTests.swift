import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import KefuServer

@Suite("The permanent record")
struct RecordTests {
    @Test("Every change is an audit event with who and when, and the export holds messages and events")
    func exportJSON() async throws {
        try await withKefu { _, fx in
            let store = try await fx.store()
            try await fx.ingest([Fixtures.message("m1", conversation: "c1", body: "Hi, \"quoted\", with comma")], into: store)
            let agent = try await fx.user(.agent, stores: [store], email: "mei@example.com")
            let id = try #require(try await fx.conversations(as: agent)["items"][0]["id"].string)
            _ = try await fx.post("/api/v1/conversations/\(id)/read", as: agent)
            _ = try await fx.post("/api/v1/conversations/\(id)/labels", as: agent, ["add": ["vip"]])
            _ = try await fx.post("/api/v1/conversations/\(id)/assign", as: agent, ["userID": agent.id.uuidString])
            _ = try await fx.post("/api/v1/conversations/\(id)/notes", as: agent, ["body": "checked stock"])
            _ = try await fx.post("/api/v1/conversations/\(id)/replies", as: agent, ["body": "=SUM(A1) is not a formula"])

            let export = try await fx.get("/api/v1/conversations/\(id)/export", as: agent)
            #expect(export["thread"]["messages"].array.count == 3)
            let actions = export["auditEvents"].array.compactMap { $0["action"].string }
            #expect(actions == ["read", "labeled", "assigned", "noted", "replied"])
            #expect(export["auditEvents"].array.allSatisfy { $0["actor"].string == "user:mei@example.com" })
            #expect(export["auditEvents"].array.allSatisfy { !$0["at"].isNull })
        }
    }

    @Test("The CSV export quotes text safely and has one row per message and event")
    func exportCSV() async throws {
        try await withKefu { _, fx in
            let store = try await fx.store()
            try await fx.ingest([Fixtures.message("m1", conversation: "c1", body: "Hi, \"quoted\"\nsecond line")], into: store)
            let agent = try await fx.user(.agent, stores: [store])
            let id = try #require(try await fx.conversations(as: agent)["items"][0]["id"].string)
            _ = try await fx.post("/api/v1/conversations/\(id)/replies", as: agent, ["body": "=HYPERLINK(\"x\")"])
            let response = try await fx.send(.GET, "/api/v1/conversations/\(id)/export?format=csv", bearer: agent.token)
            #expect(response.status == .ok)
            #expect(response.headers.contentType?.subType == "csv")
            let csv = response.body.string
            #expect(Array(response.body.readableBytesView.prefix(3)) == [0xEF, 0xBB, 0xBF])
            #expect(csv.hasPrefix("\u{FEFF}time,type,"))
            #expect(csv.contains("\"Hi, \"\"quoted\"\"\nsecond line\""))
            #expect(csv.contains("\"'=HYPERLINK(\"\"x\"\")\""))
            #expect(csv.contains(",event,replied,"))
            let bad = try await fx.send(.GET, "/api/v1/conversations/\(id)/export?format=xml", bearer: agent.token)
            #expect(bad.status == .badRequest)
        }
    }

    @Test("No interface edits or deletes a message")
    func messagesAreImmutable() async throws {
        try await withKefu { _, fx in
            let store = try await fx.store()
            try await fx.ingest([Fixtures.message("m1", conversation: "c1")], into: store)
            let admin = try await fx.user(.admin)
            let id = try #require(try await fx.conversations(as: admin)["items"][0]["id"].string)
            let messageID = try #require(try await fx.get("/api/v1/conversations/\(id)", as: admin)["messages"][0]["id"].string)
            for method in [HTTPMethod.DELETE, .PUT, .PATCH] {
                for path in ["/api/v1/messages/\(messageID)", "/api/v1/conversations/\(id)"] {
                    let response = try await fx.send(method, path, bearer: admin.token, json: ["body": "rewritten"])
                    #expect(response.status == .notFound || response.status == .methodNotAllowed)
                }
            }
            // Re-delivering the same external id with other text changes nothing either.
            try await fx.ingest([Fixtures.message("m1", conversation: "c1", body: "rewritten")], into: store)
            #expect(try await fx.get("/api/v1/conversations/\(id)", as: admin)["messages"][0]["body"].string == "Where is my parcel?")
        }
    }

    @Test("A row naming a platform, kind or author this Kefu does not know is an error, never read as a default")
    func unknownStoredValues() async throws {
        try await withKefu { app, fx in
            let store = try await fx.store()
            try await fx.ingest([Fixtures.message("m1", conversation: "c1")], into: store)
            let admin = try await fx.user(.admin)
            let id = try #require(try await fx.conversations(as: admin)["items"][0]["id"].string)
            for change: SQLQueryString in [
                "UPDATE conversations SET platform = 'myspace'", "UPDATE conversations SET kind = 'wholesale'",
            ] {
                let before = try await app.db.sql.raw("SELECT platform, kind FROM conversations").first()
                try await app.db.sql.raw(change).run()
                let answer = try await fx.send(.GET, "/api/v1/conversations/\(id)", bearer: admin.token)
                #expect(answer.status == .internalServerError, "\(change)")
                try await app.db.sql.raw(
                    "UPDATE conversations SET platform = \(bind: try before?.decode(column: "platform", as: String.self)), kind = \(bind: try before?.decode(column: "kind", as: String.self))"
                ).run()
            }
            try await app.db.sql.raw("UPDATE messages SET author = 'alien'").run()
            #expect(try await fx.send(.GET, "/api/v1/conversations/\(id)", bearer: admin.token).status == .internalServerError)
        }
    }
}
