import Foundation
import KefuCore
import Testing
import VaporTesting

@testable import KefuServer

/// Builds workspaces, stores and users for a test, and talks to the API as them.
struct Fixtures {
    let app: Application
    /// What `configure` built: the services, the clock, the live events.
    let deps: Dependencies
    /// Moves the pinned clock of a test that started with `now`.
    let hand: ClockHand?

    func setNow(_ date: Date) {
        guard let hand else {
            Issue.record("setNow needs withKefu(now:)")
            return
        }
        hand.set(date)
    }

    struct Store {
        let id: UUID
        let key: String
        let platform: Platform
    }

    struct User {
        let id: UUID
        let token: String
    }

    @discardableResult
    func workspace(_ name: String = "Agency") async throws -> WorkspaceModel {
        if let existing = try await WorkspaceModel.named(name, on: app.db) { return existing }
        return try await deps.tenancy(on: app.db).addWorkspace(named: name)
    }

    func store(
        _ platform: Platform = .walmartUS, name: String? = nil, merchant: String = "Brand", workspace: String = "Agency",
        timeZone: String = "America/Chicago"
    ) async throws -> Store {
        let created = try await deps.tenancy(on: app.db).addStore(
            workspace: try await self.workspace(workspace), merchantName: merchant, platform: platform,
            name: name ?? "\(platform.rawValue) \(UUID().uuidString.prefix(6))", region: nil, timeZone: timeZone)
        return Store(id: created.id, key: created.ingestionKey, platform: platform)
    }

    func user(
        _ role: Role = .admin, workspace: String = "Agency", stores: [Store] = [], email: String? = nil
    ) async throws -> User {
        let address = email ?? "\(role.rawValue)-\(UUID().uuidString.prefix(8))@example.com".lowercased()
        let user = try await deps.tenancy(on: app.db).addUser(
            workspace: try await self.workspace(workspace), email: address, name: nil, role: role,
            password: Self.password, storeIDs: stores.map(\.id), merchantIDs: [])
        guard case .signedIn(let token, _) = try await deps.sessions(on: app.db)
            .signIn(email: address, password: Self.password, from: .test)
        else { throw KefuError(code: "test", status: 500, message: "a new user needed a second step") }
        return User(id: try user.requireID(), token: token)
    }

    // MARK: Ingest

    /// A buyer message as a connector sends it.
    static func message(
        _ externalID: String, conversation: String, body: String = "Where is my parcel?", customer: String = "buyer-1",
        name: String = "Li Lei", order: String? = nil, subject: String? = nil, author: MessageAuthor = .customer,
        sentAt: String? = nil
    ) -> [String: Any] {
        var message: [String: Any] = [
            "externalID": externalID, "conversationExternalID": conversation,
            "customer": ["externalID": customer, "name": name], "body": body, "author": author.rawValue,
        ]
        if let order { message["orderNumber"] = order }
        if let subject { message["subject"] = subject }
        if let sentAt { message["sentAt"] = sentAt }
        return message
    }

    @discardableResult
    func ingest(_ messages: [[String: Any]], into store: Store) async throws -> JSON {
        let response = try await send(.POST, "/api/v1/ingest", bearer: store.key, json: ["messages": messages])
        #expect(response.status == .ok, "\(response.body.string)")
        return try response.json()
    }

    /// A store with one buyer message, an agent assigned to the store, and the conversation's id.
    func oneConversation(
        body: String = "Where is my parcel?", order: String? = nil
    ) async throws -> (store: Store, agent: User, id: String) {
        let store = try await self.store()
        try await ingest([Fixtures.message("m1", conversation: "c1", body: body, order: order)], into: store)
        let agent = try await user(.agent, stores: [store])
        let id = try #require(try await conversations(as: agent)["items"][0]["id"].string)
        return (store, agent, id)
    }

    // MARK: HTTP

    static let password = "correct horse"

    func send(
        _ method: HTTPMethod, _ path: String, bearer: String? = nil, json: Any? = nil, raw: ByteBuffer? = nil,
        form: [String: String]? = nil, headers extra: [String: String] = [:], signedInAs user: User? = nil,
        overNetwork: Bool = false
    ) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if let bearer { headers.bearerAuthorization = .init(token: bearer) }
        // The session cookie carries the same kind of token as the bearer header.
        if let user { headers.add(name: .cookie, value: "kefu_session=\(user.token)") }
        for (name, value) in extra { headers.add(name: name, value: value) }
        var body = raw
        if let form {
            headers.contentType = .urlEncodedForm
            body = ByteBuffer(string: form.map { "\($0.key)=\(encoded($0.value))" }.joined(separator: "&"))
        } else if let json {
            headers.contentType = .json
            body = ByteBuffer(data: try JSONSerialization.data(withJSONObject: json))
        } else if raw != nil {
            headers.contentType = .json
        }
        let tester = try app.testing(method: overNetwork ? .running(hostname: "127.0.0.1", port: 0) : .inMemory)
        return try await tester.sendRequest(method, path, headers: headers, body: body)
    }

    func get(_ path: String, as user: User, status: HTTPStatus = .ok) async throws -> JSON {
        let response = try await send(.GET, path, bearer: user.token)
        #expect(response.status == status, "GET \(path): \(response.body.string)")
        return try response.json()
    }

    func post(_ path: String, as user: User, _ json: Any = [String: Any]()) async throws -> TestingHTTPResponse {
        try await send(.POST, path, bearer: user.token, json: json)
    }

    /// The message-center list for a query string such as `folder=unread&q=发货`.
    func conversations(_ query: String = "", as user: User) async throws -> JSON {
        try await get("/api/v1/conversations" + (query.isEmpty ? "" : "?" + query), as: user)
    }
}

/// Percent-encodes a query value (Chinese search terms, order numbers).
func encoded(_ value: String) -> String {
    value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value
}
