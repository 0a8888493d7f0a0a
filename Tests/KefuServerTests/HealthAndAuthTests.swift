import Foundation
import Logging
import KefuCore
import Testing
import VaporTesting

@testable import KefuServer

@Suite("Health and sign-in")
struct HealthAndAuthTests {
    @Test("Health names the database Kefu runs on")
    func health() async throws {
        try await withKefu { app, fx in
            let response = try await fx.send(.GET, "/api/v1/health")
            #expect(response.status == .ok)
            let json = try response.json()
            #expect(json["status"].string == "ok")
            #expect(json["database"].string == (fx.deps.settings.databaseURL == nil ? "sqlite" : "postgres"))
            #expect(json["version"].string?.isEmpty == false)
            #expect(json["checks"]["database"].string == "ok")
        }
    }

    @Test("Health says degraded, with counts by status, while a channel is failing")
    func degradedByChannel() async throws {
        try await withKefu { app, fx in
            let store = try await fx.store(.amazonUS)
            let admin = try await fx.user(.admin)
            let created = try await fx.post(
                "/api/v1/stores/\(store.id)/channels", as: admin, ["kind": "email", "settings": ChannelAPITests.settings])
            #expect(created.status == .created)
            #expect(try await fx.send(.GET, "/api/v1/health").json()["status"].string == "ok")
            try await app.db.sql.raw("UPDATE channels SET status = 'error'").run()
            let json = try await fx.send(.GET, "/api/v1/health").json()
            #expect(json["status"].string == "degraded")
            #expect(json["checks"]["channels"]["error"].int == 1)
            #expect(!(try await fx.send(.GET, "/api/v1/health").body.string.contains(store.id.uuidString)))
        }
    }

    @Test("A JSON log line holds the time, level, label, message and metadata")
    func jsonLogLine() throws {
        let event = LogEvent(
            level: .warning, message: "channel stopped", metadata: ["channel": "C1"], source: "KefuServer", file: "f",
            function: "g", line: 1)
        let line = KefuLogHandler.jsonLine(event, label: "channels", at: Date(timeIntervalSince1970: 1_800_000_000))
        let object = try #require(try JSONSerialization.jsonObject(with: line) as? [String: Any])
        #expect(object["level"] as? String == "warning")
        #expect(object["label"] as? String == "channels")
        #expect(object["message"] as? String == "channel stopped")
        #expect((object["metadata"] as? [String: String])?["channel"] == "C1")
        #expect((object["time"] as? String)?.hasPrefix("2027-01-15T08:00:00") == true)
        #expect(line.last == 0x0A)
    }

    @Test("Login with the right password returns a token that opens the API")
    func login() async throws {
        try await withKefu { _, fx in
            _ = try await fx.user(.admin, email: "lead@example.com")
            let response = try await fx.send(
                .POST, "/api/v1/auth/login", json: ["email": "Lead@Example.com", "password": "correct horse"])
            #expect(response.status == .ok)
            let token = try #require(try response.json()["token"].string)
            let me = try await fx.send(.GET, "/api/v1/me", bearer: token)
            #expect(me.status == .ok)
            #expect(try me.json()["email"].string == "lead@example.com")
        }
    }

    @Test("A wrong password or unknown e-mail gets 401 with an error code")
    func wrongPassword() async throws {
        try await withKefu { _, fx in
            _ = try await fx.user(.agent, email: "agent@example.com")
            for body in [["email": "agent@example.com", "password": "wrong"], ["email": "nobody@example.com", "password": "x"]] {
                let response = try await fx.send(.POST, "/api/v1/auth/login", json: body)
                #expect(response.status == .unauthorized)
                #expect(response.errorCode == "invalid_credentials")
            }
        }
    }

    @Test("The API refuses requests without a valid token, in Kefu's error shape")
    func missingToken() async throws {
        try await withKefu { _, fx in
            for bearer in [nil, "kfu_not-a-token"] {
                let response = try await fx.send(.GET, "/api/v1/conversations", bearer: bearer)
                #expect(response.status == .unauthorized)
                #expect(response.errorCode == "unauthorized")
                #expect(try response.json()["error"]["message"].string?.isEmpty == false)
            }
        }
    }

    @Test("Logging out ends the token")
    func logout() async throws {
        try await withKefu { _, fx in
            let user = try await fx.user(.agent)
            #expect(try await fx.post("/api/v1/auth/logout", as: user).status == .noContent)
            #expect(try await fx.send(.GET, "/api/v1/me", bearer: user.token).status == .unauthorized)
        }
    }

    @Test("A store's ingestion key is not a user token, and a user token is not an ingestion key")
    func keysAreSeparate() async throws {
        try await withKefu { _, fx in
            let store = try await fx.store()
            let user = try await fx.user(.admin)
            #expect(try await fx.send(.GET, "/api/v1/conversations", bearer: store.key).status == .unauthorized)
            let ingest = try await fx.send(
                .POST, "/api/v1/ingest", bearer: user.token, json: Fixtures.message("m1", conversation: "c1"))
            #expect(ingest.status == .unauthorized)
            #expect(ingest.errorCode == "unknown_store_key")
        }
    }
}

@Suite("The page at /")
struct HomePageTests {
    @Test("Shows nothing about the workspace before sign-in: a browser is sent to sign in and comes back")
    func anonymousHome() async throws {
        try await withKefu { app, fx in
            let store = try await fx.store()
            try await fx.ingest([Fixtures.message("m1", conversation: "c1")], into: store)
            let home = try await fx.send(.GET, "/", headers: ["accept": "text/html"])
            #expect(home.status == .seeOther)
            #expect(home.headers.first(name: .location) == "/login")
            let inbox = try await fx.send(.GET, "/inbox?folder=unread", headers: ["accept": "text/html"])
            #expect(inbox.headers.first(name: .location) == "/login?next=/inbox%3Ffolder%3Dunread")
            let signIn = try await fx.send(.GET, "/login?next=/inbox?folder%3Dunread", headers: ["accept": "text/html"])
            #expect(signIn.status == .ok)
            let html = signIn.body.string
            #expect(!html.contains("sqlite") && !html.contains("postgres") && !html.contains(KefuVersion.current))
            #expect(html.contains(#"name="next" value="/inbox?folder=unread""#))
            let rows = try await fx.send(.GET, "/inbox/rows?ids=x")
            #expect(rows.headers.first(name: .location) == "/login?next=/inbox/rows%3Fids%3Dx")
            #expect(try await fx.send(.GET, "/api/v1/health").status == .ok)
        }
    }

    @Test("Signing in from the sign-in page returns to the page that sent the browser there, never to another site")
    func signInReturns() async throws {
        try await withKefu { app, fx in
            _ = try await fx.user(.agent, email: "mei@example.com")
            func signIn(next: String) async throws -> String? {
                let response = try await fx.send(
                    .POST, "/login", form: ["email": "mei@example.com", "password": Fixtures.password, "next": next])
                return response.headers.first(name: .location)
            }
            #expect(try await signIn(next: "/inbox?folder=unread") == "/inbox?folder=unread")
            // Another site's address keeps only its path: the browser stays here.
            #expect(try await signIn(next: "//evil.example/x") == "/x")
            #expect(try await signIn(next: "https://evil.example/inbox") == "/inbox")
            #expect(try await signIn(next: "javascript:alert(1)") == "/inbox")
        }
    }

    @Test("A page that fails answers HTML in the reader's language; the API answers JSON")
    func errorPages() async throws {
        try await withKefu { app, fx in
            let agent = try await fx.user(.agent)
            let page = try await fx.send(
                .GET, "/conversations/\(UUID())", headers: ["accept": "text/html", "accept-language": "zh-CN"], signedInAs: agent)
            #expect(page.status == .notFound)
            #expect(page.headers.contentType?.subType == "html")
            #expect(page.body.string.contains("找不到页面"))
            let forbidden = try await fx.send(
                .GET, "/templates", headers: ["accept": "text/html", "accept-language": "en"], signedInAs: agent)
            #expect(forbidden.status == .forbidden)
            #expect(forbidden.body.string.contains("Not allowed"))
            let api = try await fx.get("/api/v1/conversations/\(UUID())", as: agent, status: .notFound)
            #expect(api["error"]["code"].string == "not_found")
        }
    }
}
