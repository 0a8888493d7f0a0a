import Foundation
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
            let login = try await fx.send(
                .POST, "/api/v1/auth/login", json: ["email": "admin@kefu.demo", "password": DemoCatalog.password])
            let admin = Fixtures.User(id: UUID(), token: try #require(try login.json()["token"].string))
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
