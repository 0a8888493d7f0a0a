import Foundation
import Logging
import Testing
import VaporTesting

@testable import KefuServer

@Suite("kefu demo")
struct DemoTests {
    @Test("The demo workspace has every marketplace, spam to flag, and agents who see only their merchants")
    func demo() async throws {
        try await withKefu { app, fx in
            let summary = try await DemoLoader(deps: fx.deps, db: app.db).load(now: fx.deps.clock.now())
            #expect(summary.conversations >= 300)
            let admin = try await demoAdmin(fx)
            let all = try await fx.conversations("limit=200", as: admin)
            // One spam conversation per store comes flagged; the rest wait for an agent to flag them.
            #expect(all["counts"]["spam"].int == 8)
            #expect(all["counts"]["all"].int == summary.conversations - 8)
            #expect(all["counts"]["customerCare"].int ?? 0 > 0)
            let platforms = try await fx.get("/api/v1/stores", as: admin)["items"].array.compactMap { $0["platform"].string }
            #expect(Set(platforms) == ["walmart-us", "amazon-us", "noon", "ozon", "pinduoduo", "tmall", "jd", "douyin"])
            #expect(try await fx.conversations("q=\(encoded("发货"))", as: admin)["items"].array.count > 0)
            #expect(try await fx.conversations("q=\(encoded("заказ"))", as: admin)["items"].array.count > 0)

            let cnLogin = try await fx.send(
                .POST, "/api/v1/auth/login", json: ["email": "agent.cn@kefu.demo", "password": DemoCatalog.password])
            let cn = Fixtures.User(id: UUID(), token: try #require(try cnLogin.json()["token"].string))
            let cnPlatforms = Set(try await fx.conversations("limit=200", as: cn)["items"].array.compactMap { $0["platform"].string })
            #expect(cnPlatforms == ["pinduoduo", "tmall", "jd", "douyin"])
        }
    }
}

@Suite("The demo lives")
struct DemoLivesTests {
    @Test("Each demo store has a simulated marketplace that delivers replies and, when live, brings new buyers in its language")
    func simulatedMarketplace() async throws {
        try await withKefu { app, fx in
            _ = try await DemoLoader(deps: fx.deps, db: app.db).load(now: fx.deps.clock.now(), liveEverySeconds: 2)
            let admin = try await demoAdmin(fx)
            let stores = try await fx.get("/api/v1/stores", as: admin)["items"].array
            let pinduoduo = try #require(stores.first { $0["platform"].string == "pinduoduo" }?["id"].string)
            let channels = try await fx.get("/api/v1/stores/\(pinduoduo)/channels", as: admin)["items"].array
            #expect(channels.map { $0["kind"].string } == ["demo"])
            #expect(channels.first?["settings"]["liveEverySeconds"].int == 2)
            // Not on a real store, not from the API.
            let refused = try await fx.post(
                "/api/v1/stores/\(pinduoduo)/channels", as: admin, ["kind": "demo", "settings": ["store": "x"]])
            #expect(refused.status == .badRequest)
            #expect(refused.errorCode == "demo_only")

            let before = try await fx.conversations("storeID=\(pinduoduo)&limit=200", as: admin)["items"].array
            let waiting = try #require(before.first { $0["labels"].strings.contains("responseNeeded") && $0["kind"].string == "afterSale" })
            let id = try #require(waiting["id"].string)
            let reply = try await fx.post("/api/v1/conversations/\(id)/replies", as: admin, ["body": "亲，已经帮您催促快递了。"])
            #expect(reply.status == .created)
            let messageID = try #require(try reply.json()["message"]["id"].string)

            let supervisor = ChannelSupervisor(fx.deps, holder: "demo-test", leaseSeconds: 30, logger: Logger(label: "demo"))
            try await supervisor.tick()
            defer { Task { await supervisor.stopAll() } }
            var state: String?
            for _ in 0..<60 {
                try await Task.sleep(for: .milliseconds(200))
                let thread = try await fx.get("/api/v1/conversations/\(id)", as: admin)
                state = thread["messages"].array.first { $0["id"].string == messageID }?["delivery"]["state"].string
                if state == "sent" { break }
            }
            #expect(state == "sent")
            var fresh: [JSON] = []
            for _ in 0..<50 where fresh.isEmpty {
                try await Task.sleep(for: .milliseconds(200))
                let now = try await fx.conversations("storeID=\(pinduoduo)&limit=200", as: admin)["items"].array
                fresh = now.filter { item in !before.contains { $0["id"].string == item["id"].string } }
            }
            let newcomer = try #require(fresh.first)
            #expect(newcomer["labels"].strings.contains("responseNeeded"))
            let thread = try await fx.get("/api/v1/conversations/\(try #require(newcomer["id"].string))", as: admin)
            #expect(thread["messages"][0]["language"].string?.hasPrefix("zh") == true)
            await supervisor.stopAll()
        }
    }

    @Test("A live demo store stops bringing buyers once its waiting conversations reach the channel's limit")
    func liveStopsWhenAgentsFallBehind() async throws {
        try await withKefu { app, fx in
            _ = try await DemoLoader(deps: fx.deps, db: app.db).load(now: fx.deps.clock.now(), liveEverySeconds: 2)
            let admin = try await demoAdmin(fx)
            let stores = try await fx.get("/api/v1/stores", as: admin)["items"].array
            let store = try #require(stores.first { $0["platform"].string == "jd" }?["id"].string)
            let channel = try #require(try await fx.get("/api/v1/stores/\(store)/channels", as: admin)["items"][0]["id"].string)
            let limited = try await fx.send(
                .PATCH, "/api/v1/channels/\(channel)", bearer: admin.token, json: ["settings": ["maxWaiting": 1]])
            #expect(limited.status == .ok, "\(limited.body.string)")
            #expect(try limited.json()["settings"]["maxWaiting"].int == 1)
            let bad = try await fx.send(
                .PATCH, "/api/v1/channels/\(channel)", bearer: admin.token, json: ["settings": ["maxWaiting": 0]])
            #expect(bad.status == .badRequest)
            func count() async throws -> Int {
                try await fx.conversations("storeID=\(store)&limit=200", as: admin)["items"].array.count
            }
            let before = try await count()

            let supervisor = ChannelSupervisor(fx.deps, holder: "demo-cap", leaseSeconds: 30, logger: Logger(label: "demo"))
            try await supervisor.tick()
            // Two and a half turns of a 2-second buyer (give or take a third): none writes past the limit.
            try await Task.sleep(for: .milliseconds(6_000))
            #expect(try await count() == before)
            await supervisor.stopAll()

            _ = try await fx.send(
                .PATCH, "/api/v1/channels/\(channel)", bearer: admin.token, json: ["settings": ["maxWaiting": 500]])
            try await supervisor.tick()
            var after = before
            for _ in 0..<50 where after == before {
                try await Task.sleep(for: .milliseconds(200))
                after = try await count()
            }
            #expect(after > before)
            await supervisor.stopAll()
        }
    }

    @Test("The demo inbox is a morning's mix: some conversations still running, some at risk, some overdue, some answered")
    func mixOfStates() async throws {
        // Noon in Beijing, inside the chat platforms' service hours; the clock stands still while the demo loads.
        try await withKefu(now: iso8601("2026-11-20T04:00:00Z")) { app, fx in
            _ = try await DemoLoader(deps: fx.deps, db: app.db).load(now: fx.deps.clock.now())
            let rows = try await app.db.sql.raw(
                "SELECT sla_state, COUNT(*) AS n FROM conversations WHERE status <> 'spam' GROUP BY sla_state").all()
            var counts: [String: Int] = [:]
            for row in rows {
                counts[(try row.decode(column: "sla_state", as: String?.self)) ?? "none"] = try row.decode(column: "n", as: Int.self)
            }
            let total = counts.values.reduce(0, +)
            #expect((counts["overdue"] ?? 0) * 2 < total, "\(counts)")
            #expect((counts["running"] ?? 0) > 0 && (counts["atRisk"] ?? 0) > 0, "\(counts)")
            // Yesterday's work shows: answered conversations beside the waiting ones.
            #expect((counts["met"] ?? 0) * 5 > total, "\(counts)")
        }
    }
}

/// The demo's admin, signed in with the demo's password.
func demoAdmin(_ fx: Fixtures) async throws -> Fixtures.User {
    let login = try await fx.send(
        .POST, "/api/v1/auth/login", json: ["email": "admin@kefu.demo", "password": DemoCatalog.password])
    return Fixtures.User(id: UUID(), token: try #require(try login.json()["token"].string))
}
