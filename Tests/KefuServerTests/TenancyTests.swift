import Foundation
import Testing
import VaporTesting

@testable import KefuServer

@Suite("Every query is scoped to the viewer's workspace and stores")
struct TenancyTests {
    @Test("A user of another workspace gets 404 for a conversation, and sees it in no list, count or search")
    func otherWorkspace() async throws {
        try await withKefu { _, fx in
            let ours = try await fx.store(.walmartUS, workspace: "Ours")
            try await fx.ingest(
                [Fixtures.message("m1", conversation: "c1", body: "退款什么时候到账", order: "W-1")], into: ours)
            let owner = try await fx.user(.admin, workspace: "Ours")
            let id = try #require(try await fx.conversations(as: owner)["items"][0]["id"].string)

            let stranger = try await fx.user(.admin, workspace: "Theirs")
            for path in ["/api/v1/conversations/\(id)", "/api/v1/conversations/\(id)/export"] {
                let response = try await fx.send(.GET, path, bearer: stranger.token)
                #expect(response.status == .notFound)
                #expect(response.errorCode == "not_found")
            }
            #expect(try await fx.post("/api/v1/conversations/\(id)/replies", as: stranger, ["body": "hi"]).status == .notFound)
            #expect(try await fx.post("/api/v1/conversations/\(id)/read", as: stranger).status == .notFound)
            for query in ["", "folder=unread", "q=\(encoded("退款"))", "orderNumber=W-1"] {
                let list = try await fx.conversations(query, as: stranger)
                #expect(list["items"].array.isEmpty, "\(query)")
                #expect(list["counts"]["all"].int == 0)
                #expect(list["unread"].int == 0)
            }
        }
    }

    @Test("An agent sees only the stores they are assigned to")
    func agentScope() async throws {
        try await withKefu { _, fx in
            let assigned = try await fx.store(.jd, merchant: "Tea Co", timeZone: "Asia/Shanghai")
            let other = try await fx.store(.pinduoduo, merchant: "Shoe Co", timeZone: "Asia/Shanghai")
            try await fx.ingest([Fixtures.message("a1", conversation: "a", body: "茶叶发货了吗")], into: assigned)
            try await fx.ingest([Fixtures.message("b1", conversation: "b", body: "鞋子发货了吗", order: "P-9")], into: other)
            let admin = try await fx.user(.admin)
            let hidden = try #require(
                try await fx.conversations("storeID=\(other.id)", as: admin)["items"][0]["id"].string)

            let agent = try await fx.user(.agent, stores: [assigned])
            let list = try await fx.conversations(as: agent)
            #expect(list["items"].array.map { $0["storeID"].string } == [assigned.id.uuidString])
            #expect(list["counts"]["all"].int == 1)
            #expect(try await fx.conversations("q=\(encoded("发货"))", as: agent)["items"].array.count == 1)
            #expect(try await fx.conversations("orderNumber=P-9", as: agent)["items"].array.isEmpty)
            #expect(try await fx.send(.GET, "/api/v1/conversations/\(hidden)", bearer: agent.token).status == .notFound)
            let proactive = try await fx.post("/api/v1/orders/P-9/messages", as: agent, ["body": "您好"])
            #expect(proactive.status == .notFound)

            let unassigned = try await fx.user(.agent)
            #expect(try await fx.conversations(as: unassigned)["items"].array.isEmpty)
        }
    }

    @Test("A merchant viewer can read but not reply")
    func merchantViewer() async throws {
        try await withKefu { _, fx in
            let store = try await fx.store()
            try await fx.ingest([Fixtures.message("m1", conversation: "c1")], into: store)
            let viewer = try await fx.user(.merchantViewer, stores: [store])
            let id = try #require(try await fx.conversations(as: viewer)["items"][0]["id"].string)
            let reply = try await fx.post("/api/v1/conversations/\(id)/replies", as: viewer, ["body": "Hello"])
            #expect(reply.status == .forbidden)
            #expect(reply.errorCode == "forbidden")
        }
    }
}
