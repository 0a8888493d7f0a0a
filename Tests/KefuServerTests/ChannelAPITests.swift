import Crypto
import Foundation
import KefuCore
import SQLKit
import Testing
import VaporTesting

@testable import KefuServer

@Suite("Channels as data: admins add, read, change and remove a store's mailboxes; secrets stay sealed")
struct ChannelAPITests {
    static var settings: [String: Any] { [
        "imapURL": "imaps://care%40shop.example:imap-secret-1@imap.shop.example/INBOX",
        "smtpURL": "smtp://care%40shop.example@smtp.shop.example:587?starttls=required",
        "smtpPassword": "smtp-secret-2",
        "address": "Care <care@shop.example>",
    ] }

    @Test("A mailbox is added, listed, shown and changed; no password ever comes back, and the database holds none in the clear")
    func lifecycle() async throws {
        try await withKefu { app, fx in
            let store = try await fx.store(.amazonUS)
            let admin = try await fx.user(.admin)
            let created = try await fx.post("/api/v1/stores/\(store.id)/channels", as: admin, ["kind": "email", "settings": Self.settings])
            #expect(created.status == .created, "\(created.body.string)")
            let channel = try created.json()
            let id = try #require(channel["id"].string)
            #expect(channel["status"].string == "starting")
            #expect(channel["settings"]["address"].string == "care@shop.example")
            #expect(channel["settings"]["imapURL"].string == "imaps://care%40shop.example@imap.shop.example/INBOX")
            #expect(channel["settings"]["pollSeconds"].int == 60)

            let listed = try await fx.get("/api/v1/stores/\(store.id)/channels", as: admin)
            #expect(listed["items"].array.count == 1)
            let shown = try await fx.send(.GET, "/api/v1/channels/\(id)", bearer: admin.token)
            for secret in ["imap-secret-1", "smtp-secret-2"] {
                #expect(!created.body.string.contains(secret))
                #expect(!shown.body.string.contains(secret))
            }
            let stored = try #require(try await app.db.sql.raw("SELECT settings, secrets FROM channels").first())
            let columns = try stored.decode(column: "settings", as: String.self) + (try stored.decode(column: "secrets", as: String.self))
            #expect(!columns.contains("imap-secret-1") && !columns.contains("smtp-secret-2"))
            let record = try await fx.deps.channels(on: app.db).get(UUID(uuidString: id)!, by: .commandLine)
            #expect(try fx.deps.channels(on: app.db).openSecrets(of: record) == ["imapPassword": "imap-secret-1", "smtpPassword": "smtp-secret-2"])

            let disabled = try await fx.send(.PATCH, "/api/v1/channels/\(id)", bearer: admin.token, json: ["enabled": false])
            #expect(try disabled.json()["status"].string == "disabled")
            let repointed = try await fx.send(
                .PATCH, "/api/v1/channels/\(id)", bearer: admin.token,
                json: ["enabled": true, "settings": ["pollSeconds": 30, "imapPassword": "imap-secret-3"]])
            #expect(try repointed.json()["status"].string == "starting")
            #expect(try repointed.json()["settings"]["pollSeconds"].int == 30)
            let after = try await fx.deps.channels(on: app.db).get(UUID(uuidString: id)!, by: .commandLine)
            #expect(try fx.deps.channels(on: app.db).openSecrets(of: after)["imapPassword"] == "imap-secret-3")

            #expect(try await fx.send(.DELETE, "/api/v1/channels/\(id)", bearer: admin.token).status == .noContent)
            #expect(try await fx.send(.GET, "/api/v1/channels/\(id)", bearer: admin.token).status == .notFound)
            let actions = try await app.db.sql.raw("SELECT action FROM audit_events ORDER BY created_at").all()
                .map { try $0.decode(column: "action", as: String.self) }
            #expect(actions.filter { $0.hasPrefix("channel_") } == ["channel_added", "channel_changed", "channel_changed", "channel_removed"])
        }
    }

    @Test("Only admins manage channels, and only their own workspace's")
    func adminsOnly() async throws {
        try await withKefu { _, fx in
            let store = try await fx.store()
            let agent = try await fx.user(.agent, stores: [store])
            let refused = try await fx.post("/api/v1/stores/\(store.id)/channels", as: agent, ["kind": "email", "settings": Self.settings])
            #expect(refused.status == .forbidden)
            let stranger = try await fx.user(.admin, workspace: "Another agency")
            let hidden = try await fx.post("/api/v1/stores/\(store.id)/channels", as: stranger, ["kind": "email", "settings": Self.settings])
            #expect(hidden.status == .notFound)
        }
    }

    /// Each case changes one thing in a good request.
    static let refusalCases: [(change: String, code: String)] = [
        ("kind=fax", "invalid_field"), ("no settings", "missing_field"), ("imapURL=pop3://x@y", "invalid_field"),
        ("imapURL=imaps://nopass%40x@imap.x", "missing_field"), ("address=not an address", "invalid_field"),
        ("pollSeconds=1", "invalid_field"),
    ]

    @Test("Unusable settings are refused with the field and the reason", arguments: refusalCases)
    func refusals(change: String, code: String) async throws {
        var settings = Self.settings
        var body: [String: Any] = ["kind": "email"]
        let (key, value) = (String(change.split(separator: "=")[0]), change.split(separator: "=", maxSplits: 1).dropFirst().first.map(String.init))
        switch key {
        case "kind": body["kind"] = value
        case "pollSeconds": settings[key] = Int(value ?? "")
        case "no settings": break
        default: settings[key] = value
        }
        if key != "no settings" { body["settings"] = settings }
        try await withKefu { app, fx in
            let store = try await fx.store()
            let admin = try await fx.user(.admin)
            let response = try await fx.post("/api/v1/stores/\(store.id)/channels", as: admin, body)
            #expect(response.status == .badRequest, "\(response.body.string)")
            #expect(try response.json()["error"]["code"].string == code)
            #expect(!response.body.string.contains("imap-secret-1"))
            #expect(try await app.db.sql.raw("SELECT COUNT(*) AS n FROM channels").first()?.decode(column: "n", as: Int.self) == 0)
        }
    }

    @Test("Secrets sealed under an older key still open after a rotation; a value sealed elsewhere does not")
    func secretBox() throws {
        let old = SymmetricKey(size: .bits256)
        let new = SymmetricKey(size: .bits256)
        let sealedOld = try SecretBox(keys: [old], source: "test").seal(["imapPassword": "p"])
        let rotating = SecretBox(keys: [new, old], source: "test")
        #expect(try rotating.open(sealedOld) == ["imapPassword": "p"])
        #expect(!rotating.isCurrent(sealedOld))
        let resealed = try rotating.seal(try rotating.open(sealedOld))
        #expect(rotating.isCurrent(resealed))
        #expect(try SecretBox(keys: [new], source: "test").open(resealed) == ["imapPassword": "p"])
        #expect(throws: SecretBox.Problem.self) { try SecretBox(keys: [new], source: "test").open(sealedOld) }
        #expect(!sealedOld.contains("\"p\""))
    }

    @Test("The key file is made on first start with mode 0600, and read back the same")
    func keyFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kefu-key-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try SecretBox.load(environmentKeys: nil, dataDirectory: folder.path)
        let attributes = try FileManager.default.attributesOfItem(atPath: SecretBox.fileURL(dataDirectory: folder.path).path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let sealed = try first.seal(["smtpPassword": "x"])
        #expect(try SecretBox.load(environmentKeys: nil, dataDirectory: folder.path).open(sealed) == ["smtpPassword": "x"])
        #expect(throws: SecretBox.Problem.self) { try SecretBox.load(environmentKeys: "short", dataDirectory: folder.path) }
    }
}
