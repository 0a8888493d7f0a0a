import Foundation
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
            #expect(json["database"].string == (app.kefu.databaseURL == nil ? "sqlite" : "postgres"))
            #expect(json["version"].string?.isEmpty == false)
        }
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
    @Test("Says Kefu runs, on which database, and how to load the demo when empty")
    func home() async throws {
        try await withKefu { app, fx in
            let response = try await fx.send(.GET, "/")
            #expect(response.status == .ok)
            #expect(response.headers.contentType?.subType == "html")
            let html = response.body.string
            #expect(html.contains("kefu demo"))
            #expect(html.contains(app.kefu.databaseKind.rawValue))
        }
    }
}
